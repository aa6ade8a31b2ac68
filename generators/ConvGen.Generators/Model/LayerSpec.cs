using ConvGen.Generators.Helpers;
using ConvGen.Shapes;

namespace ConvGen.Generators.Model
{
    /// <summary>One argument the user wrote on the attribute: its property name and value (ints, enums and bools as double).</summary>
    internal readonly record struct ArgumentValue(string Name, double Value);

    /// <summary>One parameter of the user's method, as text to repeat in the implementation.</summary>
    /// <param name="TypeText">Fully qualified type.</param>
    /// <param name="Name">Name as written (escaped with @ when it is a keyword).</param>
    /// <param name="Prefix">Modifiers before the type: <c>ref </c>, <c>scoped </c>, ...</param>
    /// <param name="Kind">What the type is, for binding to an operand role.</param>
    internal readonly record struct ParameterSpec(string TypeText, string Name, string Prefix, ParameterTypeKind Kind);

    /// <summary>The types a layer parameter may have.</summary>
    internal enum ParameterTypeKind
    {
        Other,
        ReadOnlySpanOfFloat,
        SpanOfFloat,
        Int32,
    }

    /// <summary>One containing type: <c>partial class Outer&lt;T&gt;</c> without modifiers.</summary>
    internal readonly record struct TypeDeclarationSpec(string Keyword, string NameWithTypeParameters);

    /// <summary>Where the method lives: namespace and containing types, outermost first.</summary>
    internal sealed record HierarchyInfo(string Namespace, EquatableArray<TypeDeclarationSpec> Types, string DisplayName, string FileNameHint);

    /// <summary>
    /// What the user wrote, copied out of symbols.
    /// </summary>
    /// <remarks>Pipeline model: immutable, structural equality, no symbols, syntax or locations. Adding a member
    /// that breaks this silently disables incremental caching.</remarks>
    /// <param name="Owner">Namespace and containing types.</param>
    /// <param name="MethodName">The method's name.</param>
    /// <param name="ModifiersText">The method's modifiers as written (<c>public static partial</c>).</param>
    /// <param name="ReturnTypeText">Return type, fully qualified.</param>
    /// <param name="Parameters">Parameters in order.</param>
    /// <param name="Kind">Layer kind from the attribute class.</param>
    /// <param name="Rank">Spatial rank from the attribute class.</param>
    /// <param name="Arguments">The named arguments written, in source order.</param>
    /// <param name="FormError">Why the method's form is wrong (static/void/generic), or null.</param>
    /// <param name="OverloadSuffix">"" or "_N" (declaration index) when several methods share the name.</param>
    internal sealed record LayerSpec(
        HierarchyInfo Owner,
        string MethodName,
        string ModifiersText,
        string ReturnTypeText,
        EquatableArray<ParameterSpec> Parameters,
        LayerKind Kind,
        int Rank,
        EquatableArray<ArgumentValue> Arguments,
        string? FormError,
        string OverloadSuffix)
    {
        /// <summary>Name of the generated constants class: <c>{Method}{OverloadSuffix}Shape</c>.</summary>
        public string ShapeClassName => MethodName.TrimStart('@') + OverloadSuffix + "Shape";

        /// <summary><c>Layers.Down</c>: used in messages.</summary>
        public string LayerName => Owner.DisplayName + "." + MethodName;
    }
}
