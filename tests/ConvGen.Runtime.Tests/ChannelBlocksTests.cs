using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>Weight packing for output channels on vector lanes: [Cout, Cin, taps] into [blocks][B / S][Cin][taps][S], zero past Cout.</summary>
    public sealed class ChannelBlocksTests
    {
        [Theory]
        [InlineData(5, 3, 4, 4, 4)]
        [InlineData(64, 2, 9, 64, 64)]
        [InlineData(70, 3, 1, 48, 48)]
        [InlineData(64, 2, 9, 64, 16)]
        [InlineData(70, 3, 5, 48, 16)]
        [InlineData(40, 4, 3, 32, 8)]
        public void Packs_Every_Weight_At_Its_Block_Position_And_Zero_Past_Cout(int cout, int cin, int taps, int block, int subBlock)
        {
            float[] weights = Numbered(cout * cin * taps);
            int blocks = (cout + block - 1) / block;
            Assert.Equal((long)blocks * cin * taps * block, ChannelBlocks.PackedLength(cout, cin, taps, block));
            float[] packed = PackInTwoRanges(cout, cin, taps, block, subBlock,
                (into, from, to) => ChannelBlocks.Pack(ref weights[0], cout, cin, taps, block, ref into[0], from, to),
                (into, from, to) => ChannelBlocks.Pack(ref weights[0], cout, cin, taps, block, subBlock, ref into[0], from, to));
            AssertBlocks(packed, cout, cin, taps, block, subBlock, (oc, ic, t) => weights[(oc * cin + ic) * taps + t]);
        }

        /// <summary>1, 2, 3, ...: every weight its own value.</summary>
        private static float[] Numbered(int length)
        {
            var values = new float[length];
            for (int i = 0; i < length; i++)
            {
                values[i] = i + 1;
            }

            return values;
        }

        /// <summary>
        /// The packed weights, NaN-filled first, packed in two block ranges as two threads would pack them: by
        /// <paramref name="whole"/> (the overload without a sub-block) where the sub-block is the block, else by
        /// <paramref name="inSubBlocks"/>.
        /// </summary>
        private static float[] PackInTwoRanges(int cout, int cin, int taps, int block, int subBlock, System.Action<float[], int, int> whole, System.Action<float[], int, int> inSubBlocks)
        {
            int blocks = (cout + block - 1) / block;
            var packed = new float[ChannelBlocks.PackedLength(cout, cin, taps, block)];
            System.Array.Fill(packed, float.NaN);
            System.Action<float[], int, int> pack = subBlock == block ? whole : inSubBlocks;
            pack(packed, 0, blocks / 2);
            pack(packed, blocks / 2, blocks);
            return packed;
        }

        [Fact]
        public void A_Sub_Block_That_Does_Not_Divide_The_Block_Is_Rejected()
        {
            var weights = new float[48 * 2];
            var packed = new float[ChannelBlocks.PackedLength(48, 2, 1, 48)];
            var e = Assert.Throws<System.ArgumentException>(() => ChannelBlocks.Pack(ref weights[0], 48, 2, 1, 48, 32, ref packed[0], 0, 1));
            Assert.Contains("block 48, subBlock 32", e.Message, System.StringComparison.Ordinal);
        }

        /// <summary>
        /// Every packed value at <c>[b][j / S][ic][t][j % S]</c> is the weight of output channel <c>b * block + j</c>, or zero
        /// past Cout.
        /// </summary>
        private static void AssertBlocks(float[] packed, int cout, int cin, int taps, int block, int subBlock, System.Func<int, int, int, float> weight)
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
                            int at = b * cin * taps * block + j / subBlock * cin * taps * subBlock + (ic * taps + t) * subBlock + j % subBlock;
                            Assert.Equal(oc < cout ? weight(oc, ic, t) : 0f, packed[at]);
                        }
                    }
                }
            }
        }

        [Theory]
        [InlineData(5, 3, 4, 4, 4)]
        [InlineData(64, 2, 16, 64, 64)]
        [InlineData(70, 3, 9, 48, 48)]
        [InlineData(70, 3, 9, 48, 16)]
        [InlineData(36, 2, 4, 32, 16)]
        public void Packs_Transposed_Weights_From_Cin_Cout_Taps_At_Their_Block_Position_And_Zero_Past_Cout(int cout, int cin, int taps, int block, int subBlock)
        {
            float[] weights = Numbered(cin * cout * taps);
            float[] packed = PackInTwoRanges(cout, cin, taps, block, subBlock,
                (into, from, to) => ChannelBlocks.PackTransposed(ref weights[0], cout, cin, taps, block, ref into[0], from, to),
                (into, from, to) => ChannelBlocks.PackTransposed(ref weights[0], cout, cin, taps, block, subBlock, ref into[0], from, to));
            AssertBlocks(packed, cout, cin, taps, block, subBlock, (oc, ic, t) => weights[(ic * cout + oc) * taps + t]);
        }
    }
}
