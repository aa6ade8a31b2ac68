using ConvGen.Shapes;
using Microsoft.CodeAnalysis;

namespace ConvGen.Analyzers
{
    /// <summary>
    /// Every ConvGen diagnostic. ID ranges: CG0001-0099 layer shape (errors); CG0100-0199 probable mistakes
    /// (warnings); CG0200-0299 algorithm and ISA; CG0300-0399 declaration form; CG0400-0499 model composition.
    /// IDs are never reused. Each ID has docs/diagnostics/CGnnnn.md and a row in AnalyzerReleases.*.md; keep
    /// the three in sync (and runtime/ConvGen.Runtime/Shapes/ShapeViolation.cs, which holds the ID constants).
    /// Messages come from the shared shape rules and already name the layer and show the numbers, so every
    /// format is "{0}".
    /// </summary>
    public static class DiagnosticDescriptors
    {
        /// <summary>Category of every ConvGen diagnostic.</summary>
        public const string Category = "ConvGen";

        /// <summary>Where the per-ID pages live, relative to the repository root.</summary>
        public const string HelpLinkBase = "docs/diagnostics/";

        /// <summary>CG0001. Format: "Layer 'X': output width is 0 = floor((4 + 0 + 0 - 1*(5-1) - 1) / 1) + 1; it must be at least 1".</summary>
        public static readonly DiagnosticDescriptor OutputNotPositive = Error(DiagnosticIds.OutputNotPositive, "Output size is not positive");

        /// <summary>CG0002. Format: "Layer 'X': InChannels 6 is not divisible by Groups 4 (6 % 4 = 2)".</summary>
        public static readonly DiagnosticDescriptor ChannelsNotDivisibleByGroups = Error(DiagnosticIds.ChannelsNotDivisibleByGroups, "Channels are not divisible by groups");

        /// <summary>CG0003. Format: "Layer 'X': KernelH must be at least 1, got 0".</summary>
        public static readonly DiagnosticDescriptor NotPositive = Error(DiagnosticIds.NotPositive, "Size, kernel, stride, dilation, channels or groups not positive");

        /// <summary>CG0004. Format: "Layer 'X': the input holds N elements, more than int.MaxValue (2147483647)".</summary>
        public static readonly DiagnosticDescriptor ElementCountOverflow = Error(DiagnosticIds.ElementCountOverflow, "Tensor element count overflows int");

        /// <summary>CG0005. Format: "Layer 'X': PadTop must be at least 0, got -1".</summary>
        public static readonly DiagnosticDescriptor NegativePadding = Error(DiagnosticIds.NegativePadding, "Padding is negative");

        /// <summary>CG0006. Format: "Layer 'X': PaddingKind.Same needs stride 1, but the stride on width is 2 ...".</summary>
        public static readonly DiagnosticDescriptor SameWithStride = Error(DiagnosticIds.SameWithStride, "'Same' padding with a stride above 1");

        /// <summary>CG0007. Format: "Layer 'X': PaddingKind.Causal is for 1-D layers only; this layer is 2-D".</summary>
        public static readonly DiagnosticDescriptor CausalNotOneDimensional = Error(DiagnosticIds.CausalNotOneDimensional, "'Causal' padding on a layer that is not 1-D");

        /// <summary>CG0008. Format: "Layer 'X': reflect padding 3 on width must be smaller than the input width 3 ...".</summary>
        public static readonly DiagnosticDescriptor PaddingTooLargeForMode = Error(DiagnosticIds.PaddingTooLargeForMode, "Padding too large for its padding mode");

        /// <summary>CG0009. Format: "Layer 'X': output padding 2 on height must be smaller than max(stride 2, dilation 1) = 2 ...".</summary>
        public static readonly DiagnosticDescriptor OutputPaddingTooLarge = Error(DiagnosticIds.OutputPaddingTooLarge, "Output padding not smaller than max(stride, dilation)");

        /// <summary>CG0010. Format: "Layer 'X': pooling padding 2 on width must be at most half the kernel (3/2 = 1) ...".</summary>
        public static readonly DiagnosticDescriptor PoolPaddingTooLarge = Error(DiagnosticIds.PoolPaddingTooLarge, "Pooling padding larger than half the window");

        /// <summary>CG0011. Format: "Layer 'X': PaddingKind.Same computes the padding itself, so Padding = 1 contradicts it ...".</summary>
        public static readonly DiagnosticDescriptor ConflictingArguments = Error(DiagnosticIds.ConflictingArguments, "Arguments contradict each other");

        /// <summary>CG0012. Format: "Layer 'X': PaddingMode.Reflect has no meaning for a transposed convolution ...".</summary>
        public static readonly DiagnosticDescriptor NotSupportedForKind = Error(DiagnosticIds.NotSupportedForKind, "Option not available for this layer kind");

        /// <summary>CG0013. Format: "Layer 'X': InChannels is required".</summary>
        public static readonly DiagnosticDescriptor MissingArgument = Error(DiagnosticIds.MissingArgument, "Required argument missing");

        /// <summary>CG0014. Format: "Layer 'X': BatchNormEpsilon must be a finite number >= 0, got -1".</summary>
        public static readonly DiagnosticDescriptor InvalidValue = Error(DiagnosticIds.InvalidValue, "Argument value out of range");

        /// <summary>CG0015. Format: "Layer 'X': Algorithm = ConvAlgorithm.Direct cannot run a transposed convolution; the algorithms that can are Auto, PhaseGather (the default), Scatter and ChannelLanes (one group, innermost stride at most 4)".</summary>
        public static readonly DiagnosticDescriptor AlgorithmNotApplicable = Error(DiagnosticIds.AlgorithmNotApplicable, "Forced algorithm cannot run this layer");

        /// <summary>CG0101. Format: "Layer 'X': stride 3 on width is larger than the kernel 2: 1 of every 3 input positions never reach any output".</summary>
        public static readonly DiagnosticDescriptor StrideSkipsInput = Warning(DiagnosticIds.StrideSkipsInput, "Stride larger than the kernel skips input");

        /// <summary>CG0102. Format: "Layer 'X': the last 1 input width position(s) never reach an output: (10 + 0 + 0 - 3) % 2 = 1; ...".</summary>
        public static readonly DiagnosticDescriptor InputTailDropped = Warning(DiagnosticIds.InputTailDropped, "The last input positions are silently dropped");

        /// <summary>CG0103. Format: "Layer 'X': padding 3 on width is not smaller than the kernel 3: the outermost output(s) see only zero padding ...".</summary>
        public static readonly DiagnosticDescriptor PaddingOnlyOutputs = Warning(DiagnosticIds.PaddingOnlyOutputs, "Some outputs see only padding");

        /// <summary>CG0104. Format: "Layer 'X': kernel 3 on height is not divisible by the stride 2: ... checkerboard artifacts ...; use kernel 4 ...".</summary>
        public static readonly DiagnosticDescriptor CheckerboardTransposed = Warning(DiagnosticIds.CheckerboardTransposed, "Transposed kernel not divisible by stride (checkerboard)");

        /// <summary>CG0105. Format: "Layer 'X': PaddingKind.Same with the kernel 4 on width pads 1 before and 2 after ...".</summary>
        public static readonly DiagnosticDescriptor SameAsymmetricSplit = Warning(DiagnosticIds.SameAsymmetricSplit, "'Same' padding with an even kernel is asymmetric");

        /// <summary>CG0201. Format: "Layer 'X': Conv2D 3x3, ... -> F32_Conv2d_Direct_k3x3__Scalar: direct convolution, ...".</summary>
        public static readonly DiagnosticDescriptor AlgorithmReport = new DiagnosticDescriptor(DiagnosticIds.AlgorithmReport, "Algorithm chosen for a layer", "{0}", Category,
            DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + DiagnosticIds.AlgorithmReport + ".md");

        /// <summary>CG0202. Format: "Layer 'X': the 9x9 window has 81 taps, above the full-unroll limit of 64: ...".</summary>
        public static readonly DiagnosticDescriptor SlowFallback = Warning(DiagnosticIds.SlowFallback, "Layer falls back to a slower path than its kind usually gets");

        /// <summary>CG0301. Format: "Layer 'X': the parameters must be (ReadOnlySpan&lt;float&gt; input, ...), but they are (...)".</summary>
        public static readonly DiagnosticDescriptor SignatureMismatch = Error(DiagnosticIds.SignatureMismatch, "Method signature does not fit the layer");

        /// <summary>CG0302. Format: "Layer 'X': the method must be static: ...".</summary>
        public static readonly DiagnosticDescriptor DeclarationForm = Error(DiagnosticIds.DeclarationForm, "Layer method is not 'static partial void' in partial types");

        /// <summary>All descriptors, for the analyzer's SupportedDiagnostics and for tests.</summary>
        public static readonly DiagnosticDescriptor[] All =
        {
            OutputNotPositive, ChannelsNotDivisibleByGroups, NotPositive, ElementCountOverflow, NegativePadding, SameWithStride,
            CausalNotOneDimensional, PaddingTooLargeForMode, OutputPaddingTooLarge, PoolPaddingTooLarge, ConflictingArguments,
            NotSupportedForKind, MissingArgument, InvalidValue, AlgorithmNotApplicable, StrideSkipsInput, InputTailDropped, PaddingOnlyOutputs,
            CheckerboardTransposed, SameAsymmetricSplit, AlgorithmReport, SlowFallback, SignatureMismatch, DeclarationForm,
        };

        /// <summary>Diagnostic property: the attribute argument a code fix sets.</summary>
        public const string FixArgumentProperty = "FixArgument";

        /// <summary>Diagnostic property: the value the code fix gives it (C#), or the parameter index for AddBiasParameter.</summary>
        public const string FixValueProperty = "FixValue";

        /// <summary>Diagnostic property naming a structural fix: AddBiasParameter, MakeStaticPartial.</summary>
        public const string FixKindProperty = "FixKind";

        /// <summary>The descriptor for an ID.</summary>
        public static DiagnosticDescriptor ForId(string id)
        {
            foreach (DiagnosticDescriptor d in All)
            {
                if (d.Id == id)
                {
                    return d;
                }
            }

            return InvalidValue;
        }

        private static DiagnosticDescriptor Warning(string id, string title)
            => new DiagnosticDescriptor(id, title, "{0}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");

        private static DiagnosticDescriptor Error(string id, string title)
            => new DiagnosticDescriptor(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
    }
}
