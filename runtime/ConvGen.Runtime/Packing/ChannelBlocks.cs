using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// Weight packing for kernels with output channels on the vector lanes: PyTorch's <c>[Cout, Cin, taps]</c> becomes
    /// <c>[Cout / B blocks][B / S sub-blocks][Cin][taps][S]</c>, so the S output channels of one (input channel, tap) are
    /// consecutive and load as whole vectors, and one sub-block's weights are one consecutive run (a kernel that works a
    /// sub-block at a time reads them in order, every cache line whole; S = B is <c>[blocks][Cin][taps][B]</c>). Channels
    /// past Cout in the last block are zero (their lanes are computed and never stored). Transposed convolutions
    /// (<c>[Cin, Cout, taps]</c>) pack into the same layout (<see cref="PackTransposed"/>).
    /// </summary>
    public static class ChannelBlocks
    {
        /// <summary>Floats of the packed weights.</summary>
        public static long PackedLength(int outChannels, int inChannels, int taps, int block)
            => (long)((outChannels + block - 1) / block) * inChannels * taps * block;

        /// <summary>
        /// Packs blocks <c>[blockFrom, blockTo)</c> of <paramref name="weights"/> (<c>[Cout, Cin, taps]</c>) into
        /// <paramref name="packed"/> (parts for disjoint block ranges may run on different threads).
        /// </summary>
        public static void Pack(ref float weights, int outChannels, int inChannels, int taps, int block, ref float packed, int blockFrom, int blockTo)
            => Pack(ref weights, outChannels, inChannels, taps, block, block, ref packed, blockFrom, blockTo);

        /// <summary>
        /// Packs blocks <c>[blockFrom, blockTo)</c> of <paramref name="weights"/> (<c>[Cout, Cin, taps]</c>) into
        /// <paramref name="packed"/> in sub-blocks of <paramref name="subBlock"/> channels (a divisor of
        /// <paramref name="block"/>); parts for disjoint block ranges may run on different threads.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Pack(ref float weights, int outChannels, int inChannels, int taps, int block, int subBlock, ref float packed, int blockFrom, int blockTo)
        {
            CheckSubBlock(block, subBlock);
            long perChannel = (long)inChannels * taps;
            for (int b = blockFrom; b < blockTo; b++)
            {
                for (int j = 0; j < block; j++)
                {
                    ref float dst = ref Unsafe.Add(ref packed, (nint)Offset(b, j, 0, perChannel, block, subBlock));
                    int oc = b * block + j;
                    if (oc >= outChannels)
                    {
                        for (long k = 0; k < perChannel; k++)
                        {
                            Unsafe.Add(ref dst, (nint)(k * subBlock)) = 0f;
                        }

                        continue;
                    }

                    ref float src = ref Unsafe.Add(ref weights, (nint)(oc * perChannel));
                    for (long k = 0; k < perChannel; k++)
                    {
                        Unsafe.Add(ref dst, (nint)(k * subBlock)) = Unsafe.Add(ref src, (nint)k);
                    }
                }
            }
        }

        /// <summary>
        /// Where channel <paramref name="j"/> of block <paramref name="b"/> at (input channel, tap) index <paramref name="k"/>
        /// (<c>ic * taps + tap</c>, below <paramref name="perChannel"/>) lies in the packed weights.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static long Offset(int b, int j, long k, long perChannel, int block, int subBlock)
            => (long)b * perChannel * block + (long)(j / subBlock) * perChannel * subBlock + k * subBlock + j % subBlock;

        private static void CheckSubBlock(int block, int subBlock)
        {
            if (subBlock <= 0 || block % subBlock != 0)
            {
                throw new System.ArgumentException("subBlock must divide block (block " + block + ", subBlock " + subBlock + ").", nameof(subBlock));
            }
        }

        /// <summary>
        /// Packs blocks <c>[blockFrom, blockTo)</c> of a transposed convolution's <paramref name="weights"/> (PyTorch's
        /// <c>[Cin, Cout, taps]</c>, one group) into the same blocked layout, <c>[Cout / B blocks][Cin][taps][B]</c>, with the
        /// taps in PyTorch's order; channels past Cout are zero.
        /// </summary>
        public static void PackTransposed(ref float weights, int outChannels, int inChannels, int taps, int block, ref float packed, int blockFrom, int blockTo)
            => PackTransposed(ref weights, outChannels, inChannels, taps, block, block, ref packed, blockFrom, blockTo);

        /// <summary>
        /// <see cref="PackTransposed(ref float, int, int, int, int, ref float, int, int)"/> in sub-blocks of
        /// <paramref name="subBlock"/> channels (a divisor of <paramref name="block"/>), the layout of
        /// <see cref="Pack(ref float, int, int, int, int, int, ref float, int, int)"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void PackTransposed(ref float weights, int outChannels, int inChannels, int taps, int block, int subBlock, ref float packed, int blockFrom, int blockTo)
        {
            CheckSubBlock(block, subBlock);
            long perChannel = (long)inChannels * taps;
            for (int b = blockFrom; b < blockTo; b++)
            {
                int count = System.Math.Min(block, outChannels - b * block);
                for (int ic = 0; ic < inChannels; ic++)
                {
                    ref float src = ref Unsafe.Add(ref weights, (nint)(((long)ic * outChannels + (long)b * block) * taps));
                    for (int k = 0; k < taps; k++)
                    {
                        // Sub-block by sub-block: one offset each (a layer packed per call packs here on every call).
                        for (int j0 = 0; j0 < block; j0 += subBlock)
                        {
                            ref float line = ref Unsafe.Add(ref packed, (nint)Offset(b, j0, (long)ic * taps + k, perChannel, block, subBlock));
                            for (int jj = 0; jj < subBlock; jj++)
                            {
                                int j = j0 + jj;
                                Unsafe.Add(ref line, jj) = j < count ? Unsafe.Add(ref src, (nint)((long)j * taps + k)) : 0f;
                            }
                        }
                    }
                }
            }
        }
    }
}
