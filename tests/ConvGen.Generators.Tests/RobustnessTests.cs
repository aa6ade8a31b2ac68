using System.Collections.Generic;
using System.Linq;
using ConvGen.Tests.Shared;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>Malformed, incomplete and absurd declarations: the generator never throws, and whatever it emits compiles.</summary>
    public sealed class RobustnessTests
    {
        private const string Head = "using System;\nusing ConvGen;\n";
        private const string Sig = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);";

        public static IEnumerable<object[]> Malformed() => new[]
        {
            "public static partial class L { [Conv2D] public static partial void M" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = -5, OutChannels = 0, Height = -1, Width = 0, Kernel = -3, Stride = 0, Dilation = -2, Groups = 0)] public static partial void M" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = int.MaxValue, OutChannels = int.MaxValue, Height = int.MaxValue, Width = int.MaxValue, Kernel = int.MaxValue, Padding = int.MaxValue)] public static partial void M" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = int.MinValue, OutChannels = 1, Height = 1, Width = 1, Kernel = 1, Stride = int.MinValue, Padding = int.MinValue)] public static partial void M" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = Undefined, OutChannels = 1, Height = 4, Width = 4, Kernel = 3)] public static partial void M" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3, Activation = (Activation)99, PaddingMode = (PaddingMode)(-1), Layout = (TensorLayout)7)] public static partial void M" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3, BatchNormEpsilon = double.NaN, ActivationAlpha = double.PositiveInfinity)] public static partial void M" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3)] public static void M" + Sig.TrimEnd(';') + " { } }",
            "public static class L { [Conv2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3)] public static partial void M" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3)] public static partial void M<T>" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3)] public static partial void M(ref float x, out int y); }",
            "public static partial class L { [Conv2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3)] public static partial int M" + Sig + " }",
            "public static partial class L { [Conv2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3)] public static partial void M(",
            "public static partial class L { [MaxPool2D(Channels = 1, Height = 4, Width = 4, Kernel = 9, Padding = 4, Dilation = 1000)] public static partial void M(ReadOnlySpan<float> input, Span<float> output); }",
            "public static partial class L { [AdaptiveAvgPool2D(Channels = 1, Height = 4, Width = 4, OutputSize = 0)] public static partial void M(ReadOnlySpan<float> input, Span<float> output); }",
            "public static partial class L { [ConvTranspose2D(InChannels = 2, OutChannels = 2, Height = 1, Width = 1, Kernel = 1, Padding = 5, OutputPadding = -3)] public static partial void M" + Sig + " }",
            "public static partial class L { [Conv1D(InChannels = 1, OutChannels = 1, Length = 1, Kernel = 1, DynamicBatch = true, Batch = 4)] public static partial void M" + Sig + " }",
        }.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(Malformed))]
        public void Generator_Never_Throws(string source)
        {
            GeneratorRun run = GeneratorHarness.Run(Head + source);
            Assert.Empty(run.Exceptions);
            // Whatever ConvGen emitted must not add errors of its own: every error left is in the user's file.
            Assert.All(run.Errors, e => Assert.DoesNotContain("ConvGenGenerator", e.Location.SourceTree?.FilePath ?? "", System.StringComparison.Ordinal));
        }

        public static IEnumerable<object[]> UnusualButValid() => new[]
        {
            // Global namespace, nested and generic containing types, records and structs, keyword parameter names, overloads, private methods.
            "public static partial class G { [Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3)] public static partial void M(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output); }",
            "namespace A.B { public partial class Outer<T> where T : class { internal static partial class Inner { [Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3)] internal static partial void M(ReadOnlySpan<float> @in, ReadOnlySpan<float> @out, Span<float> @class); } } }",
            "namespace A { public partial record R(int X) { [MaxPool1D(Channels = 2, Length = 6, Kernel = 2)] public static partial void M(ReadOnlySpan<float> input, Span<float> output); } public partial struct S { [GlobalAvgPool1D(Channels = 2, Length = 6)] private static partial void M(ReadOnlySpan<float> input, Span<float> output); } }",
            "namespace A { public static partial class L { [MaxPool1D(Channels = 2, Length = 6, Kernel = 2)] public static partial void M(ReadOnlySpan<float> input, Span<float> output); [MaxPool1D(Channels = 2, Length = 6, Kernel = 2, DynamicBatch = true)] public static partial void M(ReadOnlySpan<float> input, Span<float> output, int batch); } }",
            "namespace A { static partial class L { [Conv2D(InChannels = 1, OutChannels = 1, Height = 3, Width = 3, Kernel = 3)] static partial void M(scoped ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output); } }",
            // Channel lanes at the edges of what they take: a transposed layer with a long kernel and heavy padding,
            // a 3-D one-tap-a-phase layer; a pointwise layer with a prime plane (no row regrouping fits) and many input channels.
            "namespace A { static partial class L { [ConvTranspose1D(InChannels = 3, OutChannels = 40, Length = 20, Kernel = 40, Stride = 4, Padding = 30, OutputPadding = 3, Algorithm = ConvAlgorithm.ChannelLanes)] static partial void M(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output); } }",
            "namespace A { static partial class L { [ConvTranspose3D(InChannels = 2, OutChannels = 33, Depth = 1, Height = 2, Width = 1, Kernel = 2, Stride = 3, Dilation = 3, Algorithm = ConvAlgorithm.ChannelLanes)] static partial void M(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output); } }",
            "namespace A { static partial class L { [Conv2D(InChannels = 600, OutChannels = 70, Height = 1, Width = 13, Kernel = 1, Algorithm = ConvAlgorithm.ChannelLanes)] static partial void M(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output); } }",
        }.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(UnusualButValid))]
        public void Unusual_Declarations_Compile(string source)
        {
            GeneratorRun run = GeneratorHarness.Run(Head + source);
            Assert.Empty(run.Exceptions);
            Assert.Empty(run.Errors);
            Assert.NotEmpty(run.Sources);
        }
    }
}
