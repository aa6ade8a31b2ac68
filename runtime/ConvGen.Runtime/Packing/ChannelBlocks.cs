using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// Weight packing for kernels with output channels on the vector lanes: PyTorch's <c>[Cout, Cin, taps]</c> becomes
    /// <c>[Cout / B blocks][Cin][taps][B]</c>, so the B output channels of one (input channel, tap) are consecutive and
    /// load as whole vectors. Channels past Cout in the last block are zero (their lanes are computed and never stored).
    /// Transposed convolutions (<c>[Cin, Cout, taps]</c>) pack into the same layout (<see cref="PackTransposed"/>).
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
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Pack(ref float weights, int outChannels, int inChannels, int taps, int block, ref float packed, int blockFrom, int blockTo)
        {
            long perChannel = (long)inChannels * taps;
            for (int b = blockFrom; b < blockTo; b++)
            {
                ref float dst = ref Unsafe.Add(ref packed, (nint)(b * perChannel * block));
                for (int j = 0; j < block; j++)
                {
                    int oc = b * block + j;
                    if (oc >= outChannels)
                    {
                        for (long k = 0; k < perChannel; k++)
                        {
                            Unsafe.Add(ref dst, (nint)(k * block + j)) = 0f;
                        }

                        continue;
                    }

                    ref float src = ref Unsafe.Add(ref weights, (nint)(oc * perChannel));
                    for (long k = 0; k < perChannel; k++)
                    {
                        Unsafe.Add(ref dst, (nint)(k * block + j)) = Unsafe.Add(ref src, (nint)k);
                    }
                }
            }
        }

        /// <summary>
        /// Packs blocks <c>[blockFrom, blockTo)</c> of a transposed convolution's <paramref name="weights"/> (PyTorch's
        /// <c>[Cin, Cout, taps]</c>, one group) into the same blocked layout, <c>[Cout / B blocks][Cin][taps][B]</c>, with the
        /// taps in PyTorch's order; channels past Cout are zero.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void PackTransposed(ref float weights, int outChannels, int inChannels, int taps, int block, ref float packed, int blockFrom, int blockTo)
        {
            long perBlock = (long)inChannels * taps * block;
            for (int b = blockFrom; b < blockTo; b++)
            {
                ref float dst = ref Unsafe.Add(ref packed, (nint)(b * perBlock));
                int count = System.Math.Min(block, outChannels - b * block);
                for (int ic = 0; ic < inChannels; ic++)
                {
                    ref float src = ref Unsafe.Add(ref weights, (nint)(((long)ic * outChannels + (long)b * block) * taps));
                    ref float row = ref Unsafe.Add(ref dst, (nint)((long)ic * taps * block));
                    for (int k = 0; k < taps; k++)
                    {
                        ref float line = ref Unsafe.Add(ref row, (nint)((long)k * block));
                        for (int j = 0; j < block; j++)
                        {
                            Unsafe.Add(ref line, j) = j < count ? Unsafe.Add(ref src, (nint)((long)j * taps + k)) : 0f;
                        }
                    }
                }
            }
        }
    }
}
