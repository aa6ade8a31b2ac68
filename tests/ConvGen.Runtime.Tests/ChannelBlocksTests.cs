using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>Weight packing for output channels on vector lanes: [Cout, Cin, taps] into [blocks][Cin][taps][B], zero past Cout.</summary>
    public sealed class ChannelBlocksTests
    {
        [Theory]
        [InlineData(5, 3, 4, 4)]
        [InlineData(64, 2, 9, 64)]
        [InlineData(70, 3, 1, 48)]
        public void Packs_Every_Weight_At_Its_Block_Position_And_Zero_Past_Cout(int cout, int cin, int taps, int block)
        {
            var weights = new float[cout * cin * taps];
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = i + 1;
            }

            int blocks = (cout + block - 1) / block;
            Assert.Equal((long)blocks * cin * taps * block, ChannelBlocks.PackedLength(cout, cin, taps, block));
            var packed = new float[ChannelBlocks.PackedLength(cout, cin, taps, block)];
            System.Array.Fill(packed, float.NaN);
            // Two ranges, as two threads would pack them.
            ChannelBlocks.Pack(ref weights[0], cout, cin, taps, block, ref packed[0], 0, blocks / 2);
            ChannelBlocks.Pack(ref weights[0], cout, cin, taps, block, ref packed[0], blocks / 2, blocks);
            AssertBlocks(packed, cout, cin, taps, block, (oc, ic, t) => weights[(oc * cin + ic) * taps + t]);
        }

        /// <summary>Every packed value at <c>[b][ic][t][j]</c> is the weight of output channel <c>b * block + j</c>, or zero past Cout.</summary>
        private static void AssertBlocks(float[] packed, int cout, int cin, int taps, int block, System.Func<int, int, int, float> weight)
        {
            int blocks = (cout + block - 1) / block;
            for (int b = 0; b < blocks; b++)
            {
                for (int ic = 0; ic < cin; ic++)
                {
                    for (int t = 0; t < taps; t++)
                    {
                        for (int j = 0; j < block; j++)
                        {
                            int oc = b * block + j;
                            Assert.Equal(oc < cout ? weight(oc, ic, t) : 0f, packed[((b * cin + ic) * taps + t) * block + j]);
                        }
                    }
                }
            }
        }

        [Theory]
        [InlineData(5, 3, 4, 4)]
        [InlineData(64, 2, 16, 64)]
        [InlineData(70, 3, 9, 48)]
        public void Packs_Transposed_Weights_From_Cin_Cout_Taps_At_Their_Block_Position_And_Zero_Past_Cout(int cout, int cin, int taps, int block)
        {
            var weights = new float[cin * cout * taps];
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = i + 1;
            }

            int blocks = (cout + block - 1) / block;
            var packed = new float[ChannelBlocks.PackedLength(cout, cin, taps, block)];
            System.Array.Fill(packed, float.NaN);
            ChannelBlocks.PackTransposed(ref weights[0], cout, cin, taps, block, ref packed[0], 0, blocks / 2);
            ChannelBlocks.PackTransposed(ref weights[0], cout, cin, taps, block, ref packed[0], blocks / 2, blocks);
            AssertBlocks(packed, cout, cin, taps, block, (oc, ic, t) => weights[(ic * cout + oc) * taps + t]);
        }
    }
}
