using System;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>Entry-point checks of code generated at build time (StaticLayers): lengths, overlap, batch.</summary>
    public sealed class RuntimeCheckTests
    {
        private static readonly float[] s_weight = new float[StaticLayers.DownShape.WeightElements];
        private static readonly float[] s_bias = new float[StaticLayers.DownShape.ChannelParameterElements];

        [Fact]
        public void Wrong_Input_Length_Names_Parameter_Formula_And_Lengths()
        {
            var e = Assert.Throws<ArgumentException>(() => StaticLayers.Down(new float[296], s_weight, s_bias, new float[StaticLayers.DownShape.OutputElements]));
            Assert.Equal("input", e.ParamName);
            Assert.Contains("'input' must have length 297 (N*C*H*W = 1*3*9*11), but it has length 296", e.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("weight", 215, "216 (Cout*(Cin/groups)*KH*KW = 8*3*3*3)")]
        [InlineData("bias", 7, "8 (Cout = 8)")]
        [InlineData("output", 241, "240 (N*Cout*OH*OW = 1*8*5*6)")]
        public void Wrong_Operand_Lengths(string parameter, int length, string expected)
        {
            float[] input = new float[StaticLayers.DownShape.InputElements];
            float[] weight = parameter == "weight" ? new float[length] : s_weight;
            float[] bias = parameter == "bias" ? new float[length] : s_bias;
            float[] output = parameter == "output" ? new float[length] : new float[StaticLayers.DownShape.OutputElements];
            var e = Assert.Throws<ArgumentException>(() => StaticLayers.Down(input, weight, bias, output));
            Assert.Equal(parameter, e.ParamName);
            Assert.Contains("must have length " + expected + ", but it has length " + length, e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Output_Overlapping_Input_Is_Rejected()
        {
            float[] buffer = new float[StaticLayers.DownShape.InputElements + StaticLayers.DownShape.OutputElements - 10];
            var e = Assert.Throws<ArgumentException>(() => StaticLayers.Down(
                buffer.AsSpan(0, StaticLayers.DownShape.InputElements), s_weight, s_bias, buffer.AsSpan(StaticLayers.DownShape.InputElements - 10)));
            Assert.Contains("'input' and 'output' overlap", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Dynamic_Batch_Is_Checked()
        {
            float[] x = new float[2 * StaticLayers.PoolShape.InputItemElements];
            float[] y = new float[2 * StaticLayers.PoolShape.OutputItemElements];
            Assert.Throws<ArgumentOutOfRangeException>(() => StaticLayers.Pool(x, y, 0));
            var e = Assert.Throws<ArgumentException>(() => StaticLayers.Pool(x, y, 3));
            Assert.Equal("input", e.ParamName);
            StaticLayers.Pool(x, y, 2);
        }

        [Fact]
        public void Static_Layer_Constants_Describe_The_Shape()
        {
            Assert.Equal(5, StaticLayers.DownShape.OutputHeight);
            Assert.Equal(6, StaticLayers.DownShape.OutputWidth);
            Assert.Equal(240, StaticLayers.DownShape.OutputElements);
            Assert.Equal("F32_Conv2d_Direct_Relu_k3x3_8x16__V512", StaticLayers.DownShape.Kernel);
            Assert.Equal(8L * 5 * 6 * 3 * 9, StaticLayers.DownShape.MacsPerItem);
        }

        [Fact]
        public void Static_Layer_Matches_Reference()
        {
            var rng = new Random(7);
            float[] x = new float[StaticLayers.DownShape.InputElements];
            float[] w = new float[StaticLayers.DownShape.WeightElements];
            float[] b = new float[StaticLayers.DownShape.ChannelParameterElements];
            foreach (float[] a in new[] { x, w, b })
            {
                for (int i = 0; i < a.Length; i++)
                {
                    a[i] = (float)(rng.NextDouble() * 2 - 1);
                }
            }

            float[] y = new float[StaticLayers.DownShape.OutputElements];
            float[] r = new float[y.Length];
            StaticLayers.Down(x, w, b, y);
            ConvGen.Reference.ReferenceKernels.Run(StaticLayers.DownShape.Layer, 1, new ConvGen.Reference.LayerOperands { Input = x, Weight = w, Bias = b }, r);
            for (int i = 0; i < y.Length; i++)
            {
                Assert.True(Math.Abs(y[i] - r[i]) <= 1e-5, i + ": " + y[i] + " vs " + r[i]);
            }
        }
    }
}
