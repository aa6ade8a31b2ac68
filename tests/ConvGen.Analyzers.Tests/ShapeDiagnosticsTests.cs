using Xunit;
using static ConvGen.Analyzers.Tests.AnalyzerHarness;

namespace ConvGen.Analyzers.Tests
{
    /// <summary>Each error: a bad declaration (ID, location, numbers in the message) and the good neighbour.</summary>
    public sealed class ShapeDiagnosticsTests
    {
        private const string Conv2DSig = "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);";

        [Fact]
        public void CG0001_Output_Not_Positive()
        {
            Single("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 4, Kernel = 5)]\n" + Conv2DSig,
                "CG0001", "Kernel = 5", "Layer 'Layers.L'", "output width is 0", "floor((4 + 0 + 0 - 1*(5-1) - 1) / 1) + 1", "at least 1");
            Clean("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 5, Kernel = 5)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0001_Transposed_And_Pooling_Show_Their_Formula()
        {
            Single("[ConvTranspose1D(InChannels = 1, OutChannels = 1, Length = 1, Kernel = 1, Padding = 1)]\n" + Conv2DSig,
                "CG0001", "Kernel = 1", "(1-1)*1 - 1 - 1 + 1*(1-1) + 0 + 1");
            Single("[MaxPool2D(Channels = 1, Height = 2, Width = 8, KernelH = 3, KernelW = 2)]\npublic static partial void L(ReadOnlySpan<float> input, Span<float> output);",
                "CG0001", "KernelH = 3", "output height is 0", "floor((2 + 0 + 0 - 1*(3-1) - 1) / 3) + 1");
            Clean("[MaxPool2D(Channels = 1, Height = 3, Width = 8, KernelH = 3, KernelW = 2)]\npublic static partial void L(ReadOnlySpan<float> input, Span<float> output);");
        }

        [Fact]
        public void CG0002_Channels_Not_Divisible_By_Groups()
        {
            Single("[Conv2D(InChannels = 6, OutChannels = 8, Height = 8, Width = 8, Kernel = 3, Groups = 4)]\n" + Conv2DSig,
                "CG0002", "Groups = 4", "InChannels 6 is not divisible by Groups 4", "6 % 4 = 2");
            Clean("[Conv2D(InChannels = 8, OutChannels = 8, Height = 8, Width = 8, Kernel = 3, Groups = 4)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0002_Depthwise_Multiplier_Inconsistent()
        {
            Single("[Conv2D(InChannels = 4, OutChannels = 6, DepthwiseMultiplier = 2, Height = 8, Width = 8, Kernel = 3)]\n" + Conv2DSig,
                "CG0002", "OutChannels = 6", "OutChannels 6 is not InChannels * DepthwiseMultiplier = 4*2 = 8");
            Clean("[Conv2D(InChannels = 4, DepthwiseMultiplier = 2, Height = 8, Width = 8, Kernel = 3)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0003_Not_Positive()
        {
            Single("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, StrideW = 0)]\n" + Conv2DSig,
                "CG0003", "StrideW = 0", "StrideW must be at least 1, got 0");
            Clean("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, StrideW = 1)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0004_Element_Count_Overflow()
        {
            Single("[Conv2D(InChannels = 4096, OutChannels = 1, Height = 1024, Width = 1024, Kernel = 1)]\n" + Conv2DSig,
                "CG0004", "Conv2D(InChannels = 4096, OutChannels = 1, Height = 1024, Width = 1024, Kernel = 1)", "the input holds 4294967296 elements");
            Clean("[Conv2D(InChannels = 1024, OutChannels = 1, Height = 1024, Width = 1024, Kernel = 1)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0005_Negative_Padding()
        {
            Single("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, PadTop = -1)]\n" + Conv2DSig,
                "CG0005", "PadTop = -1", "PadTop must be at least 0, got -1");
            Clean("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, PadTop = 1)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0006_Same_With_Stride()
        {
            Single("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, StrideW = 2, PaddingKind = PaddingKind.Same)]\n" + Conv2DSig,
                "CG0006", "StrideW = 2", "PaddingKind.Same needs stride 1, but the stride on width is 2");
            Clean("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 5, PaddingKind = PaddingKind.Same)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0007_Causal_Not_1D()
        {
            Single("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, PaddingKind = PaddingKind.Causal)]\n" + Conv2DSig,
                "CG0007", "PaddingKind = PaddingKind.Causal", "for 1-D layers only; this layer is 2-D");
            Clean("[Conv1D(InChannels = 1, OutChannels = 1, Length = 8, Kernel = 3, Dilation = 2, PaddingKind = PaddingKind.Causal)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0008_Reflect_Padding_Too_Large()
        {
            Single("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 3, KernelH = 3, KernelW = 7, PaddingW = 3, PaddingMode = PaddingMode.Reflect)]\n" + Conv2DSig,
                "CG0008", "PaddingW = 3", "reflect padding 3 on width must be smaller than the input width 3");
            Clean("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 3, KernelH = 3, KernelW = 7, PaddingW = 3, PaddingMode = PaddingMode.Circular)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0009_Output_Padding_Too_Large()
        {
            Single("[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 4, Stride = 2, OutputPaddingH = 2)]\n" + Conv2DSig,
                "CG0009", "OutputPaddingH = 2", "output padding 2 on height must be smaller than max(stride 2, dilation 1) = 2");
            Clean("[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 4, Stride = 2, OutputPaddingH = 1)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0010_Pool_Padding_Too_Large()
        {
            const string Sig = "public static partial void L(ReadOnlySpan<float> input, Span<float> output);";
            Single("[MaxPool2D(Channels = 1, Height = 8, Width = 8, Kernel = 3, PaddingW = 2)]\n" + Sig,
                "CG0010", "PaddingW = 2", "pooling padding 2 on width must be at most half the dilated kernel (3/2 = 1)");
            Clean("[MaxPool2D(Channels = 1, Height = 8, Width = 8, Kernel = 3, Padding = 1)]\n" + Sig);
        }

        [Fact]
        public void CG0011_Conflicting_Arguments()
        {
            Single("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, Padding = 1, PaddingKind = PaddingKind.Same)]\n" + Conv2DSig,
                "CG0011", "Padding = 1", "PaddingKind.Same computes the padding itself, so Padding = 1 contradicts it");
            Clean("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, Padding = 1)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0012_Reflect_On_Transposed()
        {
            Single("[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3, PaddingMode = PaddingMode.Reflect)]\n" + Conv2DSig,
                "CG0012", "PaddingMode = PaddingMode.Reflect", "only Zeros is allowed");
            Clean("[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 3, PaddingMode = PaddingMode.Zeros)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0013_Missing_Argument()
        {
            Single("[Conv2D(OutChannels = 1, Height = 8, Width = 8, Kernel = 3)]\n" + Conv2DSig,
                "CG0013", "Conv2D(OutChannels = 1, Height = 8, Width = 8, Kernel = 3)", "InChannels is required");
            Clean("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3)]\n" + Conv2DSig);
        }

        [Fact]
        public void CG0014_Invalid_Value()
        {
            Single("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, BatchNorm = true, BatchNormEpsilon = -1)]\n"
                + "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> g, ReadOnlySpan<float> b, ReadOnlySpan<float> m, ReadOnlySpan<float> v, Span<float> output);",
                "CG0014", "BatchNormEpsilon = -1", "BatchNormEpsilon must be a finite number >= 0, got -1");
            Clean("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, BatchNorm = true, BatchNormEpsilon = 0.001)]\n"
                + "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> g, ReadOnlySpan<float> b, ReadOnlySpan<float> m, ReadOnlySpan<float> v, Span<float> output);");
        }
    }
}
