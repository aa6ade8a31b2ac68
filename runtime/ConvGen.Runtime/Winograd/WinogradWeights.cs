using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen
{
    /// <summary>
    /// The Winograd weight transform shared by the forms (<see cref="WinogradF43"/>: F(4x4,3x3), 36 elements, and the 1-D
    /// F(4,3), 6; <see cref="WinogradF23"/>: F(2x2,3x3), 16 elements): PyTorch-layout weights <c>[Cout, Cin, 3, 3]</c> (or <c>[Cout, Cin, 3]</c>) gathered 16
    /// (or 8) output channels at a time, <c>G g G^T</c> per (output, input) channel pair through the form's
    /// <see cref="ITileTransform.Transform"/>, stored in the channel-blocked layout of <see cref="BlockedOffset"/>. The
    /// arithmetic is written once for any element type (<see cref="WinogradF43.IArith{T}"/>: no fused multiply-add), so
    /// every ISA level gives the same bits.
    /// </summary>
    internal static unsafe class WinogradWeights
    {
        /// <summary>One tile form's kernel transform <c>G g G^T</c> of a 3x3 kernel (row-major g0..g8) into its elements (row-major).</summary>
        internal interface ITileTransform
        {
            /// <summary>Elements of the transformed tile (alpha x alpha; alpha in 1-D).</summary>
            int Elements { get; }

            /// <summary>Taps of the kernel: 9 (3x3), or 3 for the 1-D form (g3..g8 are then zero and unused).</summary>
            int Taps { get; }

            void Transform<T, TA>(T g0, T g1, T g2, T g3, T g4, T g5, T g6, T g7, T g8, Span<T> t)
                where TA : struct, WinogradF43.IArith<T>;
        }

        /// <summary>Most elements of any form (F(4x4,3x3): 36), the size of the per-vector buffers.</summary>
        private const int MaxElements = 36;

        /// <summary>
        /// The 2-D forms' block rule (the lane GEMM's layout): Cout, or a positive multiple of 16, so whole 512-bit vectors
        /// of output channels stay inside a block.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The block is not Cout and not a positive multiple of 16.</exception>
        public static void CheckVectorBlock(int blockChannels, int outChannels)
        {
            if (blockChannels != outChannels && (blockChannels <= 0 || blockChannels % 16 != 0))
            {
                throw new ArgumentOutOfRangeException(nameof(blockChannels), blockChannels, "The channel block must be Cout (" + outChannels + ") or a positive multiple of 16 (whole vectors stay inside a block).");
            }
        }

        /// <summary>
        /// Input channels <c>[icFrom, icTo)</c> of the transform into blocks of <paramref name="blockChannels"/> output
        /// channels (Cout: the plain layout <c>U[(xi * Cin + ic) * Cout + oc]</c>), checked by the caller (1 to Cout): a
        /// vector of output channels that straddles two blocks is stored lane by lane.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Transform<TF>(ref float w, int outChannels, int inChannels, ref float u, int icFrom, int icTo, int blockChannels)
            where TF : struct, ITileTransform
        {
            TF form = default;
            int elements = form.Elements;
            int taps = form.Taps;
            int pair = inChannels * taps;
            Span<Vector512<float>> t512 = stackalloc Vector512<float>[MaxElements];
            Span<Vector256<float>> t256 = stackalloc Vector256<float>[MaxElements];
            Span<float> t1 = stackalloc float[MaxElements];
            for (int ic = icFrom; ic < icTo; ic++)
            {
                int oc = 0;
                if (Isa.Use512)
                {
                    Vector512<int> index = Vector512<int>.Indices * pair + Vector512.Create(ic * taps);
                    fixed (float* p = &w)
                    {
                        for (; oc + 16 <= outChannels; oc += 16)
                        {
                            float* b = p + (long)oc * pair;
                            Vector512<float> g0 = VectorLoads.Gather512(ref Unsafe.AsRef<float>(b), index), g1 = VectorLoads.Gather512(ref Unsafe.AsRef<float>(b + 1), index), g2 = VectorLoads.Gather512(ref Unsafe.AsRef<float>(b + 2), index);
                            Vector512<float> g3 = default, g4 = default, g5 = default, g6 = default, g7 = default, g8 = default;
                            if (taps == 9)
                            {
                                g3 = VectorLoads.Gather512(ref Unsafe.AsRef<float>(b + 3), index);
                                g4 = VectorLoads.Gather512(ref Unsafe.AsRef<float>(b + 4), index);
                                g5 = VectorLoads.Gather512(ref Unsafe.AsRef<float>(b + 5), index);
                                g6 = VectorLoads.Gather512(ref Unsafe.AsRef<float>(b + 6), index);
                                g7 = VectorLoads.Gather512(ref Unsafe.AsRef<float>(b + 7), index);
                                g8 = VectorLoads.Gather512(ref Unsafe.AsRef<float>(b + 8), index);
                            }
                            Span<Vector512<float>> t = t512;
                            form.Transform<Vector512<float>, Arith512>(g0, g1, g2, g3, g4, g5, g6, g7, g8, t);
                            bool whole = oc / blockChannels == (oc + 15) / blockChannels;
                            for (int xi = 0; xi < elements; xi++)
                            {
                                if (whole)
                                {
                                    t[xi].StoreUnsafe(ref Unsafe.Add(ref u, BlockedOffset(xi, ic, oc, inChannels, outChannels, blockChannels)));
                                    continue;
                                }

                                // The vector straddles two blocks (the 1-D runs): lane by lane.
                                for (int lane = 0; lane < 16; lane++)
                                {
                                    Unsafe.Add(ref u, BlockedOffset(xi, ic, oc + lane, inChannels, outChannels, blockChannels)) = t[xi].GetElement(lane);
                                }
                            }
                        }
                    }
                }
                else if (Isa.Use256)
                {
                    Vector256<int> index = Vector256<int>.Indices * pair + Vector256.Create(ic * taps);
                    fixed (float* p = &w)
                    {
                        for (; oc + 8 <= outChannels; oc += 8)
                        {
                            float* b = p + (long)oc * pair;
                            Vector256<float> g0 = VectorLoads.Gather256(ref Unsafe.AsRef<float>(b), index), g1 = VectorLoads.Gather256(ref Unsafe.AsRef<float>(b + 1), index), g2 = VectorLoads.Gather256(ref Unsafe.AsRef<float>(b + 2), index);
                            Vector256<float> g3 = default, g4 = default, g5 = default, g6 = default, g7 = default, g8 = default;
                            if (taps == 9)
                            {
                                g3 = VectorLoads.Gather256(ref Unsafe.AsRef<float>(b + 3), index);
                                g4 = VectorLoads.Gather256(ref Unsafe.AsRef<float>(b + 4), index);
                                g5 = VectorLoads.Gather256(ref Unsafe.AsRef<float>(b + 5), index);
                                g6 = VectorLoads.Gather256(ref Unsafe.AsRef<float>(b + 6), index);
                                g7 = VectorLoads.Gather256(ref Unsafe.AsRef<float>(b + 7), index);
                                g8 = VectorLoads.Gather256(ref Unsafe.AsRef<float>(b + 8), index);
                            }
                            Span<Vector256<float>> t = t256;
                            form.Transform<Vector256<float>, Arith256>(g0, g1, g2, g3, g4, g5, g6, g7, g8, t);
                            bool whole = oc / blockChannels == (oc + 7) / blockChannels;
                            for (int xi = 0; xi < elements; xi++)
                            {
                                if (whole)
                                {
                                    t[xi].StoreUnsafe(ref Unsafe.Add(ref u, BlockedOffset(xi, ic, oc, inChannels, outChannels, blockChannels)));
                                    continue;
                                }

                                // The vector straddles two blocks (the 1-D runs): lane by lane.
                                for (int lane = 0; lane < 8; lane++)
                                {
                                    Unsafe.Add(ref u, BlockedOffset(xi, ic, oc + lane, inChannels, outChannels, blockChannels)) = t[xi].GetElement(lane);
                                }
                            }
                        }
                    }
                }

                for (; oc < outChannels; oc++)
                {
                    ref float g = ref Unsafe.Add(ref w, (nint)((long)oc * pair + ic * taps));
                    Span<float> t = t1;
                    if (taps == 9)
                    {
                        form.Transform<float, ArithScalar>(g, Unsafe.Add(ref g, 1), Unsafe.Add(ref g, 2), Unsafe.Add(ref g, 3), Unsafe.Add(ref g, 4),
                            Unsafe.Add(ref g, 5), Unsafe.Add(ref g, 6), Unsafe.Add(ref g, 7), Unsafe.Add(ref g, 8), t);
                    }
                    else
                    {
                        form.Transform<float, ArithScalar>(g, Unsafe.Add(ref g, 1), Unsafe.Add(ref g, 2), 0f, 0f, 0f, 0f, 0f, 0f, t);
                    }
                    for (int xi = 0; xi < elements; xi++)
                    {
                        Unsafe.Add(ref u, BlockedOffset(xi, ic, oc, inChannels, outChannels, blockChannels)) = t[xi];
                    }
                }
            }
        }

        /// <summary>
        /// Where element <paramref name="xi"/> of the pair (<paramref name="oc"/>, <paramref name="ic"/>) lies in transformed
        /// weights of output-channel blocks <paramref name="blockChannels"/> wide: <c>xi * Cin * Cout + Cin * c0 + ic * width + (oc - c0)</c>,
        /// <c>c0</c> the block's first channel and <c>width = min(blockChannels, Cout - c0)</c>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static nint BlockedOffset(int xi, int ic, int oc, int inChannels, int outChannels, int blockChannels)
        {
            int c0 = oc / blockChannels * blockChannels;
            int width = Math.Min(blockChannels, outChannels - c0);
            return (nint)((long)xi * inChannels * outChannels + (long)inChannels * c0 + (long)ic * width + (oc - c0));
        }

        internal readonly struct ArithScalar : WinogradF43.IArith<float>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public float Add(float a, float b) => a + b;

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public float Sub(float a, float b) => a - b;

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public float Mul(float a, float c) => a * c;
        }

        internal readonly struct Arith256 : WinogradF43.IArith<Vector256<float>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public Vector256<float> Sub(Vector256<float> a, Vector256<float> b) => a - b;

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public Vector256<float> Mul(Vector256<float> a, float c) => a * c;
        }

        internal readonly struct Arith512 : WinogradF43.IArith<Vector512<float>>
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public Vector512<float> Sub(Vector512<float> a, Vector512<float> b) => a - b;

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public Vector512<float> Mul(Vector512<float> a, float c) => a * c;
        }
    }
}
