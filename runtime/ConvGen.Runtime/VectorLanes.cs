using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen
{
    /// <summary>
    /// Lane shuffles and partial stores the generated kernels use: interleaving two phase vectors into consecutive
    /// outputs (stride-2 transposed convolution computes even and odd output columns apart) and stores that write
    /// only the lanes whose column lies inside the row. Partial stores take the address of memory that must not move,
    /// as <see cref="VectorLoads"/>' masked loads do. The 512-bit helpers have an element-by-element form on machines
    /// without AVX-512F (kernels take their 512-bit paths only with it; tests and tools may call them anywhere), with the
    /// same results.
    /// </summary>
    public static unsafe class VectorLanes
    {
        /// <summary>
        /// Stores four vectors as 16 rows of four: row <c>k</c> (at <paramref name="destination"/> + k x
        /// <paramref name="stride"/>) gets lane k of <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/>,
        /// <paramref name="d"/> (a 4x16 transpose: the lane Winograd GEMM's accumulators of 4 tiles x 16 channels into the
        /// tile-major M rows, one 128-bit store per channel instead of four scalar ones).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void StoreRowsOf4x512(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, ref float destination, nint stride)
        {
            if (!Avx512F.IsSupported)
            {
                for (int k = 0; k < 16; k++)
                {
                    ref float row = ref Unsafe.Add(ref destination, stride * k);
                    row = a.GetElement(k);
                    Unsafe.Add(ref row, 1) = b.GetElement(k);
                    Unsafe.Add(ref row, 2) = c.GetElement(k);
                    Unsafe.Add(ref row, 3) = d.GetElement(k);
                }

                return;
            }

            Vector512<double> abLow = Avx512F.UnpackLow(a, b).AsDouble(), abHigh = Avx512F.UnpackHigh(a, b).AsDouble();
            Vector512<double> cdLow = Avx512F.UnpackLow(c, d).AsDouble(), cdHigh = Avx512F.UnpackHigh(c, d).AsDouble();
            // Row 4j + r sits in 128-bit lane j of r0..r3.
            Vector512<float> r0 = Avx512F.UnpackLow(abLow, cdLow).AsSingle(), r1 = Avx512F.UnpackHigh(abLow, cdLow).AsSingle();
            Vector512<float> r2 = Avx512F.UnpackLow(abHigh, cdHigh).AsSingle(), r3 = Avx512F.UnpackHigh(abHigh, cdHigh).AsSingle();
            StoreLanes(r0, ref destination, stride * 4);
            StoreLanes(r1, ref Unsafe.Add(ref destination, stride), stride * 4);
            StoreLanes(r2, ref Unsafe.Add(ref destination, stride * 2), stride * 4);
            StoreLanes(r3, ref Unsafe.Add(ref destination, stride * 3), stride * 4);
        }

        /// <summary>The 256-bit form of <see cref="StoreRowsOf4x512"/>: 8 rows of four.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void StoreRowsOf4x256(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d, ref float destination, nint stride)
        {
            Vector256<double> abLow = Avx.UnpackLow(a, b).AsDouble(), abHigh = Avx.UnpackHigh(a, b).AsDouble();
            Vector256<double> cdLow = Avx.UnpackLow(c, d).AsDouble(), cdHigh = Avx.UnpackHigh(c, d).AsDouble();
            Vector256<float> r0 = Avx.UnpackLow(abLow, cdLow).AsSingle(), r1 = Avx.UnpackHigh(abLow, cdLow).AsSingle();
            Vector256<float> r2 = Avx.UnpackLow(abHigh, cdHigh).AsSingle(), r3 = Avx.UnpackHigh(abHigh, cdHigh).AsSingle();
            r0.GetLower().StoreUnsafe(ref destination);
            r1.GetLower().StoreUnsafe(ref Unsafe.Add(ref destination, stride));
            r2.GetLower().StoreUnsafe(ref Unsafe.Add(ref destination, stride * 2));
            r3.GetLower().StoreUnsafe(ref Unsafe.Add(ref destination, stride * 3));
            r0.GetUpper().StoreUnsafe(ref Unsafe.Add(ref destination, stride * 4));
            r1.GetUpper().StoreUnsafe(ref Unsafe.Add(ref destination, stride * 5));
            r2.GetUpper().StoreUnsafe(ref Unsafe.Add(ref destination, stride * 6));
            r3.GetUpper().StoreUnsafe(ref Unsafe.Add(ref destination, stride * 7));
        }

        /// <summary>The four 128-bit lanes of <paramref name="v"/> to <paramref name="destination"/> + j x <paramref name="step"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void StoreLanes(Vector512<float> v, ref float destination, nint step)
        {
            v.GetLower().GetLower().StoreUnsafe(ref destination);
            v.GetLower().GetUpper().StoreUnsafe(ref Unsafe.Add(ref destination, step));
            v.GetUpper().GetLower().StoreUnsafe(ref Unsafe.Add(ref destination, step * 2));
            v.GetUpper().GetUpper().StoreUnsafe(ref Unsafe.Add(ref destination, step * 3));
        }

        /// <summary><c>[even0, odd0, even1, odd1, ..., even7, odd7]</c>: the lower halves of two vectors, interleaved.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> InterleaveLower512(Vector512<float> even, Vector512<float> odd)
            => Permute2x512(even, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), odd);

        /// <summary><c>[even8, odd8, ..., even15, odd15]</c>: the upper halves of two vectors, interleaved.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> InterleaveUpper512(Vector512<float> even, Vector512<float> odd)
            => Permute2x512(even, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), odd);

        /// <summary><c>[even0, odd0, ..., even3, odd3]</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> InterleaveLower256(Vector256<float> even, Vector256<float> odd)
            => Avx.Permute2x128(Avx.UnpackLow(even, odd), Avx.UnpackHigh(even, odd), 0x20);

        /// <summary><c>[even4, odd4, ..., even7, odd7]</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> InterleaveUpper256(Vector256<float> even, Vector256<float> odd)
            => Avx.Permute2x128(Avx.UnpackLow(even, odd), Avx.UnpackHigh(even, odd), 0x31);

        /// <summary>
        /// The even lanes of the 16 floats <c>a, b</c> in paired order: <c>[a0, a2, b0, b2, a4, a6, b4, b6]</c> (one
        /// <c>vshufps</c>). A stride-2 tile keeps its accumulators in this order (output columns 0, 1, 4, 5, 2, 3, 6, 7:
        /// each lane's chain is unchanged) and restores the order once, at the store (<see cref="FromPairedOrder256"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> EvenLanesPaired256(Vector256<float> a, Vector256<float> b)
            => Avx.Shuffle(a, b, 0b10_00_10_00);

        /// <summary>The odd lanes of <c>a, b</c> in paired order: <c>[a1, a3, b1, b3, a5, a7, b5, b7]</c> (see <see cref="EvenLanesPaired256"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> OddLanesPaired256(Vector256<float> a, Vector256<float> b)
            => Avx.Shuffle(a, b, 0b11_01_11_01);

        /// <summary>Lanes in paired order (<c>[v0, v1, v4, v5, v2, v3, v6, v7]</c> of a row) back in row order (one <c>vpermpd</c>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> FromPairedOrder256(Vector256<float> value)
            => Avx2.Permute4x64(value.AsDouble(), 0b11_01_10_00).AsSingle();

        /// <summary>
        /// The 32 consecutive floats <c>a, b, c, d</c> split into their four phases: lane l of <paramref name="p0"/> ..
        /// <paramref name="p3"/> is element <c>4 l</c> .. <c>4 l + 3</c> (a 4 x 8 transpose of eight groups of four:
        /// four <c>vperm2f128</c>, four unpacks, four <c>vshufps</c>). The 256-bit Winograd input stage reads a patch row of
        /// eight 4x4 tiles this way (patch column k of tile l at <c>4 l + k</c>) instead of with gathers.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void Phases4x256(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d,
            out Vector256<float> p0, out Vector256<float> p1, out Vector256<float> p2, out Vector256<float> p3)
        {
            Vector256<float> t0 = Avx.Permute2x128(a, c, 0x20), t1 = Avx.Permute2x128(a, c, 0x31); // groups 0, 4 and 1, 5
            Vector256<float> t2 = Avx.Permute2x128(b, d, 0x20), t3 = Avx.Permute2x128(b, d, 0x31); // groups 2, 6 and 3, 7
            Vector256<float> u0 = Avx.UnpackLow(t0, t1), u1 = Avx.UnpackHigh(t0, t1);
            Vector256<float> u2 = Avx.UnpackLow(t2, t3), u3 = Avx.UnpackHigh(t2, t3);
            p0 = Avx.Shuffle(u0, u2, 0b01_00_01_00);
            p1 = Avx.Shuffle(u0, u2, 0b11_10_11_10);
            p2 = Avx.Shuffle(u1, u3, 0b01_00_01_00);
            p3 = Avx.Shuffle(u1, u3, 0b11_10_11_10);
        }

        /// <summary>
        /// The inverse of <see cref="Phases4x256"/>: the four phases <paramref name="p0"/> .. <paramref name="p3"/> (lane l of
        /// phase k is element <c>4 l + k</c>) interleaved back into the 32 consecutive floats <c>a, b, c, d</c> (four unpacks,
        /// four <c>vshufps</c>, four <c>vperm2f128</c>). The dilation phases' merge of a column dilation of 4 uses it.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void FromPhases4x256(Vector256<float> p0, Vector256<float> p1, Vector256<float> p2, Vector256<float> p3,
            out Vector256<float> a, out Vector256<float> b, out Vector256<float> c, out Vector256<float> d)
        {
            Vector256<float> t0 = Avx.UnpackLow(p0, p1), t1 = Avx.UnpackHigh(p0, p1); // [p0 p1] of elements 0, 1 | 4, 5 and 2, 3 | 6, 7
            Vector256<float> t2 = Avx.UnpackLow(p2, p3), t3 = Avx.UnpackHigh(p2, p3);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0b01_00_01_00), u1 = Avx.Shuffle(t0, t2, 0b11_10_11_10); // groups 0 | 4 and 1 | 5
            Vector256<float> u2 = Avx.Shuffle(t1, t3, 0b01_00_01_00), u3 = Avx.Shuffle(t1, t3, 0b11_10_11_10); // groups 2 | 6 and 3 | 7
            a = Avx.Permute2x128(u0, u1, 0x20);
            b = Avx.Permute2x128(u2, u3, 0x20);
            c = Avx.Permute2x128(u0, u1, 0x31);
            d = Avx.Permute2x128(u2, u3, 0x31);
        }

        /// <summary><c>[current1, ..., current7, next0]</c>: the vector one lane to the right, with the first lane of <paramref name="next"/> shifted in (<c>vperm2f128</c> and <c>vpalignr</c>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> NextLane256(Vector256<float> current, Vector256<float> next)
            => Avx2.AlignRight(Avx.Permute2x128(current, next, 0x21).AsByte(), current.AsByte(), 4).AsSingle();

        /// <summary><c>[current1, ..., current7, next1]</c>: as <see cref="NextLane256"/>, with the second lane of <paramref name="next"/> shifted in.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> NextLaneOfSecond256(Vector256<float> current, Vector256<float> next)
            => NextLane256(current, Avx.Permute(next, 0b01));

        /// <summary>
        /// The two-source lane permute (<c>vpermt2ps</c>): lane i is <paramref name="low"/>[index[i] &amp; 15] when bit 4 of
        /// index[i] is clear, else <paramref name="high"/>[index[i] &amp; 15]. Without AVX-512 (software 512-bit vectors,
        /// <see cref="Isa.Emulate512"/>) lane by lane, the same values.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> Permute2x512(Vector512<float> low, Vector512<int> index, Vector512<float> high)
            => Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(low, index, high) : Portable.Permute(low, high, index);

        /// <summary>
        /// <c>[low[count], ..., low[15], high[0], ..., high[count - 1]]</c> (<c>valignd</c>: the 32 lanes high:low shifted
        /// right by <paramref name="count"/> lanes). Without AVX-512 lane by lane, the same values.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> AlignRight512(Vector512<float> high, Vector512<float> low, [System.Diagnostics.CodeAnalysis.ConstantExpected(Max = (byte)15)] byte count)
            => Avx512F.IsSupported
                ? Avx512F.AlignRight32(high.AsUInt32(), low.AsUInt32(), count).AsSingle()
                : Portable.Permute(low, high, Vector512<int>.Indices + Vector512.Create(count & 15));

        /// <summary>
        /// <c>[previous15, current0, ..., current14]</c>: the vector one lane to the left in a row of consecutive vectors
        /// (a stride-2 window one column pair earlier), with the last lane of <paramref name="previous"/> shifted in.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> PreviousLane512(Vector512<float> current, Vector512<float> previous)
            => AlignRight512(current, previous, 15);

        /// <summary><c>[current1, ..., current15, next0]</c>: the vector one lane to the right, with the first lane of <paramref name="next"/> shifted in.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> NextLane512(Vector512<float> current, Vector512<float> next)
            => AlignRight512(next, current, 1);

        /// <summary>Stores the lanes of <paramref name="value"/> whose column <c>column + lane</c> is below <paramref name="width"/>; the others are not touched.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void StoreColumns512(Vector512<float> value, ref float row, int column, int width)
        {
            if (!Avx512F.IsSupported)
            {
                for (int lane = 0; lane < 16; lane++)
                {
                    if ((uint)(column + lane) < (uint)width)
                    {
                        Unsafe.Add(ref row, column + lane) = value.GetElement(lane);
                    }
                }

                return;
            }

            float* p = PinnedMemory.Address(ref row);
            Avx512F.MaskStore(p + column, VectorLoads.ColumnMask512(column, width), value);
        }

        /// <summary>
        /// The inverse of <see cref="VectorLoads.LoadRuns256"/>: lanes 0-3 of <paramref name="value"/> to <c>row[first ..
        /// first + 3]</c>, lanes 4-7 to <c>row[second .. second + 3]</c>, each lane only where its column lies in
        /// <c>[0, width)</c>; the others are not touched.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void StoreRuns256(Vector256<float> value, ref float row, int first, int second, int width)
        {
            if (first >= 0 && first <= width - 4 && second >= 0 && second <= width - 4)
            {
                value.GetLower().StoreUnsafe(ref Unsafe.Add(ref row, first));
                value.GetUpper().StoreUnsafe(ref Unsafe.Add(ref row, second));
                return;
            }

            float* p = PinnedMemory.Address(ref row);
            Avx.MaskStore(p + first, VectorLoads.ColumnMask128(first, width), value.GetLower());
            Avx.MaskStore(p + second, VectorLoads.ColumnMask128(second, width), value.GetUpper());
        }

        /// <summary>
        /// The inverse of <see cref="VectorLoads.LoadPairs256"/>: lanes <c>2k, 2k + 1</c> of <paramref name="value"/> to
        /// <c>row[start_k]</c> and <c>row[start_k + 1]</c>, each lane only where its column lies in <c>[0, width)</c>; the
        /// others are not touched.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void StorePairs256(Vector256<float> value, ref float row, int c0, int c1, int c2, int c3, int width)
        {
            int last = width - 2;
            if (c0 >= 0 && c0 <= last && c1 >= 0 && c1 <= last && c2 >= 0 && c2 <= last && c3 >= 0 && c3 <= last)
            {
                Vector256<double> pairs = value.AsDouble();
                Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, c0)), pairs.GetElement(0));
                Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, c1)), pairs.GetElement(1));
                Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, c2)), pairs.GetElement(2));
                Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, c3)), pairs.GetElement(3));
                return;
            }

            // At the signal's ends, lane by lane.
            for (int lane = 0; lane < 8; lane++)
            {
                int column = (lane < 2 ? c0 : lane < 4 ? c1 : lane < 6 ? c2 : c3) + lane % 2;
                if ((uint)column < (uint)width)
                {
                    Unsafe.Add(ref row, column) = value.GetElement(lane);
                }
            }
        }

        /// <summary>Stores the lanes of <paramref name="value"/> whose column <c>column + lane</c> is below <paramref name="width"/>; the others are not touched.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void StoreColumns256(Vector256<float> value, ref float row, int column, int width)
        {
            float* p = PinnedMemory.Address(ref row);
            Avx.MaskStore(p + column, VectorLoads.ColumnMask256(column, width), value);
        }
    }
}
