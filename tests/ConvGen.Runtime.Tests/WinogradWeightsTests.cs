using System;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>
    /// The Winograd weight transform into output-channel blocks (the lane GEMM's layout): the same values as the plain
    /// layout, each at <see cref="WinogradF43.BlockedOffset"/>, on the ISA level this machine runs (the generator tests
    /// run it at every level through the generated kernels).
    /// </summary>
    public sealed class WinogradWeightsTests
    {
        [Theory]
        [InlineData(272, 20, 64)] // blocks 64, 64, 64, 64, 16
        [InlineData(48, 9, 64)] // one block narrower than the block width
        [InlineData(80, 3, 32)]
        [InlineData(29, 5, 29)] // the block is Cout: the plain layout
        public void Blocked_Layout_Holds_The_Plain_Values_At_Their_Offsets(int outChannels, int inChannels, int block)
        {
            float[] w = RandomWeights(outChannels * inChannels * 9, outChannels * 31 + inChannels);

            float[] plain = new float[WinogradF43.TransformedLength(outChannels, inChannels)];
            float[] blocked = new float[plain.Length];
            Array.Fill(blocked, float.NaN);
            WinogradF43.TransformWeights(ref w[0], outChannels, inChannels, ref plain[0]);
            WinogradF43.TransformWeights(ref w[0], outChannels, inChannels, ref blocked[0], 0, inChannels, block);
            AssertPlainValuesAtBlockedOffsets(plain, blocked, 36, outChannels, inChannels, block);
        }

        /// <summary>Every value of <paramref name="plain"/> (<c>[xi][ic][oc]</c>) bit for bit at its blocked offset, each offset taken once.</summary>
        private static void AssertPlainValuesAtBlockedOffsets(float[] plain, float[] blocked, int elements, int outChannels, int inChannels, int block)
        {
            var seen = new bool[plain.Length];
            for (int xi = 0; xi < elements; xi++)
            {
                for (int ic = 0; ic < inChannels; ic++)
                {
                    for (int oc = 0; oc < outChannels; oc++)
                    {
                        int at = (int)WinogradF43.BlockedOffset(xi, ic, oc, inChannels, outChannels, block);
                        Assert.False(seen[at], "offset " + at + " taken twice");
                        seen[at] = true;
                        float want = plain[(xi * inChannels + ic) * outChannels + oc];
                        Assert.True(BitConverter.SingleToInt32Bits(want) == BitConverter.SingleToInt32Bits(blocked[at]),
                            "xi " + xi + ", ic " + ic + ", oc " + oc + ": blocked " + blocked[at] + ", plain " + want);
                    }
                }
            }
        }

        [Theory]
        [InlineData(272, 20, 64)] // blocks 64, 64, 64, 64, 16: the 512-bit, then the 256-bit and scalar remainders of each vector loop
        [InlineData(29, 5, 29)] // the plain layout, a scalar tail of 13 channels
        public void F2x2_Weights_Are_G_g_GT_At_Their_Blocked_Offsets(int outChannels, int inChannels, int block)
        {
            float[] w = RandomWeights(outChannels * inChannels * 9, outChannels * 17 + inChannels);

            float[] u = new float[WinogradF23.TransformedLength(outChannels, inChannels)];
            Array.Fill(u, float.NaN);
            WinogradF23.TransformWeights(ref w[0], outChannels, inChannels, ref u[0], 0, inChannels, block);
            // G = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1], in float64 from the definition.
            double[,] g = { { 1, 0, 0 }, { 0.5, 0.5, 0.5 }, { 0.5, -0.5, 0.5 }, { 0, 0, 1 } };
            for (int oc = 0; oc < outChannels; oc++)
            {
                for (int ic = 0; ic < inChannels; ic++)
                {
                    for (int r = 0; r < 4; r++)
                    {
                        for (int c = 0; c < 4; c++)
                        {
                            double want = 0;
                            for (int i = 0; i < 3; i++)
                            {
                                for (int j = 0; j < 3; j++)
                                {
                                    want += g[r, i] * w[(oc * inChannels + ic) * 9 + 3 * i + j] * g[c, j];
                                }
                            }

                            float got = u[(int)WinogradF23.BlockedOffset(4 * r + c, ic, oc, inChannels, outChannels, block)];
                            Assert.True(Math.Abs(got - want) <= 1e-6, "oc " + oc + ", ic " + ic + ", element " + (4 * r + c) + ": " + got + ", G g G^T " + want);
                        }
                    }
                }
            }

            Assert.DoesNotContain(u, float.IsNaN);
        }

        [Theory]
        [InlineData(128, 7, 12)] // runs of 12 (the 1-D tile GEMM's), the last 8 wide: 512- and 256-bit vectors straddle runs
        [InlineData(37, 4, 5)] // a scalar tail of 5 channels over runs of 5
        [InlineData(20, 3, 1)] // one channel a run
        [InlineData(29, 5, 29)] // the run is Cout: the plain layout
        public void One_D_Runs_Hold_The_Plain_Values_At_Their_Offsets(int outChannels, int inChannels, int run)
        {
            float[] w = RandomWeights(outChannels * inChannels * 3, outChannels * 13 + inChannels);

            float[] plain = new float[WinogradF43.TransformedLength1D(outChannels, inChannels)];
            float[] runs = new float[plain.Length];
            Array.Fill(runs, float.NaN);
            WinogradF43.TransformWeights1D(ref w[0], outChannels, inChannels, ref plain[0], 0, inChannels);
            // In two input-channel ranges, as the per-call transform's parallel parts write them.
            WinogradF43.TransformWeights1D(ref w[0], outChannels, inChannels, ref runs[0], 0, inChannels / 2, run);
            WinogradF43.TransformWeights1D(ref w[0], outChannels, inChannels, ref runs[0], inChannels / 2, inChannels, run);
            AssertPlainValuesAtBlockedOffsets(plain, runs, 6, outChannels, inChannels, run);
            Assert.DoesNotContain(runs, float.IsNaN);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(-3)]
        [InlineData(21)]
        public void A_One_D_Run_Outside_One_To_Cout_Is_Refused_With_The_Values(int run)
        {
            float[] w = new float[20 * 2 * 3];
            float[] u = new float[WinogradF43.TransformedLength1D(20, 2)];
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => WinogradF43.TransformWeights1D(ref w[0], 20, 2, ref u[0], 0, 2, run));
            Assert.Contains("between 1 and Cout (20)", e.Message, StringComparison.Ordinal);
            Assert.Equal(run, e.ActualValue);
        }

        /// <summary>Weights uniform in [-1, 1) from a fixed seed.</summary>
        private static float[] RandomWeights(int count, int seed)
        {
            var random = new Random(seed);
            float[] w = new float[count];
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (float)(random.NextDouble() * 2 - 1);
            }

            return w;
        }

        [Theory]
        [InlineData(0)]
        [InlineData(24)]
        [InlineData(-16)]
        public void A_Block_That_Splits_Vectors_Is_Refused_With_The_Values(int block)
        {
            float[] w = new float[64 * 2 * 9];
            float[] u = new float[WinogradF43.TransformedLength(64, 2)];
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => WinogradF43.TransformWeights(ref w[0], 64, 2, ref u[0], 0, 2, block));
            Assert.Contains("Cout (64)", e.Message, StringComparison.Ordinal);
            Assert.Contains("multiple of 16", e.Message, StringComparison.Ordinal);
            Assert.Equal(block, e.ActualValue);
        }
    }
}
