using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConvGen.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ConvGen.CodeFixers
{
    /// <summary>
    /// Sets (or adds) the one attribute argument the analyzer named as the clearly right fix, read from the
    /// diagnostic's properties: CG0001 padding to keep the size (<c>PaddingKind.Same</c>, explicit padding removed),
    /// CG0009 the largest legal output padding, CG0015 the algorithm that can run the layer, CG0104 a kernel that
    /// is a multiple of the stride.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SetAttributeArgumentCodeFix)), Shared]
    public sealed class SetAttributeArgumentCodeFix : CodeFixProvider
    {
        private static readonly string[] s_paddingArguments =
        {
            "Padding", "PaddingD", "PaddingH", "PaddingW", "PadLeft", "PadRight", "PadTop", "PadBottom", "PadFront", "PadBack",
        };

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("CG0001", "CG0009", "CG0015", "CG0104");

        /// <inheritdoc />
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticDescriptors.FixArgumentProperty, out string? argument) || argument is null
                    || !diagnostic.Properties.TryGetValue(DiagnosticDescriptors.FixValueProperty, out string? value) || value is null
                    || root?.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AttributeSyntax>() is not AttributeSyntax attribute)
                {
                    continue;
                }

                string title = diagnostic.Id == "CG0001" ? "Pad to keep the size (PaddingKind.Same)" : "Set " + argument + " = " + value.Replace("ConvGen.", "");
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => ApplyAsync(context.Document, root, attribute, argument, value, diagnostic.Id == "CG0001", ct), equivalenceKey: diagnostic.Id + argument),
                    diagnostic);
            }
        }

        private static Task<Document> ApplyAsync(Document document, SyntaxNode root, AttributeSyntax attribute, string argument, string value, bool removePadding, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            ExpressionSyntax expression = SyntaxFactory.ParseExpression(value).WithAdditionalAnnotations(Simplifier.Annotation);
            SeparatedSyntaxList<AttributeArgumentSyntax> arguments = attribute.ArgumentList?.Arguments ?? default;
            if (removePadding)
            {
                arguments = SyntaxFactory.SeparatedList(arguments.Where(a => !s_paddingArguments.Contains(a.NameEquals?.Name.Identifier.ValueText)));
            }

            AttributeArgumentSyntax? existing = arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == argument);
            arguments = existing is not null
                ? arguments.Replace(existing, existing.WithExpression(expression.WithTriviaFrom(existing.Expression)))
                : arguments.Add(SyntaxFactory.AttributeArgument(SyntaxFactory.NameEquals(argument), null, expression));

            AttributeSyntax fixedAttribute = attribute.WithArgumentList(SyntaxFactory.AttributeArgumentList(arguments).NormalizeWhitespace());
            return Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(attribute, fixedAttribute)));
        }
    }
}
