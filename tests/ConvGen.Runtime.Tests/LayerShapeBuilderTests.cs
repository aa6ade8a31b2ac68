using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using ConvGen.Shapes;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>
    /// Every layer-shape diagnostic (CG0001-CG0014) from a minimal bad declaration, with the numbers in its message,
    /// and its absence from the good neighbour that differs in one argument.
    /// </summary>
    public sealed class LayerShapeBuilderTests
    {
        private const string Conv1 = "InChannels=1 OutChannels=1 Length=8 Kernel=3";

        /// <summary>id, kind, rank of the bad layer, bad arguments, rank of the good one, good arguments, message fragments ('|'-separated).</summary>
        public static TheoryData<string, LayerKind, int, string, int, string, string> Cases() => new()
        {
            { "CG0001", LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Length=4 Kernel=5", 1, "InChannels=1 OutChannels=1 Length=4 Kernel=4",
                "output length is 0 = floor((4 + 0 + 0 - 1*(5-1) - 1) / 1) + 1; it must be at least 1" },
            { "CG0001", LayerKind.MaxPool, 2, "Channels=1 Height=2 Width=8 KernelH=3 KernelW=2", 2, "Channels=1 Height=3 Width=8 KernelH=3 KernelW=2",
                "output height is 0 = floor((2 + 0 + 0 - 1*(3-1) - 1) / 3) + 1" },
            { "CG0002", LayerKind.Conv, 1, "InChannels=3 OutChannels=4 Length=8 Kernel=3 Groups=2", 1, "InChannels=4 OutChannels=4 Length=8 Kernel=3 Groups=2",
                "InChannels 3 is not divisible by Groups 2 (3 % 2 = 1)" },
            { "CG0002", LayerKind.Conv, 2, "InChannels=3 OutChannels=5 Height=8 Width=8 Kernel=3 DepthwiseMultiplier=2", 2, "InChannels=3 OutChannels=6 Height=8 Width=8 Kernel=3 DepthwiseMultiplier=2",
                "OutChannels 5 is not InChannels * DepthwiseMultiplier = 3*2 = 6" },
            { "CG0003", LayerKind.Conv, 1, Conv1 + " Stride=0", 1, Conv1 + " Stride=1",
                "Stride must be at least 1, got 0" },
            { "CG0004", LayerKind.Conv, 2, "InChannels=1024 OutChannels=1 Height=65536 Width=65536 Kernel=1", 2, "InChannels=1024 OutChannels=1 Height=64 Width=64 Kernel=1",
                "the input holds 4398046511104 elements, more than int.MaxValue (2147483647)" },
            { "CG0005", LayerKind.Conv, 1, Conv1 + " Padding=-1", 1, Conv1 + " Padding=0",
                "Padding must be at least 0, got -1" },
            { "CG0005", LayerKind.Conv, 2, "InChannels=1 OutChannels=1 Height=8 Width=8 Kernel=3 PadTop=1 PadBottom=-2", 2, "InChannels=1 OutChannels=1 Height=8 Width=8 Kernel=3 PadTop=1 PadBottom=2",
                "PadBottom must be at least 0, got -2" },
            { "CG0006", LayerKind.Conv, 1, Conv1 + " PaddingKind=1 Stride=2", 1, Conv1 + " PaddingKind=1 Stride=1",
                "PaddingKind.Same needs stride 1, but the stride on length is 2" },
            { "CG0007", LayerKind.Conv, 2, "InChannels=1 OutChannels=1 Height=8 Width=8 Kernel=3 PaddingKind=3", 1, Conv1 + " PaddingKind=3",
                "PaddingKind.Causal is for 1-D layers only; this layer is 2-D" },
            { "CG0008", LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Length=4 Kernel=3 Padding=4 PaddingMode=1", 1, "InChannels=1 OutChannels=1 Length=4 Kernel=3 Padding=3 PaddingMode=1",
                "reflect padding 4 on length must be smaller than the input length 4" },
            { "CG0008", LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Length=4 Kernel=3 Padding=5 PaddingMode=3", 1, "InChannels=1 OutChannels=1 Length=4 Kernel=3 Padding=4 PaddingMode=3",
                "circular padding 5 on length must be at most the input length 4" },
            { "CG0009", LayerKind.ConvTranspose, 1, Conv1 + " Stride=2 OutputPadding=2", 1, Conv1 + " Stride=2 OutputPadding=1",
                "output padding 2 on length must be smaller than max(stride 2, dilation 1) = 2" },
            { "CG0010", LayerKind.MaxPool, 1, "Channels=1 Length=8 Kernel=3 Padding=2", 1, "Channels=1 Length=8 Kernel=3 Padding=1",
                "pooling padding 2 on length must be at most half the dilated kernel (3/2 = 1)" },
            { "CG0010", LayerKind.AvgPool, 2, "Channels=1 Height=8 Width=8 Kernel=2 PaddingW=2", 2, "Channels=1 Height=8 Width=8 Kernel=2 PaddingW=1",
                "pooling padding 2 on width must be at most half the kernel (2/2 = 1)" },
            { "CG0011", LayerKind.Conv, 1, Conv1 + " PaddingKind=1 Padding=1", 1, Conv1 + " PaddingKind=1",
                "PaddingKind.Same computes the padding itself, so Padding = 1 contradicts it" },
            { "CG0011", LayerKind.Conv, 1, Conv1 + " Batch=2 DynamicBatch=1", 1, Conv1 + " DynamicBatch=1",
                "Batch = 2 and DynamicBatch = true contradict each other" },
            { "CG0012", LayerKind.ConvTranspose, 1, Conv1 + " PaddingMode=1", 1, Conv1 + " PaddingMode=0",
                "PaddingMode.Reflect has no meaning; only Zeros is allowed" },
            { "CG0012", LayerKind.AvgPool, 2, "Channels=1 Height=8 Width=8 Kernel=2 Dilation=2", 2, "Channels=1 Height=8 Width=8 Kernel=2 Dilation=1",
                "average pooling has no dilation (PyTorch's AvgPool neither), got Dilation 2" },
            { "CG0013", LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Kernel=3", 1, Conv1,
                "Length (the input length) is required" },
            { "CG0013", LayerKind.AdaptiveAvgPool, 2, "Channels=1 Height=7 Width=7 OutputHeight=2", 2, "Channels=1 Height=7 Width=7 OutputHeight=2 OutputWidth=3",
                "the output width is not given: set OutputSize (all axes) or OutputWidth" },
            { "CG0014", LayerKind.Conv, 1, Conv1 + " BatchNorm=1 BatchNormEpsilon=-1", 1, Conv1 + " BatchNorm=1 BatchNormEpsilon=0.001",
                "BatchNormEpsilon must be a finite number >= 0, got -1" },
            { "CG0014", LayerKind.Conv, 1, Conv1 + " Activation=99", 1, Conv1 + " Activation=4",
                "Activation 99 is not an Activation value" },
            { "CG0015", LayerKind.ConvTranspose, 1, Conv1 + " Algorithm=1", 1, Conv1 + " Algorithm=2",
                "Algorithm = ConvAlgorithm.Direct cannot run a transposed convolution; the algorithms that can are Auto, PhaseGather (the default), Scatter and ChannelLanes (one group, innermost stride at most 4)" },
            { "CG0015", LayerKind.ConvTranspose, 1, "InChannels=2 OutChannels=2 Length=8 Kernel=5 Stride=5 Algorithm=5", 1, "InChannels=2 OutChannels=2 Length=8 Kernel=5 Stride=4 Algorithm=5",
                "Algorithm = ConvAlgorithm.ChannelLanes cannot run this transposed convolution: the innermost stride is 5; channel lanes need one group and an innermost stride of at most 4 (NCHW or NHWC); PhaseGather runs every transposed convolution" },
            { "CG0015", LayerKind.ConvTranspose, 2, "InChannels=2 OutChannels=4 Groups=2 Height=6 Width=6 Kernel=4 Stride=2 Algorithm=5", 2, "InChannels=2 OutChannels=4 Height=6 Width=6 Kernel=4 Stride=2 Algorithm=5",
                "Algorithm = ConvAlgorithm.ChannelLanes cannot run this transposed convolution: it has 2 groups" },
            { "CG0015", LayerKind.Conv, 1, Conv1 + " Algorithm=3", 1, Conv1,
                "Algorithm = ConvAlgorithm.PhaseGather cannot run a convolution; the algorithms that can are Auto, Direct, ChannelLanes (one group, zero padding), Winograd (3x3 in 2-D or 3 in 1-D, stride 1) and WinogradF2x2 (3x3 in 2-D, stride 1)" },
            { "CG0014", LayerKind.Conv, 1, Conv1 + " Algorithm=7", 1, Conv1 + " Algorithm=0",
                "Algorithm 7 is not a ConvAlgorithm value" },
            { "CG0015", LayerKind.Conv, 1, Conv1 + " Algorithm=6", 1, Conv1 + " Algorithm=4",
                "Algorithm = ConvAlgorithm.WinogradF2x2 cannot run this convolution: it is 1-D; F(2x2,3x3) needs a 2-D convolution with a 3x3 kernel, stride 1, dilation 1 (or dilation phases, as Winograd) and one group (in either layout) (1-D layers with a kernel of 3 have Winograd F(4,3): ConvAlgorithm.Winograd)" },
            { "CG0015", LayerKind.Conv, 3, "InChannels=2 OutChannels=2 Depth=6 Height=6 Width=6 Kernel=3 Algorithm=6", 3, "InChannels=2 OutChannels=2 Depth=6 Height=6 Width=6 Kernel=3 Algorithm=1",
                "Algorithm = ConvAlgorithm.WinogradF2x2 cannot run this convolution: it is 3-D" },
            { "CG0015", LayerKind.Conv, 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Stride=2 Algorithm=6", 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Algorithm=6",
                "Algorithm = ConvAlgorithm.WinogradF2x2 cannot run this convolution: the stride is 2x2" },
            // Channels last runs Winograd through the NCHW kernel: the NHWC layer is good, its grouped twin is not.
            { "CG0015", LayerKind.Conv, 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Layout=1 Groups=2 Algorithm=6", 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Layout=1 Algorithm=6",
                "Algorithm = ConvAlgorithm.WinogradF2x2 cannot run this convolution: it has 2 groups" },
            { "CG0015", LayerKind.Conv, 3, "InChannels=2 OutChannels=2 Depth=6 Height=6 Width=6 Kernel=3 Algorithm=4", 3, "InChannels=2 OutChannels=2 Depth=6 Height=6 Width=6 Kernel=3 Algorithm=1",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: it is 3-D; Winograd needs a 3x3 kernel in 2-D (F(4x4,3x3)) or a kernel of 3 in 1-D (F(4,3)), stride 1, dilation 1 and one group (in either layout: channels last runs it through transposed copies; a dilated layer with zero padding and sizes and paddings divisible by the dilation runs it on its dilation phases; a 1-D layer with an even dilation runs it as it is, any padding)" },
            { "CG0015", LayerKind.Conv, 1, "InChannels=2 OutChannels=2 Length=16 Kernel=5 Algorithm=4", 1, "InChannels=2 OutChannels=2 Length=16 Kernel=5 Algorithm=1",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the kernel is 5" },
            { "CG0015", LayerKind.Conv, 1, "InChannels=2 OutChannels=2 Length=16 Kernel=3 Dilation=3 Algorithm=4", 1, "InChannels=2 OutChannels=2 Length=15 Kernel=3 Dilation=3 Algorithm=4",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the dilation is 3 (1-D Winograd runs dilation 1 or an even dilation) and its length 16 and padding 0/0 are not all multiples of the dilation 3" },
            // A 1-D layer with an even dilation runs F(4,3) as it is (dilation lanes), whatever its padding mode and sizes; dilation 3 needs the phases.
            { "CG0015", LayerKind.Conv, 1, "InChannels=2 OutChannels=2 Length=41 Kernel=3 Dilation=3 Padding=3 PaddingMode=1 Algorithm=4", 1, "InChannels=2 OutChannels=2 Length=41 Kernel=3 Dilation=6 Padding=5 PaddingMode=1 Algorithm=4",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the dilation is 3 (1-D Winograd runs dilation 1 or an even dilation) and its padding is Reflect (dilation phases need zero padding)|a 1-D layer with an even dilation runs it as it is" },
            { "CG0015", LayerKind.Conv, 1, "InChannels=2 OutChannels=2 Length=16 Kernel=3 Stride=2 Algorithm=4", 1, "InChannels=2 OutChannels=2 Length=16 Kernel=3 Stride=2 Algorithm=1",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the stride is 2" },
            { "CG0015", LayerKind.Conv, 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Stride=2 Algorithm=4", 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Algorithm=4",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the stride is 2x2" },
            { "CG0015", LayerKind.Conv, 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=5 Algorithm=4", 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Algorithm=4",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the kernel is 5x5" },
            { "CG0015", LayerKind.Conv, 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Groups=2 Algorithm=4", 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Algorithm=4",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: it has 2 groups" },
            { "CG0015", LayerKind.Conv, 2, "InChannels=2 OutChannels=2 Height=9 Width=8 Kernel=3 Dilation=2 Algorithm=4", 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Dilation=2 Algorithm=4",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the dilation is 2x2 and its height 9 and padding 0/0 are not all multiples of the dilation 2" },
            // Channels last runs the dilation phases too (split from NHWC): the same rule in either layout.
            { "CG0015", LayerKind.Conv, 2, "InChannels=2 OutChannels=2 Height=9 Width=8 Kernel=3 Dilation=2 Layout=1 Algorithm=4", 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Dilation=2 Layout=1 Algorithm=4",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the dilation is 2x2 and its height 9 and padding 0/0 are not all multiples of the dilation 2" },
            { "CG0015", LayerKind.Conv, 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Dilation=2 Padding=2 PaddingMode=1 Algorithm=4", 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Dilation=2 Padding=2 Algorithm=4",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the dilation is 2x2 and its padding is Reflect (dilation phases need zero padding)" },
            { "CG0015", LayerKind.Conv, 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Layout=1 Stride=2 Algorithm=4", 2, "InChannels=2 OutChannels=2 Height=8 Width=8 Kernel=3 Layout=1 Algorithm=4",
                "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: the stride is 2x2" },
            { "CG0015", LayerKind.Conv, 1, Conv1 + " Algorithm=2", 1, Conv1 + " Algorithm=1",
                "Algorithm = ConvAlgorithm.Scatter cannot run a convolution; the algorithms that can are Auto, Direct, ChannelLanes (one group, zero padding), Winograd (3x3 in 2-D or 3 in 1-D, stride 1) and WinogradF2x2 (3x3 in 2-D, stride 1)" },
            { "CG0101", LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Length=10 Kernel=2 Stride=3", 1, "InChannels=1 OutChannels=1 Length=10 Kernel=2 Stride=2",
                "stride 3 on length is larger than the kernel 2: 1 of every 3 input positions never reach any output" },
            { "CG0101", LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Length=11 Kernel=2 Dilation=2 Stride=4", 1, "InChannels=1 OutChannels=1 Length=11 Kernel=2 Dilation=2 Stride=3",
                "stride 4 on length is larger than the dilated kernel 3 = 2*(2-1)+1" },
            { "CG0102", LayerKind.Conv, 2, "InChannels=1 OutChannels=1 Height=8 Width=10 Kernel=3 Stride=2", 2, "InChannels=1 OutChannels=1 Height=9 Width=11 Kernel=3 Stride=2",
                "the last 1 input height position(s) never reach an output: (8 + 0 + 0 - 3) % 2 = 1" },
            { "CG0103", LayerKind.Conv, 1, Conv1 + " Padding=3", 1, Conv1 + " Padding=2",
                "padding 3 on length is not smaller than the kernel 3: the outermost output(s) see only zero padding" },
            { "CG0104", LayerKind.ConvTranspose, 2, "InChannels=1 OutChannels=1 Height=5 Width=5 Kernel=3 Stride=2 Padding=1", 2, "InChannels=1 OutChannels=1 Height=5 Width=5 Kernel=4 Stride=2 Padding=1",
                "kernel 3 on height is not divisible by the stride 2|checkerboard artifacts (Odena et al. 2016); use kernel 4" },
            { "CG0105", LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Length=8 Kernel=4 PaddingKind=1", 1, "InChannels=1 OutChannels=1 Length=8 Kernel=5 PaddingKind=1",
                "PaddingKind.Same with the kernel 4 on length pads 1 before and 2 after (PyTorch's split: the odd extra goes after)" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void ViolationAppearsForTheBadLayerOnly(string id, LayerKind kind, int badRank, string bad, int goodRank, string good, string fragments)
        {
            List<ShapeViolation> badViolations = Violations(kind, badRank, bad);
            ShapeViolation? hit = badViolations.FirstOrDefault(v => v.Id == id);
            Assert.True(hit is not null, id + " expected for " + bad + ", got: " + Describe(badViolations));
            Assert.Equal(string.CompareOrdinal(id, "CG0100") < 0 ? ViolationSeverity.Error : ViolationSeverity.Warning, hit!.Severity);
            Assert.StartsWith("Layer 'L': ", hit.Message, StringComparison.Ordinal);
            foreach (string fragment in fragments.Split('|'))
            {
                Assert.Contains(fragment, hit.Message, StringComparison.Ordinal);
            }

            // The good neighbour has neither this diagnostic nor any error (warnings of other kinds may remain).
            List<ShapeViolation> goodViolations = Violations(kind, goodRank, good).Where(v => v.Id == id || v.Severity == ViolationSeverity.Error).ToList();
            Assert.True(goodViolations.Count == 0, "the good neighbour " + good + " has: " + Describe(goodViolations));
        }

        [Fact]
        public void EveryShapeDiagnosticIsCovered()
        {
            var ids = typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Select(f => (string)f.GetValue(null)!)
                .Where(id => string.CompareOrdinal(id, "CG0200") < 0)
                .OrderBy(id => id, StringComparer.Ordinal)
                .ToList();
            var covered = Cases().Select(row => (string)row[0]).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
            Assert.Equal(Enumerable.Range(1, 15).Concat(Enumerable.Range(101, 5)).Select(i => "CG" + i.ToString("D4", CultureInfo.InvariantCulture)), ids);
            Assert.Equal(ids, covered);
        }

        [Fact]
        public void OutputNotPositivePointsAtTheKernel()
        {
            ShapeViolation v = Assert.Single(Violations(LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Length=4 Kernel=5"));
            Assert.Equal(DiagnosticIds.OutputNotPositive, v.Id);
            Assert.Equal("Kernel", v.ArgumentName);
            Assert.Equal("Layer 'L': output length is 0 = floor((4 + 0 + 0 - 1*(5-1) - 1) / 1) + 1; it must be at least 1", v.Message);
        }

        [Fact]
        public void SamePaddingPutsTheOddExtraAfter()
        {
            var violations = new List<ShapeViolation>();
            LayerShape s = LayerShapeBuilder.Build(LayerKind.Conv, 2, Args("InChannels=1 OutChannels=1 Height=8 Width=7 KernelH=4 KernelW=3 PaddingKind=1"), "L", violations);
            Assert.DoesNotContain(violations, v => v.Severity == ViolationSeverity.Error);
            Assert.Equal(new[] { 1, 1 }, s.PadBefore);
            Assert.Equal(new[] { 2, 1 }, s.PadAfter);
            Assert.Equal(new[] { 8, 7 }, s.Output);
        }

        [Fact]
        public void CausalPadsOnlyTheStart()
        {
            var violations = new List<ShapeViolation>();
            LayerShape s = LayerShapeBuilder.Build(LayerKind.Conv, 1, Args("InChannels=1 OutChannels=1 Length=25 Kernel=3 Dilation=4 PaddingKind=3"), "L", violations);
            Assert.DoesNotContain(violations, v => v.Severity == ViolationSeverity.Error);
            Assert.Equal(new[] { 8 }, s.PadBefore);
            Assert.Equal(new[] { 0 }, s.PadAfter);
            Assert.Equal(new[] { 25 }, s.Output);
        }

        [Fact]
        public void PoolingStrideDefaultsToTheKernel()
        {
            var violations = new List<ShapeViolation>();
            LayerShape s = LayerShapeBuilder.Build(LayerKind.MaxPool, 2, Args("Channels=2 Height=9 Width=7 KernelH=3 KernelW=2"), "L", violations);
            Assert.DoesNotContain(violations, v => v.Severity == ViolationSeverity.Error);
            Assert.Equal(new[] { 3, 2 }, s.Stride);
            Assert.Equal(new[] { 3, 3 }, s.Output);
        }

        [Fact]
        public void PerAxisArgumentsOverrideTheCommonOne()
        {
            var violations = new List<ShapeViolation>();
            LayerShape s = LayerShapeBuilder.Build(LayerKind.Conv, 3,
                Args("InChannels=2 OutChannels=2 Depth=5 Height=6 Width=7 Kernel=3 KernelD=1 Padding=1 PaddingD=0 Stride=2 StrideW=1"), "L", violations);
            Assert.DoesNotContain(violations, v => v.Severity == ViolationSeverity.Error);
            Assert.Equal(new[] { 1, 3, 3 }, s.Kernel);
            Assert.Equal(new[] { 0, 1, 1 }, s.PadBefore);
            Assert.Equal(new[] { 2, 2, 1 }, s.Stride);
            Assert.Equal(new[] { 3, 3, 7 }, s.Output);
        }

        internal static LayerArguments Args(string text)
        {
            var args = new LayerArguments();
            foreach (string pair in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] parts = pair.Split('=');
                args.Set(parts[0], double.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture));
            }

            return args;
        }

        private static List<ShapeViolation> Violations(LayerKind kind, int rank, string args)
        {
            var violations = new List<ShapeViolation>();
            LayerShapeBuilder.Build(kind, rank, Args(args), "L", violations);
            return violations;
        }

        private static string Describe(List<ShapeViolation> violations)
            => violations.Count == 0 ? "(none)" : string.Join("; ", violations.Select(v => v.ToString()));
    }
}
