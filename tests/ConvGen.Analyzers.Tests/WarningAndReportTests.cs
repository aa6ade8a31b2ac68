using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using ConvGen.Analyzers;
using ConvGen.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using static ConvGen.Analyzers.Tests.AnalyzerHarness;

namespace ConvGen.Analyzers.Tests
{
    /// <summary>Warnings (legal but probably a mistake), the forced-algorithm error, and the algorithm report.</summary>
    public sealed class WarningAndReportTests
    {
        private const string Sig = "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);";
        private const string PoolSig = "public static partial void L(ReadOnlySpan<float> input, Span<float> output);";

        [Fact]
        public void CG0015_Forced_Algorithm_Cannot_Run_Layer()
        {
            Single("[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 2, Stride = 2, Algorithm = ConvAlgorithm.Direct)]\n" + Sig,
                "CG0015", "Algorithm = ConvAlgorithm.Direct", "cannot run a transposed convolution; the algorithms that can are Auto, PhaseGather (the default), Scatter and ChannelLanes (one group, innermost stride at most 4)");
            Clean("[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 2, Stride = 2, Algorithm = ConvAlgorithm.Scatter)]\n" + Sig);
            Clean("[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 2, Stride = 2, Algorithm = ConvAlgorithm.PhaseGather)]\n" + Sig);
        }

        [Fact]
        public void CG0015_Forced_Channel_Lanes_Name_What_Blocks_Them()
        {
            Single("[Conv1D(InChannels = 4, OutChannels = 4, Length = 16, Kernel = 3, Groups = 4, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig,
                "CG0015", "Algorithm = ConvAlgorithm.ChannelLanes", "cannot run this convolution: it has 4 groups; channel lanes need a convolution with one group and zero padding (NCHW or NHWC)");
            Clean("[Conv1D(InChannels = 4, OutChannels = 4, Length = 16, Kernel = 3, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig);
            Clean("[Conv3D(InChannels = 4, OutChannels = 4, Depth = 4, Height = 6, Width = 6, Kernel = 3, Padding = 1, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig);
            Single("[Conv2D(InChannels = 4, OutChannels = 4, Height = 8, Width = 8, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Reflect, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig,
                "CG0015", "Algorithm = ConvAlgorithm.ChannelLanes", "cannot run this convolution: the padding mode is Reflect");
            Single("[Conv2D(InChannels = 4, OutChannels = 4, Groups = 2, Height = 8, Width = 8, Kernel = 3, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig,
                "CG0015", "Algorithm = ConvAlgorithm.ChannelLanes", "cannot run this convolution: it has 2 groups");
            Clean("[Conv2D(InChannels = 4, OutChannels = 4, Height = 9, Width = 9, Kernel = 3, Stride = 3, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig);
            // Transposed layers run on channel lanes up to an innermost stride of 4 (a tile's width is a multiple of it).
            Clean("[ConvTranspose2D(InChannels = 4, OutChannels = 4, Height = 6, Width = 6, Kernel = 4, Stride = 2, Padding = 1, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig);
            Single("[ConvTranspose1D(InChannels = 4, OutChannels = 4, Length = 6, Kernel = 5, Stride = 5, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig,
                "CG0015", "Algorithm = ConvAlgorithm.ChannelLanes", "cannot run this transposed convolution: the innermost stride is 5; channel lanes need one group and an innermost stride of at most 4 (NCHW or NHWC); PhaseGather runs every transposed convolution");
            // Channels last runs on channel lanes too, forced below the 16 output channels Auto asks for.
            Clean("[Conv2D(InChannels = 4, OutChannels = 4, Height = 9, Width = 9, Kernel = 3, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig);
        }

        [Fact]
        public void CG0201_Channel_Lanes_Chosen_With_Packed_Weights_And_For_Strides_Above_2()
        {
            // (Dilated: Winograd cannot run it; the undilated layer takes Winograd F(2x2,3x3), see below.)
            var (packed, _, _) = Analyze("[Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, Kernel = 3, Padding = 2, Dilation = 2, PackedWeights = true)]\n" + Sig);
            string m = Assert.Single(packed).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_DirectChannelLanes_k3x3_8x48c__V512", m, System.StringComparison.Ordinal);
            Assert.True(m.Contains("Chosen by the cost model: channel lanes would use 97% of their work (512 channels in blocks of 48, rows of 7 in tiles of 8), pixel lanes 77% of their lanes", System.StringComparison.Ordinal), m);
            var (plain, _, _) = Analyze("[Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, Kernel = 3, Padding = 1)]\n" + Sig);
            m = Assert.Single(plain).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_Direct_k3x3_13x32p__V512", m, System.StringComparison.Ordinal);
            Assert.Contains("Output channels on the vector lanes not taken", m, System.StringComparison.Ordinal);
            var (strided, _, _) = Analyze("[Conv2D(InChannels = 64, OutChannels = 64, Height = 30, Width = 30, Kernel = 3, Stride = 3)]\n" + Sig);
            Assert.Contains("F32_Conv2d_DirectChannelLanes_k3x3_6x64c__V512", Assert.Single(strided).GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
            // ResNet's stem: 3 channels x 7x7 = 147 taps per output, MinReduction; below it pixel lanes stay.
            var (stem, _, _) = Analyze("[Conv2D(InChannels = 3, OutChannels = 64, Height = 224, Width = 224, Kernel = 7, Stride = 2, Padding = 3, PackedWeights = true)]\n" + Sig);
            m = Assert.Single(stem).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("F32_Conv2d_DirectChannelLanes_k7x7_", System.StringComparison.Ordinal), m);
            var (tiny, _, _) = Analyze("[Conv2D(InChannels = 2, OutChannels = 64, Height = 224, Width = 224, Kernel = 7, Stride = 2, Padding = 3, PackedWeights = true)]\n" + Sig);
            m = Assert.Single(tiny).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("F32_Conv2d_Direct_k7x7_", System.StringComparison.Ordinal), m);
        }

        [Fact]
        public void CG0201_Channel_Lanes_Take_A_Near_Tie_Over_A_Long_Reduction_With_A_Short_Row()
        {
            // 576 taps per output (64 x 3x3), rows of 28: channel lanes 93%, pixel lanes (plane tiles) 98%. (27 rows: not whole
            // dilation cells, so Winograd on the dilation phases cannot run it; with 28 it does, below.)
            var (tie, _, _) = Analyze("[Conv2D(InChannels = 64, OutChannels = 64, Height = 27, Width = 28, Kernel = 3, Padding = 2, Dilation = 2, PackedWeights = true)]\n" + Sig);
            string m = Assert.Single(tie).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("F32_Conv2d_DirectChannelLanes_k3x3_6x64c__V512", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("and over 576 weight taps per output the broadcast-pixel tile needs fewer loads per FMA", System.StringComparison.Ordinal), m);
            // 384 taps (a short reduction): the same tie stays on pixel lanes.
            var (shortReduction, _, _) = Analyze("[Conv2D(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, KernelH = 3, KernelW = 2, PaddingH = 2, PaddingW = 1, Dilation = 2, PackedWeights = true)]\n" + Sig);
            m = Assert.Single(shortReduction).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("F32_Conv2d_Direct_k3x2_", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("Output channels on the vector lanes not taken", System.StringComparison.Ordinal), m);
            // A 1-D row of 4095 (a 1 MiB row buffer) stays on pixel lanes however long the reduction (dilated, and not whole
            // dilation cells, so Winograd F(4,3) cannot run it on its phases).
            var (longRow, _, _) = Analyze("[Conv1D(InChannels = 256, OutChannels = 64, Length = 4095, Kernel = 3, Padding = 2, Dilation = 3, PackedWeights = true)]\n" + Sig);
            m = Assert.Single(longRow).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("F32_Conv1d_Direct_k3_", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("Output channels on the vector lanes not taken", System.StringComparison.Ordinal), m);
        }

        [Fact]
        public void CG0201_Reports_Winograd_On_The_Dilation_Phases_And_Why_Not()
        {
            var (phases, _, _) = Analyze("[Conv2D(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, Kernel = 3, Padding = 2, Dilation = 2, PackedWeights = true)]\n" + Sig);
            string m = Assert.Single(phases).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("-> F32_Conv2d_WinogradF43_k3x3_", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("Dilation 2x2 as its 4 dilation phases", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("undilated 14x14 convolution", System.StringComparison.Ordinal), m);
            // Reflect padding: the phases would not be zero-padded convolutions; the report says so.
            var (reflect, _, _) = Analyze("[Conv2D(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, Kernel = 3, Padding = 2, Dilation = 2, PaddingMode = PaddingMode.Reflect, PackedWeights = true)]\n" + Sig);
            m = Assert.Single(reflect).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("Winograd on the dilation phases not possible: its padding is Reflect (dilation phases need zero padding)", System.StringComparison.Ordinal), m);
            // Too few channels: possible, but the cost model declines, with its reason.
            var (few, _, _) = Analyze("[Conv2D(InChannels = 8, OutChannels = 8, Height = 28, Width = 28, Kernel = 3, Padding = 2, Dilation = 2)]\n" + Sig);
            m = Assert.Single(few).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("Winograd on the 4 dilation phases (2x2) not taken: fewer than 16 input or output channels", System.StringComparison.Ordinal), m);
            // Channels last: the NCHW twin's phases, split from and merged into NHWC; and the twin's reason where not taken.
            var (nhwc, _, _) = Analyze("[Conv2D(InChannels = 64, OutChannels = 64, Height = 28, Width = 28, Kernel = 3, Padding = 2, Dilation = 2, PackedWeights = true, Layout = TensorLayout.Nhwc)]\n" + Sig);
            m = Assert.Single(nhwc).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("-> F32_Conv2d_WinogradF43_k3x3_", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("split from NHWC straight into NCHW phase images", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("Dilation 2x2 as its 4 dilation phases", System.StringComparison.Ordinal), m);
            var (fewNhwc, _, _) = Analyze("[Conv2D(InChannels = 8, OutChannels = 8, Height = 28, Width = 28, Kernel = 3, Padding = 2, Dilation = 2, Layout = TensorLayout.Nhwc)]\n" + Sig);
            m = Assert.Single(fewNhwc).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("Winograd on the 4 dilation phases (2x2) not taken: fewer than 16 input or output channels", System.StringComparison.Ordinal), m);
        }

        [Fact]
        public void CG0201_Reports_Winograd_F43_For_Long_1D_Signals_And_Why_Not_For_Few_Channels()
        {
            var (taken, _, _) = Analyze("[Conv1D(InChannels = 128, OutChannels = 128, Length = 4096, Kernel = 3, Padding = 1)]\n" + Sig);
            string m = Assert.Single(taken).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("F32_Conv1d_WinogradF43_k3_12x32t__V512", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("Chosen by the cost model: 1024 tiles of 4 outputs per item, 128->128 channels: 6 multiplies per tile and input channel instead of 12", System.StringComparison.Ordinal), m);
            var (few, _, _) = Analyze("[Conv1D(InChannels = 32, OutChannels = 32, Length = 4096, Kernel = 3, Padding = 1)]\n" + Sig);
            m = Assert.Single(few).GetMessage(CultureInfo.InvariantCulture);
            Assert.True(m.Contains("F32_Conv1d_Direct_k3_", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("Winograd F(4,3) not taken: fewer than 64 input or output channels", System.StringComparison.Ordinal), m);
        }

        [Fact]
        public void CG0101_Stride_Larger_Than_Kernel()
        {
            Single("[Conv1D(InChannels = 1, OutChannels = 1, Length = 10, Kernel = 2, Stride = 3)]\n" + Sig,
                "CG0101", "Stride = 3", "stride 3 on length is larger than the kernel 2: 1 of every 3 input positions never reach any output");
            Clean("[Conv1D(InChannels = 1, OutChannels = 1, Length = 10, Kernel = 2, Stride = 2)]\n" + Sig);
        }

        [Fact]
        public void CG0102_Input_Tail_Dropped()
        {
            Single("[MaxPool2D(Channels = 1, Height = 8, Width = 9, Kernel = 2)]\n" + PoolSig,
                "CG0102", "Width = 9", "the last 1 input width position(s) never reach an output: (9 + 0 + 0 - 2) % 2 = 1");
            Clean("[MaxPool2D(Channels = 1, Height = 8, Width = 9, Kernel = 2, CeilMode = true)]\n" + PoolSig);
        }

        [Fact]
        public void CG0103_Padding_Not_Smaller_Than_Kernel()
        {
            Single("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, PaddingW = 3)]\n" + Sig,
                "CG0103", "PaddingW = 3", "padding 3 on width is not smaller than the kernel 3: the outermost output(s) see only zero padding");
            Clean("[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, PaddingW = 2)]\n" + Sig);
        }

        [Fact]
        public void CG0104_Transposed_Checkerboard()
        {
            Single("[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 5, Width = 5, KernelH = 3, KernelW = 4, Stride = 2, Padding = 1)]\n" + Sig,
                "CG0104", "KernelH = 3", "kernel 3 on height is not divisible by the stride 2", "use kernel 4");
            Clean("[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 5, Width = 5, Kernel = 4, Stride = 2, Padding = 1)]\n" + Sig);
        }

        [Fact]
        public void CG0105_Same_With_Even_Kernel()
        {
            Single("[Conv1D(InChannels = 1, OutChannels = 1, Length = 8, Kernel = 4, PaddingKind = PaddingKind.Same)]\n" + Sig,
                "CG0105", "PaddingKind = PaddingKind.Same", "pads 1 before and 2 after (PyTorch's split: the odd extra goes after)");
            Clean("[Conv1D(InChannels = 1, OutChannels = 1, Length = 8, Kernel = 5, PaddingKind = PaddingKind.Same)]\n" + Sig);
        }

        [Fact]
        public void CG0201_Reports_The_Algorithm_And_Why()
        {
            var (ours, _, _) = Analyze("[Conv2D(InChannels = 3, OutChannels = 8, Height = 16, Width = 40, Kernel = 3, Padding = 1)]\n" + Sig);
            Diagnostic d = Assert.Single(ours);
            Assert.Equal("CG0201", d.Id);
            Assert.Equal(DiagnosticSeverity.Info, d.Severity);
            string m = d.GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("Layer 'Layers.L': Conv2D 3x3, stride 1x1, dilation 1x1, padding 1/1/1/1 (zeros), 3->8 channels -> F32_Conv2d_Direct_k3x3_6x64p__V512: direct convolution", m, System.StringComparison.Ordinal);
            Assert.Contains("Register tiles: V512 6 channels x 64 pixels of the flattened plane", m, System.StringComparison.Ordinal);
        }

        [Fact]
        public void CG0201_Packed_Weights_Let_The_Cost_Model_Take_Winograd_For_Many_Channels()
        {
            string layer = "[Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, Kernel = 3, Padding = 1{0})]\n" + Sig;
            var (plain, _, _) = Analyze(string.Format(CultureInfo.InvariantCulture, layer, ""));
            string m = Assert.Single(plain).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_Direct_k3x3_", m, System.StringComparison.Ordinal);
            var (packed, _, _) = Analyze(string.Format(CultureInfo.InvariantCulture, layer, ", PackedWeights = true"));
            m = Assert.Single(packed).GetMessage(CultureInfo.InvariantCulture);
            // 49 tiles would fill 64 tile lanes: output channels go on the lanes (register tiles of 8 tiles x 32 channels), in
            // Winograd's channels-last form between transposes (this map's activations stay in the caches).
            Assert.Contains("F32_Conv2d_WinogradF43_k3x3_8x32cl__V512", m, System.StringComparison.Ordinal);
            Assert.Contains("Channels first through the channels-last kernel: the input transposed to NHWC into scratch", m, System.StringComparison.Ordinal);
            Assert.Contains("weights packed once (PackedWeights)", m, System.StringComparison.Ordinal);
            // 14x14 maps (16 tiles): one block of 16 tiles, its channels cut into 4 parts for the threads; with 256 channels
            // the channels-last form between transposes, with 264 -> 256 (input channels not a multiple of 16) output channels
            // on the NCHW GEMM lanes, with 120 -> 128 tiles on the lanes.
            var (small, _, _) = Analyze("[Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, Kernel = 3, Padding = 1, PackedWeights = true)]\n" + Sig);
            Assert.Contains("F32_Conv2d_WinogradF43_k3x3_8x32cl__V512", Assert.Single(small).GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
            var (nchwLanes, _, _) = Analyze("[Conv2D(InChannels = 264, OutChannels = 256, Height = 14, Width = 14, Kernel = 3, Padding = 1, PackedWeights = true)]\n" + Sig);
            Assert.Contains("F32_Conv2d_WinogradF43_k3x3_8x32c__V512", Assert.Single(nchwLanes).GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
            var (half, _, _) = Analyze("[Conv2D(InChannels = 120, OutChannels = 128, Height = 14, Width = 14, Kernel = 3, Padding = 1, PackedWeights = true, Algorithm = ConvAlgorithm.Winograd)]\n" + Sig);
            Assert.Contains("F32_Conv2d_WinogradF43_k3x3_24x16t__V512", Assert.Single(half).GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
            // 7x7 maps: 4 tiles, too few to fill a vector of tiles: the GEMM puts output channels on the lanes. At 256
            // channels Auto takes it; at 512 its 36 MiB of transformed weights would stream from memory on every call
            // (the report says so): direct convolution on channel lanes instead; at 128 the transforms cost too much.
            var (lanes, _, _) = Analyze("[Conv2D(InChannels = 256, OutChannels = 256, Height = 7, Width = 7, Kernel = 3, Padding = 1, PackedWeights = true)]\n" + Sig);
            m = Assert.Single(lanes).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_WinogradF43_k3x3_4x64c__V512", m, System.StringComparison.Ordinal);
            Assert.Contains("the GEMM puts output channels on the lanes", m, System.StringComparison.Ordinal);
            // At 512 channels F(4x4,3x3)'s 36 MiB would stream from memory on every call: F(2x2,3x3) (16 MiB) instead; at
            // 1024 neither fits and direct convolution runs.
            var (tiny, _, _) = Analyze("[Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, Kernel = 3, Padding = 1, PackedWeights = true)]\n" + Sig);
            m = Assert.Single(tiny).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_WinogradF23_k3x3_8x32c__V512", m, System.StringComparison.Ordinal);
            Assert.True(m.Contains("16 2x2 tiles per item, 512->512 channels, weights packed once (PackedWeights): 16 multiplies per tile and input channel instead of 36", System.StringComparison.Ordinal), m);
            Assert.True(m.Contains("F(2x2,3x3) rather than F(4x4,3x3), whose transformed weights (36 x 512 x 512 floats = 36 MiB) exceed 16 MiB", System.StringComparison.Ordinal), m);
            var (wide, _, _) = Analyze("[Conv2D(InChannels = 1024, OutChannels = 1024, Height = 7, Width = 7, Kernel = 3, Padding = 1, PackedWeights = true)]\n" + Sig);
            m = Assert.Single(wide).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_Direct", m, System.StringComparison.Ordinal);
            Assert.True(m.Contains("Winograd F(4x4,3x3) not taken: its transformed weights (36 x 1024 x 1024 floats = 144 MiB) exceed 16 MiB", System.StringComparison.Ordinal), m);
            var (narrow, _, _) = Analyze("[Conv2D(InChannels = 128, OutChannels = 128, Height = 7, Width = 7, Kernel = 3, Padding = 1, PackedWeights = true)]\n" + Sig);
            m = Assert.Single(narrow).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_DirectChannelLanes_k3x3_", m, System.StringComparison.Ordinal);
            Assert.Contains("Winograd F(4x4,3x3) not taken: only 4 4x4 tiles per item and fewer than 256 input or output channels", m, System.StringComparison.Ordinal);
        }

        [Fact]
        public void CG0202_Convolution_Without_A_Vector_Path()
        {
            // Channels last with no vector kernel of its own runs its NCHW twin's through transposed copies: no warning.
            foreach (string clean in new[]
            {
                "PaddingMode = PaddingMode.Reflect, Layout = TensorLayout.Nhwc",
                "Groups = 2, Layout = TensorLayout.Nhwc",
                "Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.Direct",
            })
            {
                Clean("[Conv2D(InChannels = 64, OutChannels = 64, Height = 32, Width = 32, Kernel = 3, Padding = 1, " + clean + ")]\n" + Sig);
            }

            Clean("[Conv2D(InChannels = 256, OutChannels = 8, Height = 32, Width = 32, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc)]\n" + Sig);
            Clean("[Conv2D(InChannels = 64, OutChannels = 64, Height = 32, Width = 32, Kernel = 3, Padding = 1)]\n" + Sig);

            // Only where neither layout has one is the scalar fallback reported, with both reasons.
            Single("[Conv2D(InChannels = 64, OutChannels = 64, Groups = 2, Height = 32, Width = 32, Kernel = 3, Stride = 3, Padding = 1, Layout = TensorLayout.Nhwc)]\n" + Sig,
                "CG0202", "Layout = TensorLayout.Nhwc", "no vector kernel: in the channels-last (NHWC) layout the vector kernel puts output channels on the lanes and needs one group, zero padding and at least 16 output channels; this layer has 2 groups, "
                + "and its NCHW form (which a channels-last layer otherwise runs between transposed copies) has none either: stride 3 on the innermost axis (the vector kernel loads stride 1 or 2); this 2230272-MAC layer runs scalar code");
        }

        [Fact]
        public void Channels_Last_Layers_Without_A_Vector_Kernel_Of_Their_Own_Run_The_NCHW_One_Between_Transposes()
        {
            foreach ((string declaration, string kernel) in new[]
            {
                ("Conv2D(InChannels = 64, OutChannels = 64, Groups = 2, Height = 32, Width = 32, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc)", "F32_Conv2d_Direct_k3x3_"),
                ("Conv2D(InChannels = 96, DepthwiseMultiplier = 2, Height = 56, Width = 56, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc)", "F32_Conv2d_Direct_k3x3_"),
                ("ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 32, Width = 32, Kernel = 4, Stride = 2, Padding = 1, Layout = TensorLayout.Nhwc)", "F32_ConvTranspose2d_PhaseGather_k4x4_"),
            })
            {
                var (report, _, _) = Analyze("[" + declaration + "]\n" + Sig);
                string m = Assert.Single(report).GetMessage(CultureInfo.InvariantCulture);
                // The report reads "<layer> -> <kernel>: <reason>": the kernel run is the NCHW vector one.
                string chosen = m.Substring(m.IndexOf(" -> ", System.StringComparison.Ordinal) + 4).Split(':')[0];
                Assert.StartsWith(kernel, chosen, System.StringComparison.Ordinal);
                Assert.EndsWith("__V512", chosen, System.StringComparison.Ordinal);
                Assert.Contains("Channels last through the NCHW kernel: the input transposed to NCHW into scratch, the kernel below, the output transposed back to NHWC, since the channels-last layout has only scalar code here", m, System.StringComparison.Ordinal);
            }
        }

        [Fact]
        public void Channels_Last_3x3_Layers_Take_Winograd_In_Their_Own_Layout_Or_Through_The_Bridge_Where_It_Wins()
        {
            const string residualSig = "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output);";
            // Channels multiples of 16: Winograd's channels-last form, no transposes.
            var (report, _, _) = Analyze("[Conv2D(InChannels = 64, OutChannels = 64, Height = 32, Width = 32, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc, Residual = true)]\n" + residualSig);
            string m = Assert.Single(report).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_WinogradF43_k3x3_8x32cl__V512", m, System.StringComparison.Ordinal);
            Assert.Contains("Channels last in its own layout: each stage keeps channels on the lanes", m, System.StringComparison.Ordinal);
            Assert.DoesNotContain("transposed to NCHW", m, System.StringComparison.Ordinal);
            // 40 -> 24 channels: through the bridge, saying why the channels-last form does not take it.
            (report, _, _) = Analyze("[Conv2D(InChannels = 40, OutChannels = 24, Height = 32, Width = 32, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc, Residual = true)]\n" + residualSig);
            m = Assert.Single(report).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_WinogradF43_k3x3_", m, System.StringComparison.Ordinal);
            Assert.Contains("the input and the residual transposed to NCHW", m, System.StringComparison.Ordinal);
            Assert.Contains("since Winograd F(4x4,3x3) (its channels-last form takes input and output channels in multiples of 16, not 40 and 24) beats the channels-last kernel, F32_Conv2d_DirectChannelLanes_k3x3_", m, System.StringComparison.Ordinal);
            // ResNet's 7x7 512-channel layer with packed weights: F(2x2,3x3) in channels last too (its F(4x4,3x3) weights, 36 MiB, would stream every call).
            (report, _, _) = Analyze("[Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc, PackedWeights = true)]\n" + Sig);
            Assert.Contains("F32_Conv2d_WinogradF23_k3x3_8x32cl__V512", Assert.Single(report).GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
            // A GELU (no vector form) goes through the bridge too.
            (report, _, _) = Analyze("[Conv2D(InChannels = 64, OutChannels = 64, Height = 32, Width = 32, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc, Activation = Activation.Gelu)]\n" + Sig);
            m = Assert.Single(report).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("(its channels-last form takes an activation with a vector form (ReLU, ReLU6, leaky ReLU), not Gelu)", m, System.StringComparison.Ordinal);
            // Forcing Winograd on a channels-last layer is no longer an error (CG0015): it runs through the bridge too.
            Clean("[Conv2D(InChannels = 64, OutChannels = 64, Height = 8, Width = 8, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.WinogradF2x2)]\n" + Sig);
        }

        [Fact]
        public void Channels_Last_Depthwise_Runs_On_Its_Vector_Kernel_Or_Says_Why_Not()
        {
            var (report, _, _) = Analyze("[Conv2D(InChannels = 96, OutChannels = 96, Groups = 96, Height = 56, Width = 56, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Reflect, Layout = TensorLayout.Nhwc)]\n" + Sig);
            string m = Assert.Single(report).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_DepthwiseChannelsLast_k3x3_6x64c__V512", m, System.StringComparison.Ordinal);
            Assert.Contains("channels-last depthwise: 96 channels in chunks of 64 (512-bit) or 16 (256-bit), rows of 56 in tiles of 6 or 6 pixels", m, System.StringComparison.Ordinal);
            Clean("[Conv2D(InChannels = 96, OutChannels = 96, Groups = 96, Height = 56, Width = 56, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc)]\n" + Sig);
            // A multiplier of 2, or Direct forced, leaves it for the NCHW depthwise kernel between transposes (no CG0202).
            Clean("[Conv2D(InChannels = 96, DepthwiseMultiplier = 2, Height = 56, Width = 56, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc)]\n" + Sig);
            Clean("[Conv2D(InChannels = 96, OutChannels = 96, Groups = 96, Height = 56, Width = 56, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.Direct)]\n" + Sig);
        }

        [Fact]
        public void Channels_Last_Convolution_Runs_On_Channel_Lanes()
        {
            // Stride 2: no Winograd, so the channels-last kernel itself (not the bridge).
            var (report, _, _) = Analyze("[Conv2D(InChannels = 64, OutChannels = 64, Height = 32, Width = 32, Kernel = 3, Stride = 2, Padding = 1, Layout = TensorLayout.Nhwc)]\n" + Sig);
            string m = Assert.Single(report).GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains("F32_Conv2d_DirectChannelLanes_k3x3_", m, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Channels last through the NCHW kernel", m, System.StringComparison.Ordinal);
            Assert.Contains("pixel lanes have no vector kernel for this layer (weights are packed on every call; PackedWeights = true packs them once)", m, System.StringComparison.Ordinal);
            Assert.Contains("NHWC: stored as it is, a vector of channels per pixel", m, System.StringComparison.Ordinal);
        }

        [Fact]
        public void CG0202_Transposed_Convolution_Without_A_Vector_Path()
        {
            Single("[ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 32, Width = 32, Kernel = 3, Stride = 3, Layout = TensorLayout.Nhwc)]\n" + Sig,
                "CG0202", "Layout = TensorLayout.Nhwc", "no vector kernel: the channels-last (NHWC) layout has no transposed vector kernel of its own, and its NCHW form (which a channels-last layer otherwise runs between transposed copies) has none either: "
                + "stride 3 on the innermost axis (the vector kernel interleaves 1 or 2 phases); this 18874368-MAC layer runs scalar code");
            Single("[ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 32, Width = 32, Kernel = 3, Stride = 3)]\n" + Sig,
                "CG0202", "Stride = 3", "no vector kernel: stride 3 on the innermost axis (the vector kernel interleaves 1 or 2 phases)");
            Clean("[ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 32, Width = 32, Kernel = 4, Stride = 2, Padding = 1)]\n" + Sig);
        }

        [Fact]
        public void CG0202_Window_Above_Unroll_Limit()
        {
            Single("[MaxPool2D(Channels = 1, Height = 18, Width = 18, Kernel = 9, Stride = 9)]\n" + PoolSig,
                "CG0202", "Kernel = 9", "the 9x9 window has 81 taps, above the full-unroll limit of 64");
            Clean("[MaxPool2D(Channels = 1, Height = 16, Width = 16, Kernel = 8)]\n" + PoolSig);
        }

        [Fact]
        public async System.Threading.Tasks.Task Severity_Can_Be_Changed_Like_Any_Diagnostic()
        {
            // What `dotnet_diagnostic.CG0101.severity = error` / `= none` in .editorconfig does.
            string source = Usings + "public static partial class Layers\n{\n[Conv1D(InChannels = 1, OutChannels = 1, Length = 10, Kernel = 2, Stride = 3)]\n" + Sig + "\n}\n";
            GeneratorRun run = GeneratorHarness.Run(source);
            foreach (var (option, expected) in new[] { (ReportDiagnostic.Error, (DiagnosticSeverity?)DiagnosticSeverity.Error), (ReportDiagnostic.Suppress, null) })
            {
                var options = run.Output.Options.WithSpecificDiagnosticOptions(ImmutableDictionary<string, ReportDiagnostic>.Empty.Add("CG0101", option));
                var diagnostics = (await run.Output.WithOptions(options).WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LayerShapeAnalyzer()))
                    .GetAnalyzerDiagnosticsAsync()).Where(d => d.Id == "CG0101").ToList();
                if (expected is null)
                {
                    Assert.Empty(diagnostics);
                }
                else
                {
                    Assert.Equal(expected, Assert.Single(diagnostics).Severity);
                }
            }
        }

        [Fact]
        public void Every_Descriptor_Has_A_Docs_Page_And_Release_Row()
        {
            string root = RepoRoot();
            string releases = System.IO.File.ReadAllText(System.IO.Path.Combine(root, "analyzers", "ConvGen.Analyzers", "AnalyzerReleases.Unshipped.md"));
            foreach (DiagnosticDescriptor d in DiagnosticDescriptors.All)
            {
                string page = System.IO.Path.Combine(root, "docs", "diagnostics", d.Id + ".md");
                Assert.True(System.IO.File.Exists(page), "missing " + page);
                string text = System.IO.File.ReadAllText(page);
                Assert.StartsWith("# " + d.Id + ":", text, System.StringComparison.Ordinal);
                Assert.Contains("## Bad", text, System.StringComparison.Ordinal);
                Assert.Contains("## Good", text, System.StringComparison.Ordinal);
                Assert.Contains(d.Id + " | ConvGen | " + d.DefaultSeverity, releases, System.StringComparison.Ordinal);
                Assert.Equal("docs/diagnostics/" + d.Id + ".md", d.HelpLinkUri);
            }
        }

        private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "")
            => System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(file)!, "..", ".."));
    }
}
