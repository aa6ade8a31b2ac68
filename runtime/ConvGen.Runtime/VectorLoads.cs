using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen
{
    /// <summary>
    /// Loads the generated vector kernels use besides plain contiguous ones: deinterleaving loads for stride-2 windows
    /// and masked loads for small planes (lanes whose mask is clear read zero and never touch memory, so a tap that
    /// reaches past the tensor's ends is safe).
    /// <para>
    /// Masked loads and gathers take the address of their memory without pinning it (see <see cref="PinnedMemory"/>):
    /// the memory must not move while they run: a tensor pinned by <see cref="ParallelKernels.For"/> (where every
    /// generated kernel runs), pinned scratch, native memory or the stack.
    /// </para>
    /// </summary>
    public static unsafe class VectorLoads
    {
        /// <summary>
        /// <paramref name="location"/>'s float in every lane, broadcast straight from memory (<c>vbroadcastss ymm, m32</c>).
        /// <c>Vector256.Create(value)</c> gives the same vector, but RyuJIT treats it as a value: it merges the broadcasts
        /// of one input pixel that neighbouring taps of a channel-lane tile share and keeps the merged vector alive across
        /// the taps, which on the 16 registers of AVX2 means a store to the stack and a reload per use. A broadcast from
        /// memory is not merged: it costs one load, no stack traffic (C3D's 3x3x3 layer on a Zen 3 core: 15.8 -> 14.5 ms).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> Broadcast256(ref float location)
            => Avx.IsSupported ? Avx.BroadcastScalarToVector256(PinnedMemory.Address(ref location)) : Vector256.Create(location);

        /// <summary>
        /// The 512-bit <see cref="Broadcast256"/> (<c>vbroadcastss zmm, m32</c>). With <c>Vector512.Create(value)</c> RyuJIT
        /// merged the broadcasts a stride-2 tile's taps share even with 32 registers: ResNet's 7x7/2 stem tile (24
        /// accumulators, 4 weight vectors) kept the merged values on the stack, 26 spills and reloads of 64 bytes per kernel
        /// row for 25 broadcasts saved.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> Broadcast512(ref float location)
            => Avx512F.IsSupported ? Avx512F.BroadcastScalarToVector512(Sse.LoadScalarVector128(PinnedMemory.Address(ref location))) : Vector512.Create(location);

        /// <summary>
        /// Asks for the cache line <paramref name="bytes"/> past <paramref name="location"/> in L1 (<c>prefetcht0</c>; nothing
        /// where SSE is missing). A hint: it never faults, so the address may lie past the end of the data. The 256-bit
        /// Winograd lane GEMM's first tile group takes it for its weight run 2 KiB ahead (the hardware prefetcher starts
        /// over at every 4 KiB page, and the run comes from beyond L2); the Winograd row-load input stages for each row
        /// segment 4 input channels ahead (too many channel-plane streams for the hardware prefetcher).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void PrefetchAhead(ref float location, int bytes)
        {
            if (Sse.IsSupported)
            {
                Sse.Prefetch0((byte*)PinnedMemory.Address(ref location) + bytes);
            }
        }

        /// <summary>Loads 32 floats from <paramref name="source"/> and keeps the even ones (stride-2 windows).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> LoadEven512(ref float source)
            => Even512(Vector512.LoadUnsafe(ref source), Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 16)));

        /// <summary>Loads 16 floats from <paramref name="source"/> and keeps the even ones (stride-2 windows).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> LoadEven256(ref float source)
        {
            Vector256<float> mixed = System.Runtime.Intrinsics.X86.Avx.Shuffle(
                Vector256.LoadUnsafe(ref source), Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 8)), 0b10_00_10_00);
            return System.Runtime.Intrinsics.X86.Avx2.Permute4x64(mixed.AsDouble(), 0b11_01_10_00).AsSingle();
        }

        /// <summary>
        /// Stride-2 border load: the even columns of <c>[column, column+32)</c> of the row at <paramref name="row"/>, with
        /// columns outside <c>[0, width)</c> reading zero (and never touched).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> MaskLoadEven512(ref float row, int column, int width)
            => Even512(MaskLoad512(ref row, column, ColumnMask512(column, width)), MaskLoad512(ref row, column + 16, ColumnMask512(column + 16, width)));

        /// <summary>Stride-2 border load: the even columns of <c>[column, column+16)</c>, columns outside <c>[0, width)</c> reading zero.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> MaskLoadEven256(ref float row, int column, int width)
        {
            Vector256<float> mixed = Avx.Shuffle(
                MaskLoad256(ref row, column, ColumnMask256(column, width)), MaskLoad256(ref row, column + 8, ColumnMask256(column + 8, width)), 0b10_00_10_00);
            return Avx2.Permute4x64(mixed.AsDouble(), 0b11_01_10_00).AsSingle();
        }

        /// <summary>Mask of the lanes whose column <c>column + lane</c> lies in <c>[0, width)</c> (sign bit set), for MaskLoad512.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> ColumnMask512(int column, int width)
            => Vector512.LessThan((Vector512.Create(column) + Vector512<int>.Indices).AsUInt32(), Vector512.Create((uint)width)).AsSingle();

        /// <summary>Mask of the lanes whose column <c>column + lane</c> lies in <c>[0, width)</c> (sign bit set), for MaskLoad256.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> ColumnMask256(int column, int width)
            => Vector256.LessThan((Vector256.Create(column) + Vector256<int>.Indices).AsUInt32(), Vector256.Create((uint)width)).AsSingle();

        /// <summary>Loads the lanes of <c>plane[offset .. offset+15]</c> whose mask lane is negative; the others are 0 and are not read.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> MaskLoad512(ref float plane, nint offset, Vector512<float> mask)
        {
            if (!Avx512F.IsSupported)
            {
                // Element by element: lanes whose mask is not negative read nothing.
                Vector512<float> value = Vector512<float>.Zero;
                for (int lane = 0; lane < 16; lane++)
                {
                    if (mask.AsInt32().GetElement(lane) < 0)
                    {
                        value = value.WithElement(lane, Unsafe.Add(ref plane, offset + lane));
                    }
                }

                return value;
            }

            float* p = PinnedMemory.Address(ref plane);
            return Avx512F.MaskLoad(p + offset, mask, Vector512<float>.Zero);
        }

        /// <summary>Mask of the lanes whose column <c>column + lane</c> lies in <c>[0, width)</c> (sign bit set), for 128-bit masked loads and stores.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector128<float> ColumnMask128(int column, int width)
            => Vector128.LessThan((Vector128.Create(column) + Vector128<int>.Indices).AsUInt32(), Vector128.Create((uint)width)).AsSingle();

        /// <summary>
        /// Two runs of 4 floats of a row of <paramref name="width"/>: lanes 0-3 <c>row[first .. first + 3]</c>, lanes 4-7
        /// <c>row[second .. second + 3]</c>; lanes whose column lies outside <c>[0, width)</c> read 0 (and nothing is read
        /// there). The 1-D Winograd input stage of a layer dilated by 4 (mod 8) reads its points this way: a vector of 8
        /// tiles is two steps of 4 tiles, each 4 consecutive outputs.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> LoadRuns256(ref float row, int first, int second, int width)
        {
            if (first >= 0 && first <= width - 4 && second >= 0 && second <= width - 4)
            {
                return Vector256.Create(Vector128.LoadUnsafe(ref Unsafe.Add(ref row, first)), Vector128.LoadUnsafe(ref Unsafe.Add(ref row, second)));
            }

            float* p = PinnedMemory.Address(ref row);
            return Vector256.Create(Avx.MaskLoad(p + first, ColumnMask128(first, width)), Avx.MaskLoad(p + second, ColumnMask128(second, width)));
        }

        /// <summary>
        /// Four runs of 2 floats of a row of <paramref name="width"/>: lanes <c>2k, 2k + 1</c> are <c>row[start_k]</c> and
        /// <c>row[start_k + 1]</c> for the starts <paramref name="c0"/> .. <paramref name="c3"/>; lanes whose column lies
        /// outside <c>[0, width)</c> read 0 (and nothing is read there). The 1-D Winograd input stage of a layer dilated by
        /// 2 (mod 4) reads its points this way: a vector of 8 tiles is four steps of 2 tiles, each 2 consecutive outputs.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> LoadPairs256(ref float row, int c0, int c1, int c2, int c3, int width)
        {
            int last = width - 2;
            if (c0 >= 0 && c0 <= last && c1 >= 0 && c1 <= last && c2 >= 0 && c2 <= last && c3 >= 0 && c3 <= last)
            {
                return Vector256.Create(
                    Vector128.Create(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, c0))), Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, c1)))),
                    Vector128.Create(Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, c2))), Unsafe.ReadUnaligned<double>(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref row, c3))))).AsSingle();
            }

            // At the signal's ends, lane by lane.
            return Vector256.Create(
                At(ref row, c0, width), At(ref row, c0 + 1, width), At(ref row, c1, width), At(ref row, c1 + 1, width),
                At(ref row, c2, width), At(ref row, c2 + 1, width), At(ref row, c3, width), At(ref row, c3 + 1, width));
        }

        /// <summary>
        /// The six points of a vector of 8 tiles of a 1-D Winograd F(4,3) layer dilated by exactly 2: point e is
        /// <see cref="LoadPairs256"/> at <c>c0 + 2e, c0 + 8 + 2e, c0 + 16 + 2e, c0 + 24 + 2e</c> (the 8 tiles are four steps of 2,
        /// 8 outputs apart). Inside the row all six come from five loads of 8 (<c>c0, c0 + 8, ..., c0 + 32</c>): the 64-bit
        /// pairs of four consecutive loads, unpacked and their 128-bit halves recombined, are points e, e + 1, e + 2, e + 3
        /// (8 unpacks and 6 lane permutes in all instead of 24 scalar 64-bit loads); at the signal's ends each point is
        /// <see cref="LoadPairs256"/>, reading 0 outside.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void DilatedPairs256(ref float row, int c0, int width, out Vector256<float> p0, out Vector256<float> p1, out Vector256<float> p2,
            out Vector256<float> p3, out Vector256<float> p4, out Vector256<float> p5)
        {
            if (c0 >= 0 && c0 <= width - 40)
            {
                ref float r = ref Unsafe.Add(ref row, c0);
                Vector256<double> a = Vector256.LoadUnsafe(ref r).AsDouble(), b = Vector256.LoadUnsafe(ref Unsafe.Add(ref r, 8)).AsDouble();
                Vector256<double> c = Vector256.LoadUnsafe(ref Unsafe.Add(ref r, 16)).AsDouble(), d = Vector256.LoadUnsafe(ref Unsafe.Add(ref r, 24)).AsDouble();
                Vector256<double> e = Vector256.LoadUnsafe(ref Unsafe.Add(ref r, 32)).AsDouble();
                // Pair j of load k is x[c0 + 8k + 2j]: unpacking loads k, k + 1 puts pairs (0, 2) or (1, 3) of both in 128-bit halves.
                Vector256<double> abLow = Avx.UnpackLow(a, b), abHigh = Avx.UnpackHigh(a, b), cdLow = Avx.UnpackLow(c, d), cdHigh = Avx.UnpackHigh(c, d);
                Vector256<double> bcLow = Avx.UnpackLow(b, c), deLow = Avx.UnpackLow(d, e), bcHigh = Avx.UnpackHigh(b, c), deHigh = Avx.UnpackHigh(d, e);
                p0 = Avx.Permute2x128(abLow, cdLow, 0x20).AsSingle();
                p1 = Avx.Permute2x128(abHigh, cdHigh, 0x20).AsSingle();
                p2 = Avx.Permute2x128(abLow, cdLow, 0x31).AsSingle();
                p3 = Avx.Permute2x128(abHigh, cdHigh, 0x31).AsSingle();
                p4 = Avx.Permute2x128(bcLow, deLow, 0x20).AsSingle();
                p5 = Avx.Permute2x128(bcHigh, deHigh, 0x20).AsSingle();
                return;
            }

            p0 = LoadPairs256(ref row, c0, c0 + 8, c0 + 16, c0 + 24, width);
            p1 = LoadPairs256(ref row, c0 + 2, c0 + 10, c0 + 18, c0 + 26, width);
            p2 = LoadPairs256(ref row, c0 + 4, c0 + 12, c0 + 20, c0 + 28, width);
            p3 = LoadPairs256(ref row, c0 + 6, c0 + 14, c0 + 22, c0 + 30, width);
            p4 = LoadPairs256(ref row, c0 + 8, c0 + 16, c0 + 24, c0 + 32, width);
            p5 = LoadPairs256(ref row, c0 + 10, c0 + 18, c0 + 26, c0 + 34, width);
        }

        /// <summary><c>row[column]</c> where the column lies in <c>[0, width)</c>, else 0 (nothing read).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static float At(ref float row, int column, int width) => (uint)column < (uint)width ? Unsafe.Add(ref row, column) : 0f;

        /// <summary>Loads the lanes of <c>plane[offset .. offset+7]</c> whose mask lane is negative; the others are 0 and are not read.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> MaskLoad256(ref float plane, nint offset, Vector256<float> mask)
        {
            float* p = PinnedMemory.Address(ref plane);
            return Avx.MaskLoad(p + offset, mask);
        }

        /// <summary>16 floats at <c>origin[index[lane]]</c> (two 8-lane AVX2 gathers: .NET exposes no 512-bit gather).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> Gather512(ref float origin, Vector512<int> index)
        {
            float* p = PinnedMemory.Address(ref origin);
            return Vector512.Create(Avx2.GatherVector256(p, index.GetLower(), 4), Avx2.GatherVector256(p, index.GetUpper(), 4));
        }

        /// <summary>8 floats at <c>origin[index[lane]]</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> Gather256(ref float origin, Vector256<int> index)
        {
            float* p = PinnedMemory.Address(ref origin);
            return Avx2.GatherVector256(p, index, 4);
        }

        /// <summary>16 floats at <c>origin[index[lane]]</c> for the lanes whose mask is negative; the others are 0 and not read.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> GatherMasked512(ref float origin, Vector512<int> index, Vector512<float> mask)
        {
            float* p = PinnedMemory.Address(ref origin);
            return Vector512.Create(
                Avx2.GatherMaskVector256(Vector256<float>.Zero, p, index.GetLower(), mask.GetLower(), 4),
                Avx2.GatherMaskVector256(Vector256<float>.Zero, p, index.GetUpper(), mask.GetUpper(), 4));
        }

        /// <summary>8 floats at <c>origin[index[lane]]</c> for the lanes whose mask is negative; the others are 0 and not read.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> GatherMasked256(ref float origin, Vector256<int> index, Vector256<float> mask)
        {
            float* p = PinnedMemory.Address(ref origin);
            return Avx2.GatherMaskVector256(Vector256<float>.Zero, p, index, mask, 4);
        }

        /// <summary>
        /// Loads 32 floats from <paramref name="source"/> once and splits them into the even ones (a stride-2 window at
        /// this column) and the odd ones (the same window one tap to the right): two taps for two loads.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void LoadEvenOdd512(ref float source, out Vector512<float> even, out Vector512<float> odd)
        {
            Vector512<float> a = Vector512.LoadUnsafe(ref source), b = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 16));
            even = Even512(a, b);
            odd = Odd512(a, b);
        }

        /// <summary>
        /// The border form of <see cref="LoadEvenOdd512"/>: columns <c>[column, column+32)</c> of the row at
        /// <paramref name="row"/> split into even and odd ones, columns outside <c>[0, width)</c> reading zero (and never touched).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void MaskLoadEvenOdd512(ref float row, int column, int width, out Vector512<float> even, out Vector512<float> odd)
        {
            Vector512<float> a = MaskLoad512(ref row, column, ColumnMask512(column, width));
            Vector512<float> b = MaskLoad512(ref row, column + 16, ColumnMask512(column + 16, width));
            even = Even512(a, b);
            odd = Odd512(a, b);
        }

        /// <summary>The even elements of the 32 floats <paramref name="low"/>, <paramref name="high"/> (one two-source permute).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector512<float> Even512(Vector512<float> low, Vector512<float> high)
            => VectorLanes.Permute2x512(low, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), high);

        /// <summary>The odd elements of the 32 floats <paramref name="low"/>, <paramref name="high"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector512<float> Odd512(Vector512<float> low, Vector512<float> high)
            => VectorLanes.Permute2x512(low, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), high);

        /// <summary>The 256-bit <see cref="LoadEvenOdd512"/>: 16 floats into their even and odd halves.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void LoadEvenOdd256(ref float source, out Vector256<float> even, out Vector256<float> odd)
        {
            Vector256<float> a = Vector256.LoadUnsafe(ref source), b = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 8));
            even = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();
            odd = Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle();
        }
    }
}
