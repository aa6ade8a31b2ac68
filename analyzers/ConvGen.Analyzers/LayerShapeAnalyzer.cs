using System.Collections.Immutable;
using System.Linq;
using ConvGen.Generators.Model;
using ConvGen.Generators.Parse;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConvGen.Analyzers
{
    /// <summary>
    /// Reports every reason the generator rejects a layer declaration, at the attribute argument that is wrong,
    /// with the layer's numbers in the message. It runs the generator's own Parse and Plan stages (linked source),
    /// so it cannot disagree with what the generator does.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class LayerShapeAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(DiagnosticDescriptors.All);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSyntaxNodeAction(AnalyzeMethod, Microsoft.CodeAnalysis.CSharp.SyntaxKind.MethodDeclaration);
        }

        private static void AnalyzeMethod(SyntaxNodeAnalysisContext context)
        {
            var syntax = (MethodDeclarationSyntax)context.Node;
            if (syntax.AttributeLists.Count == 0 || context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method)
            {
                return;
            }

            foreach (AttributeData attribute in method.GetAttributes())
            {
                if (!AttributeArguments.TryGetKind(attribute.AttributeClass?.ToDisplayString(), out LayerKind kind, out int rank))
                {
                    continue;
                }

                if (attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not AttributeSyntax attributeSyntax
                    || attributeSyntax.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not MethodDeclarationSyntax declaration)
                {
                    continue;
                }

                string? cannot = LayerParser.CannotImplementReason(method, declaration);
                if (cannot is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DeclarationForm, declaration.Identifier.GetLocation(),
                        "Layer '" + method.ContainingType?.Name + "." + method.Name + "': " + cannot));
                    continue;
                }

                LayerSpec? spec = LayerParser.Parse(method, declaration, attribute, kind, rank, context.CancellationToken);
                if (spec is null)
                {
                    continue;
                }

                LayerPlan plan = Planner.Plan(spec, context.CancellationToken);
                foreach (ViolationInfo v in plan.Violations)
                {
                    Location location = LocationFor(v, attributeSyntax, declaration);
                    DiagnosticDescriptor descriptor = DiagnosticDescriptors.ForId(v.Id);
                    context.ReportDiagnostic(Diagnostic.Create(descriptor, location, v.Message));
                }
            }
        }

        private static Location LocationFor(ViolationInfo v, AttributeSyntax attribute, MethodDeclarationSyntax declaration)
        {
            if (v.Id == DiagnosticIds.SignatureMismatch)
            {
                return declaration.ParameterList.GetLocation();
            }

            if (v.Id == DiagnosticIds.DeclarationForm)
            {
                return declaration.Identifier.GetLocation();
            }

            if (v.ArgumentName is not null && attribute.ArgumentList is not null)
            {
                AttributeArgumentSyntax? argument = attribute.ArgumentList.Arguments
                    .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == v.ArgumentName);
                if (argument is not null)
                {
                    return argument.GetLocation();
                }
            }

            return attribute.GetLocation();
        }
    }
}
