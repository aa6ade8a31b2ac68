using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen
{
    /// <summary>
    /// Square transposes of float blocks in registers, for kernels that compute with output channels on the lanes and
    /// store NCHW rows (pixels on the lanes): <see cref="Transpose16x16"/> (AVX-512F, 64 shuffles; element by element on a machine without AVX-512F, for
    /// tests and tools, since kernels take their 512-bit paths only with it) and
    /// <see cref="Transpose8x8"/> (AVX, 24 shuffles). They move values without arithmetic, so the results are bit for
    /// bit the values read.
    /// </summary>
    public static class VectorTranspose
    {
        /// <summary>
        /// Reads 16 rows of 16 floats (row <c>i</c> at <c>source + i * sourceStride</c>) and writes their transpose as
        /// 16 consecutive rows of 16 at <paramref name="destination"/>: destination row <c>j</c> holds column <c>j</c>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void Transpose16x16(ref float source, nint sourceStride, ref float destination)
            => Transpose16x16(ref source, sourceStride, ref destination, 16);

        /// <summary>
        /// <see cref="Transpose16x16(ref float, nint, ref float)"/> with destination row <c>j</c> at
        /// <c>destination + j * destinationStride</c> (the layout bridge writes the transposed block in place).
        /// Compiled optimized on its first call rather than inlined: at 737 bytes of IL the JIT declines to inline it into
        /// the kernels' row stores, and as a called method under tiered compilation it ran its unoptimized Tier-0 code
        /// until tiering promoted it, which a process on one busy core had not done after seconds (Zen 5, one thread
        /// pinned, the suite CLI: ResNet's NCHW stem 150 GFLOP/s against 227 in NHWC; 227 in NCHW with this attribute).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Transpose16x16(ref float source, nint sourceStride, ref float destination, nint destinationStride)
        {
            if (!Avx512F.IsSupported)
            {
                // Without AVX-512 (kernels never call this then: Isa.Use512 needs it) the same moves, element by element.
                for (nint i = 0; i < 16; i++)
                {
                    for (nint j = 0; j < 16; j++)
                    {
                        Unsafe.Add(ref destination, j * destinationStride + i) = Unsafe.Add(ref source, i * sourceStride + j);
                    }
                }

                return;
            }

            // Stage 1: interleave pairs of rows (within each 128-bit lane).
            Vector512<float> r0 = Vector512.LoadUnsafe(ref source), r1 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, sourceStride));
            Vector512<float> r2 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 2 * sourceStride)), r3 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 3 * sourceStride));
            Vector512<float> r4 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 4 * sourceStride)), r5 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 5 * sourceStride));
            Vector512<float> r6 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 6 * sourceStride)), r7 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 7 * sourceStride));
            Vector512<float> r8 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 8 * sourceStride)), r9 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 9 * sourceStride));
            Vector512<float> r10 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 10 * sourceStride)), r11 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 11 * sourceStride));
            Vector512<float> r12 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 12 * sourceStride)), r13 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 13 * sourceStride));
            Vector512<float> r14 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 14 * sourceStride)), r15 = Vector512.LoadUnsafe(ref Unsafe.Add(ref source, 15 * sourceStride));
            Vector512<float> t0 = Avx512F.UnpackLow(r0, r1), t1 = Avx512F.UnpackHigh(r0, r1), t2 = Avx512F.UnpackLow(r2, r3), t3 = Avx512F.UnpackHigh(r2, r3);
            Vector512<float> t4 = Avx512F.UnpackLow(r4, r5), t5 = Avx512F.UnpackHigh(r4, r5), t6 = Avx512F.UnpackLow(r6, r7), t7 = Avx512F.UnpackHigh(r6, r7);
            Vector512<float> t8 = Avx512F.UnpackLow(r8, r9), t9 = Avx512F.UnpackHigh(r8, r9), t10 = Avx512F.UnpackLow(r10, r11), t11 = Avx512F.UnpackHigh(r10, r11);
            Vector512<float> t12 = Avx512F.UnpackLow(r12, r13), t13 = Avx512F.UnpackHigh(r12, r13), t14 = Avx512F.UnpackLow(r14, r15), t15 = Avx512F.UnpackHigh(r14, r15);

            // Stage 2: pairs of pairs. u[4k + c], 128-bit lane L: rows 4k..4k+3 at column 4L + c.
            Vector512<float> u0 = Low(t0, t2), u1 = High(t0, t2), u2 = Low(t1, t3), u3 = High(t1, t3);
            Vector512<float> u4 = Low(t4, t6), u5 = High(t4, t6), u6 = Low(t5, t7), u7 = High(t5, t7);
            Vector512<float> u8 = Low(t8, t10), u9 = High(t8, t10), u10 = Low(t9, t11), u11 = High(t9, t11);
            Vector512<float> u12 = Low(t12, t14), u13 = High(t12, t14), u14 = Low(t13, t15), u15 = High(t13, t15);

            // Stages 3 and 4: column 4L + c is lane L of u[c], u[4 + c], u[8 + c], u[12 + c].
            Columns(u0, u4, u8, u12, ref destination, destinationStride, 0);
            Columns(u1, u5, u9, u13, ref destination, destinationStride, 1);
            Columns(u2, u6, u10, u14, ref destination, destinationStride, 2);
            Columns(u3, u7, u11, u15, ref destination, destinationStride, 3);
        }

        /// <summary>
        /// Reads 8 rows of 8 floats (row <c>i</c> at <c>source + i * sourceStride</c>) and writes their transpose as 8
        /// consecutive rows of 8 at <paramref name="destination"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void Transpose8x8(ref float source, nint sourceStride, ref float destination)
            => Transpose8x8(ref source, sourceStride, ref destination, 8);

        /// <summary>
        /// <see cref="Transpose8x8(ref float, nint, ref float)"/> with destination row <c>j</c> at
        /// <c>destination + j * destinationStride</c>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static void Transpose8x8(ref float source, nint sourceStride, ref float destination, nint destinationStride)
        {
            Vector256<float> r0 = Vector256.LoadUnsafe(ref source), r1 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, sourceStride));
            Vector256<float> r2 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 2 * sourceStride)), r3 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 3 * sourceStride));
            Vector256<float> r4 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 4 * sourceStride)), r5 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 5 * sourceStride));
            Vector256<float> r6 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 6 * sourceStride)), r7 = Vector256.LoadUnsafe(ref Unsafe.Add(ref source, 7 * sourceStride));
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            // u[4k + c], 128-bit lane L: rows 4k..4k+3 at column 4L + c.
            Vector256<float> u0 = Low(t0, t2), u1 = High(t0, t2), u2 = Low(t1, t3), u3 = High(t1, t3);
            Vector256<float> u4 = Low(t4, t6), u5 = High(t4, t6), u6 = Low(t5, t7), u7 = High(t5, t7);
            Columns(u0, u4, ref destination, destinationStride, 0);
            Columns(u1, u5, ref destination, destinationStride, 1);
            Columns(u2, u6, ref destination, destinationStride, 2);
            Columns(u3, u7, ref destination, destinationStride, 3);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector512<float> Low(Vector512<float> a, Vector512<float> b) => Avx512F.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector512<float> High(Vector512<float> a, Vector512<float> b) => Avx512F.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector256<float> Low(Vector256<float> a, Vector256<float> b) => Avx.UnpackLow(a.AsDouble(), b.AsDouble()).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static Vector256<float> High(Vector256<float> a, Vector256<float> b) => Avx.UnpackHigh(a.AsDouble(), b.AsDouble()).AsSingle();

        /// <summary>Writes columns c, 4 + c, 8 + c, 12 + c: lane L of <paramref name="a"/>..<paramref name="d"/> (rows 0-3, 4-7, 8-11, 12-15).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Columns(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d, ref float destination, nint stride, int column)
        {
            Vector512<float> ab01 = Avx512F.Shuffle4x128(a, b, 0x44), ab23 = Avx512F.Shuffle4x128(a, b, 0xEE);
            Vector512<float> cd01 = Avx512F.Shuffle4x128(c, d, 0x44), cd23 = Avx512F.Shuffle4x128(c, d, 0xEE);
            Avx512F.Shuffle4x128(ab01, cd01, 0x88).StoreUnsafe(ref Unsafe.Add(ref destination, stride * column));
            Avx512F.Shuffle4x128(ab01, cd01, 0xDD).StoreUnsafe(ref Unsafe.Add(ref destination, stride * (4 + column)));
            Avx512F.Shuffle4x128(ab23, cd23, 0x88).StoreUnsafe(ref Unsafe.Add(ref destination, stride * (8 + column)));
            Avx512F.Shuffle4x128(ab23, cd23, 0xDD).StoreUnsafe(ref Unsafe.Add(ref destination, stride * (12 + column)));
        }

        /// <summary>Writes columns c and 4 + c: the low and high 128-bit lanes of <paramref name="a"/> (rows 0-3) and <paramref name="b"/> (rows 4-7).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Columns(Vector256<float> a, Vector256<float> b, ref float destination, nint stride, int column)
        {
            Avx.Permute2x128(a, b, 0x20).StoreUnsafe(ref Unsafe.Add(ref destination, stride * column));
            Avx.Permute2x128(a, b, 0x31).StoreUnsafe(ref Unsafe.Add(ref destination, stride * (4 + column)));
        }
    }
}
