using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using ConvGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.CodeFixers
{
    /// <summary>CG0301 when only the bias span is missing: inserts it after the weight, typed like the weight.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddBiasParameterCodeFix)), Shared]
    public sealed class AddBiasParameterCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("CG0301");

        /// <inheritdoc />
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticDescriptors.FixKindProperty, out string? kind) || kind != "AddBiasParameter"
                    || !diagnostic.Properties.TryGetValue(DiagnosticDescriptors.FixValueProperty, out string? indexText)
                    || !int.TryParse(indexText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
                    || root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not MethodDeclarationSyntax method
                    || method.ParameterList.Parameters.Count < index)
                {
                    continue;
                }

                context.RegisterCodeFix(CodeAction.Create("Add the bias parameter", _ =>
                {
                    ParameterSyntax weight = method.ParameterList.Parameters[index - 1];
                    ParameterSyntax bias = SyntaxFactory.Parameter(SyntaxFactory.Identifier("bias")).WithType(weight.Type!.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space));
                    ParameterListSyntax list = method.ParameterList.WithParameters(method.ParameterList.Parameters.Insert(index, bias));
                    return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method.ParameterList, list)));
                }, equivalenceKey: "AddBiasParameter"), diagnostic);
            }
        }
    }

    /// <summary>CG0302 when only modifiers are missing: adds <c>static</c> and <c>partial</c> (and drops an empty body).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeStaticPartialCodeFix)), Shared]
    public sealed class MakeStaticPartialCodeFix : CodeFixProvider
    {
        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("CG0302");

        /// <inheritdoc />
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticDescriptors.FixKindProperty, out string? kind) || kind != "MakeStaticPartial"
                    || root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not MethodDeclarationSyntax method)
                {
                    continue;
                }

                context.RegisterCodeFix(CodeAction.Create("Make the method 'static partial'", _ =>
                    Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, Fix(method)))), equivalenceKey: "MakeStaticPartial"), diagnostic);
            }
        }

        private static MethodDeclarationSyntax Fix(MethodDeclarationSyntax method)
        {
            // C# wants 'partial' right before the return type, so rebuild the list: the others in order, then static, then partial.
            var others = method.Modifiers.Where(m => !m.IsKind(SyntaxKind.StaticKeyword) && !m.IsKind(SyntaxKind.PartialKeyword)).Select(m => m.WithoutTrivia()).ToList();
            others.Add(SyntaxFactory.Token(SyntaxKind.StaticKeyword));
            others.Add(SyntaxFactory.Token(SyntaxKind.PartialKeyword));
            SyntaxTriviaList leading = method.Modifiers.Count > 0 ? method.Modifiers[0].LeadingTrivia : method.ReturnType.GetLeadingTrivia();
            var tokens = others.Select((t, i) => (i == 0 ? t.WithLeadingTrivia(leading) : t).WithTrailingTrivia(SyntaxFactory.Space));
            MethodDeclarationSyntax result = method.WithModifiers(SyntaxFactory.TokenList(tokens)).WithReturnType(method.ReturnType.WithLeadingTrivia());
            if (result.Body is not null && result.Body.Statements.Count == 0)
            {
                SyntaxTriviaList trailing = result.Body.CloseBraceToken.TrailingTrivia;
                result = result.WithBody(null).WithParameterList(result.ParameterList.WithTrailingTrivia())
                    .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(trailing));
            }

            return result;
        }
    }
}
