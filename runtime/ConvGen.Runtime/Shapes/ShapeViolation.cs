namespace ConvGen.Shapes
{
    /// <summary>Severity of a <see cref="ShapeViolation"/>; maps onto Roslyn's DiagnosticSeverity.</summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    enum ViolationSeverity
    {
        /// <summary>The layer cannot be generated.</summary>
        Error = 0,
        /// <summary>The layer is legal but probably a mistake.</summary>
        Warning = 1,
        /// <summary>A report (the algorithm chosen), not a problem.</summary>
        Info = 2,
    }

    /// <summary>
    /// One thing wrong with a layer declaration: the diagnostic ID (see docs/diagnostics), the attribute argument
    /// to point at (null: the attribute as a whole), and a message that names the layer and shows the numbers.
    /// </summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    sealed class ShapeViolation
    {
        /// <summary>Creates a violation.</summary>
        public ShapeViolation(string id, ViolationSeverity severity, string? argumentName, string message, string? fixArgument = null, string? fixValue = null)
        {
            Id = id;
            Severity = severity;
            ArgumentName = argumentName;
            Message = message;
            FixArgument = fixArgument;
            FixValue = fixValue;
        }

        /// <summary>When one fix is clearly right: the attribute argument to set (or add), else null.</summary>
        public string? FixArgument { get; }

        /// <summary>The value to give <see cref="FixArgument"/>, as C# (<c>1</c>, <c>ConvGen.PaddingKind.Same</c>).</summary>
        public string? FixValue { get; }

        /// <summary>Stable diagnostic ID, <c>CGnnnn</c>.</summary>
        public string Id { get; }

        /// <summary>Error or warning.</summary>
        public ViolationSeverity Severity { get; }

        /// <summary>The attribute property the diagnostic points at, or null for the whole attribute.</summary>
        public string? ArgumentName { get; }

        /// <summary>The message, with the layer's name and numbers.</summary>
        public string Message { get; }

        /// <inheritdoc />
        public override string ToString() => Id + ": " + Message;
    }

    /// <summary>
    /// Diagnostic IDs. Ranges: CG0001-0099 layer shape (errors); CG0100-0199 probable mistakes (warnings);
    /// CG0200-0299 algorithm and ISA; CG0300-0399 declaration form. IDs are never reused.
    /// Keep in sync with analyzers/ConvGen.Analyzers/DiagnosticDescriptors.cs and docs/diagnostics.
    /// </summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    static class DiagnosticIds
    {
        /// <summary>Output size is not positive on an axis.</summary>
        public const string OutputNotPositive = "CG0001";
        /// <summary>Channels not divisible by groups, or depthwise multiplier inconsistent.</summary>
        public const string ChannelsNotDivisibleByGroups = "CG0002";
        /// <summary>A size, kernel, stride, dilation, channel count or group count is not positive.</summary>
        public const string NotPositive = "CG0003";
        /// <summary>A tensor's element count overflows int.</summary>
        public const string ElementCountOverflow = "CG0004";
        /// <summary>Padding is negative.</summary>
        public const string NegativePadding = "CG0005";
        /// <summary>PaddingKind.Same with a stride above 1.</summary>
        public const string SameWithStride = "CG0006";
        /// <summary>PaddingKind.Causal on a layer that is not 1-D.</summary>
        public const string CausalNotOneDimensional = "CG0007";
        /// <summary>Reflect padding not smaller than the input, or circular padding larger than the input.</summary>
        public const string PaddingTooLargeForMode = "CG0008";
        /// <summary>Transposed convolution output padding not smaller than max(stride, dilation).</summary>
        public const string OutputPaddingTooLarge = "CG0009";
        /// <summary>Pooling padding larger than half the (dilated) kernel.</summary>
        public const string PoolPaddingTooLarge = "CG0010";
        /// <summary>Two arguments that contradict each other.</summary>
        public const string ConflictingArguments = "CG0011";
        /// <summary>An option this layer kind does not have (e.g. reflect padding on a transposed convolution).</summary>
        public const string NotSupportedForKind = "CG0012";
        /// <summary>A required argument is missing.</summary>
        public const string MissingArgument = "CG0013";
        /// <summary>An argument value out of its domain (epsilon, alpha, enum value).</summary>
        public const string InvalidValue = "CG0014";
        /// <summary>A forced algorithm that cannot run this layer.</summary>
        public const string AlgorithmNotApplicable = "CG0015";
        /// <summary>Warning: stride larger than the (dilated) kernel, so some inputs never reach an output.</summary>
        public const string StrideSkipsInput = "CG0101";
        /// <summary>Warning: the last input rows/columns are silently dropped.</summary>
        public const string InputTailDropped = "CG0102";
        /// <summary>Warning: padding not smaller than the (dilated) kernel, so some outputs see only padding.</summary>
        public const string PaddingOnlyOutputs = "CG0103";
        /// <summary>Warning: transposed convolution kernel not divisible by its stride (checkerboard artifacts).</summary>
        public const string CheckerboardTransposed = "CG0104";
        /// <summary>Warning: even kernel with Same padding: the split is asymmetric.</summary>
        public const string SameAsymmetricSplit = "CG0105";
        /// <summary>Info: the algorithm the generator chose for a layer, and why.</summary>
        public const string AlgorithmReport = "CG0201";
        /// <summary>Warning: the layer falls back to a path slower than its kind usually gets.</summary>
        public const string SlowFallback = "CG0202";
        /// <summary>The method's signature does not fit the layer.</summary>
        public const string SignatureMismatch = "CG0301";
        /// <summary>The method is not static partial void, is generic, or its containing types are not partial.</summary>
        public const string DeclarationForm = "CG0302";
    }
}
