using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen
{
    /// <summary>
    /// Lane shuffles and partial stores the generated kernels use: interleaving two phase vectors into consecutive
    /// outputs (stride-2 transposed convolution computes even and odd output columns apart) and stores that write
    /// only the lanes whose column lies inside the row. Partial stores take the address of memory that must not move,
    /// as <see cref="VectorLoads"/>' masked loads do.
    /// </summary>
    public static unsafe class VectorLanes
    {
        /// <summary><c>[even0, odd0, even1, odd1, ..., even7, odd7]</c>: the lower halves of two vectors, interleaved.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> InterleaveLower512(Vector512<float> even, Vector512<float> odd)
            => Avx512F.PermuteVar16x32x2(even, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), odd);

        /// <summary><c>[even8, odd8, ..., even15, odd15]</c>: the upper halves of two vectors, interleaved.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> InterleaveUpper512(Vector512<float> even, Vector512<float> odd)
            => Avx512F.PermuteVar16x32x2(even, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), odd);

        /// <summary><c>[even0, odd0, ..., even3, odd3]</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> InterleaveLower256(Vector256<float> even, Vector256<float> odd)
            => Avx.Permute2x128(Avx.UnpackLow(even, odd), Avx.UnpackHigh(even, odd), 0x20);

        /// <summary><c>[even4, odd4, ..., even7, odd7]</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> InterleaveUpper256(Vector256<float> even, Vector256<float> odd)
            => Avx.Permute2x128(Avx.UnpackLow(even, odd), Avx.UnpackHigh(even, odd), 0x31);

        /// <summary>
        /// <c>[previous15, current0, ..., current14]</c>: the vector one lane to the left in a row of consecutive vectors
        /// (a stride-2 window one column pair earlier), with the last lane of <paramref name="previous"/> shifted in.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> PreviousLane512(Vector512<float> current, Vector512<float> previous)
            => Avx512F.AlignRight32(current.AsUInt32(), previous.AsUInt32(), 15).AsSingle();

        /// <summary><c>[current1, ..., current15, next0]</c>: the vector one lane to the right, with the first lane of <paramref name="next"/> shifted in.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> NextLane512(Vector512<float> current, Vector512<float> next)
            => Avx512F.AlignRight32(next.AsUInt32(), current.AsUInt32(), 1).AsSingle();

        /// <summary>Stores the lanes of <paramref name="value"/> whose column <c>column + lane</c> is below <paramref name="width"/>; the others are not touched.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreColumns512(Vector512<float> value, ref float row, int column, int width)
        {
            float* p = PinnedMemory.Address(ref row);
            Avx512F.MaskStore(p + column, VectorLoads.ColumnMask512(column, width), value);
        }

        /// <summary>Stores the lanes of <paramref name="value"/> whose column <c>column + lane</c> is below <paramref name="width"/>; the others are not touched.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreColumns256(Vector256<float> value, ref float row, int column, int width)
        {
            float* p = PinnedMemory.Address(ref row);
            Avx.MaskStore(p + column, VectorLoads.ColumnMask256(column, width), value);
        }
    }
}
