using System.Threading;
using ConvGen.Generators.Emit;
using ConvGen.Generators.Model;
using ConvGen.Generators.Parse;
using ConvGen.Generators.Plan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generators
{
    /// <summary>
    /// Writes the body of every method marked with a ConvGen layer attribute. The pipeline reads top to bottom:
    /// Parse (symbols to a value-equatable <see cref="LayerSpec"/>), Plan (shape rules, parameter binding and
    /// kernel choice into a <see cref="LayerPlan"/>), Emit (text). The generator reports no diagnostics itself:
    /// the ConvGen analyzers report the same violations from the same code, at the right argument.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ConvGenGenerator : IIncrementalGenerator
    {
        /// <inheritdoc />
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            foreach (var (metadataName, _, _) in AttributeArguments.All)
            {
                IncrementalValuesProvider<LayerSpec> specs = context.SyntaxProvider
                    .ForAttributeWithMetadataName(
                        metadataName,
                        static (node, _) => node is MethodDeclarationSyntax,
                        static (ctx, ct) => LayerParser.TryParse(ctx, ct))
                    .Where(static spec => spec is not null)
                    .Select(static (spec, _) => spec!)
                    .WithTrackingName(TrackingNames.Parse);

                IncrementalValuesProvider<LayerPlan> plans = specs
                    .Select(static (spec, ct) => Planner.Plan(spec, ct))
                    .WithTrackingName(TrackingNames.Plan);

                context.RegisterSourceOutput(plans, static (spc, plan) => Emit(spc, plan));
            }
        }

        private static void Emit(SourceProductionContext context, LayerPlan plan)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.AddSource(LayerEmitter.HintName(plan), LayerEmitter.Emit(plan));
        }
    }
}
