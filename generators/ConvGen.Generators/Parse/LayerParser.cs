using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Model;
using ConvGen.Shapes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConvGen.Generators.Parse
{
    /// <summary>
    /// Parse stage: method symbol + attribute to a <see cref="LayerSpec"/>. Copies out only strings, ints and enums.
    /// Returns null only when no method body can be emitted at all (not partial, a containing type not partial,
    /// generic, or already implemented); the analyzers report those cases (CG0302). Never throws on bad input.
    /// </summary>
    internal static class LayerParser
    {
        private static readonly SymbolDisplayFormat s_typeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .WithMiscellaneousOptions(SymbolDisplayFormat.FullyQualifiedFormat.MiscellaneousOptions | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        /// <summary>The generator's transform: one attributed method to a spec (or null).</summary>
        public static LayerSpec? TryParse(GeneratorAttributeSyntaxContext context, CancellationToken ct)
        {
            if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
            {
                return null;
            }

            foreach (AttributeData attribute in context.Attributes)
            {
                ct.ThrowIfCancellationRequested();
                if (AttributeArguments.TryGetKind(attribute.AttributeClass?.ToDisplayString(), out LayerKind kind, out int rank))
                {
                    return Parse(method, syntax, attribute, kind, rank, ct);
                }
            }

            return null;
        }

        /// <summary>Why no body can be emitted for this method, or null when one can. Shared with the analyzers.</summary>
        public static string? CannotImplementReason(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                return "the method must be declared 'static partial void' so ConvGen can write its body, but it is not partial";
            }

            if (syntax.Body is not null || syntax.ExpressionBody is not null)
            {
                return "the method already has a body; declare it without one ('static partial void M(...);') and ConvGen writes it";
            }

            if (method.PartialImplementationPart is IMethodSymbol implementation && !IsGeneratedByConvGen(implementation))
            {
                return "the method already has an implementation part; remove it, ConvGen writes the body";
            }

            if (method.IsGenericMethod)
            {
                return "the method must not be generic: a layer has one fixed element type (float)";
            }

            for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
            {
                foreach (SyntaxReference r in t.DeclaringSyntaxReferences)
                {
                    if (r.GetSyntax() is TypeDeclarationSyntax decl && !decl.Modifiers.Any(SyntaxKind.PartialKeyword))
                    {
                        return "the containing type '" + t.Name + "' must be partial so ConvGen can add the method's body";
                    }
                }
            }

            return null;
        }

        /// <summary>True when the implementation part is ConvGen's own output (seen by analyzers, which run after generators).</summary>
        private static bool IsGeneratedByConvGen(IMethodSymbol implementation)
        {
            foreach (SyntaxReference r in implementation.DeclaringSyntaxReferences)
            {
                if (r.SyntaxTree.FilePath.IndexOf("ConvGen.Generators.ConvGenGenerator", System.StringComparison.Ordinal) < 0)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Parses one method with its layer attribute. Shared with the analyzers.</summary>
        public static LayerSpec? Parse(IMethodSymbol method, MethodDeclarationSyntax syntax, AttributeData attribute, LayerKind kind, int rank, CancellationToken ct)
        {
            if (CannotImplementReason(method, syntax) is not null || method.ContainingType is null)
            {
                return null;
            }

            string? formError = null;
            if (!method.IsStatic)
            {
                formError = "the method must be static: a layer keeps no state (declare it 'static partial void')";
            }
            else if (!method.ReturnsVoid)
            {
                formError = "the method must return void: the result is written to the output span";
            }

            ct.ThrowIfCancellationRequested();
            var parameters = new List<ParameterSpec>();
            foreach (IParameterSymbol p in method.Parameters)
            {
                parameters.Add(new ParameterSpec(p.Type.ToDisplayString(s_typeFormat), EscapeName(p.Name), Prefix(method, p), KindOf(p)));
            }

            var arguments = new List<ArgumentValue>();
            foreach (var pair in AttributeArguments.Read(attribute))
            {
                arguments.Add(new ArgumentValue(pair.Key, pair.Value));
            }

            string modifiers = string.Join(" ", syntax.Modifiers.Select(m => m.Text));
            return new LayerSpec(
                GetHierarchy(method),
                method.Name,
                modifiers,
                method.ReturnType.ToDisplayString(s_typeFormat),
                new EquatableArray<ParameterSpec>(parameters.ToArray()),
                kind,
                rank,
                new EquatableArray<ArgumentValue>(arguments.ToArray()),
                formError,
                OverloadSuffix(method));
        }

        private static HierarchyInfo GetHierarchy(IMethodSymbol method)
        {
            var types = new List<TypeDeclarationSpec>();
            var names = new List<string>();
            var hint = new List<string>();
            for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType)
            {
                string keyword = t.IsRecord ? (t.TypeKind == TypeKind.Struct ? "record struct" : "record")
                    : t.TypeKind == TypeKind.Struct ? "struct"
                    : t.TypeKind == TypeKind.Interface ? "interface"
                    : "class";
                string name = EscapeName(t.Name);
                if (t.TypeParameters.Length > 0)
                {
                    name += "<" + string.Join(", ", t.TypeParameters.Select(tp => EscapeName(tp.Name))) + ">";
                }

                types.Insert(0, new TypeDeclarationSpec(keyword, name));
                names.Insert(0, t.Name);
                hint.Insert(0, t.TypeParameters.Length > 0 ? t.Name + "_" + t.TypeParameters.Length.ToString(CultureInfo.InvariantCulture) : t.Name);
            }

            string ns = method.ContainingNamespace is null || method.ContainingNamespace.IsGlobalNamespace ? "" : method.ContainingNamespace.ToDisplayString();
            string methodHint = method.Name + OverloadSuffix(method);
            string fileHint = (ns.Length > 0 ? ns + "." : "") + string.Join(".", hint) + "." + methodHint;
            return new HierarchyInfo(ns, new EquatableArray<TypeDeclarationSpec>(types.ToArray()), string.Join(".", names), fileHint);
        }

        /// <summary>Overloads share a name; give each its declaration index so hint names stay unique.</summary>
        private static string OverloadSuffix(IMethodSymbol method)
        {
            var same = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().ToList();
            if (same.Count <= 1)
            {
                return "";
            }

            int index = same.IndexOf(method.PartialDefinitionPart ?? method);
            return "_" + (index < 0 ? 0 : index).ToString(CultureInfo.InvariantCulture);
        }

        private static string Prefix(IMethodSymbol method, IParameterSymbol p)
        {
            string prefix = "";
            if (method.IsExtensionMethod && p.Ordinal == 0)
            {
                prefix += "this ";
            }

            if (p.ScopedKind == ScopedKind.ScopedRef || p.ScopedKind == ScopedKind.ScopedValue)
            {
                prefix += "scoped ";
            }

            prefix += p.RefKind switch
            {
                RefKind.Ref => "ref ",
                RefKind.Out => "out ",
                RefKind.In => "in ",
                RefKind.RefReadOnlyParameter => "ref readonly ",
                _ => "",
            };
            if (p.IsParams)
            {
                prefix = "params " + prefix;
            }

            return prefix;
        }

        private static ParameterTypeKind KindOf(IParameterSymbol p)
        {
            if (p.RefKind != RefKind.None || p.IsParams)
            {
                return ParameterTypeKind.Other;
            }

            if (p.Type.SpecialType == SpecialType.System_Int32)
            {
                return ParameterTypeKind.Int32;
            }

            if (p.Type is INamedTypeSymbol named && named.IsGenericType && named.TypeArguments.Length == 1
                && named.TypeArguments[0].SpecialType == SpecialType.System_Single
                && named.ContainingNamespace?.ToDisplayString() == "System")
            {
                if (named.Name == "ReadOnlySpan")
                {
                    return ParameterTypeKind.ReadOnlySpanOfFloat;
                }

                if (named.Name == "Span")
                {
                    return ParameterTypeKind.SpanOfFloat;
                }
            }

            return ParameterTypeKind.Other;
        }

        private static string EscapeName(string name)
            => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
    }
}
