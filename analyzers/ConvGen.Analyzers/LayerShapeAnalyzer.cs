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
                        StaticPartialFix(method, declaration), "Layer '" + method.ContainingType?.Name + "." + method.Name + "': " + cannot));
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
                    ImmutableDictionary<string, string?> properties = ImmutableDictionary<string, string?>.Empty;
                    if (v.Id == DiagnosticIds.DeclarationForm)
                    {
                        properties = StaticPartialFix(method, declaration);
                    }
                    else if (v.FixArgument == "AddBiasParameter")
                    {
                        properties = properties.Add(DiagnosticDescriptors.FixKindProperty, "AddBiasParameter").Add(DiagnosticDescriptors.FixValueProperty, v.FixValue);
                    }
                    else if (v.FixArgument is not null)
                    {
                        properties = properties.Add(DiagnosticDescriptors.FixArgumentProperty, v.FixArgument).Add(DiagnosticDescriptors.FixValueProperty, v.FixValue);
                    }

                    context.ReportDiagnostic(Diagnostic.Create(descriptor, location, properties, v.Message));
                }
            }
        }

        /// <summary>
        /// The 'make it static partial' fix is right when only modifiers are missing: the method has no body (or an
        /// empty one, which the fix removes), is not generic, and every containing type is partial.
        /// </summary>
        private static ImmutableDictionary<string, string?> StaticPartialFix(IMethodSymbol method, MethodDeclarationSyntax declaration)
        {
            bool emptyBody = declaration.ExpressionBody is null && (declaration.Body is null || declaration.Body.Statements.Count == 0);
            bool missing = !method.IsStatic || !declaration.Modifiers.Any(m => m.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword));
            bool typesPartial = true;
            for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
            {
                foreach (SyntaxReference r in t.DeclaringSyntaxReferences)
                {
                    typesPartial &= r.GetSyntax() is not TypeDeclarationSyntax decl || decl.Modifiers.Any(m => m.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.PartialKeyword));
                }
            }

            return emptyBody && missing && typesPartial && !method.IsGenericMethod && method.ReturnsVoid
                ? ImmutableDictionary<string, string?>.Empty.Add(DiagnosticDescriptors.FixKindProperty, "MakeStaticPartial")
                : ImmutableDictionary<string, string?>.Empty;
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
