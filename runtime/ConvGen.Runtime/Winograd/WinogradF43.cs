using System;
using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// Winograd F(4x4, 3x3) (Lavin and Gray, 2016; interpolation points 0, 1, -1, 2, -2, infinity): a 4x4 output tile
    /// of a 3x3 stride-1 correlation is <c>A^T [(G g G^T) . (B^T d B)] A</c> over the 6x6 input tile d, which costs 36
    /// multiplies per input channel instead of 144. This class holds the weight transform (run once per call, before
    /// the generated kernel's items) and the 1-D transforms as the generated kernels write them, for reference.
    /// <para>
    /// Every transform is a fixed sequence of additions and multiplications (no fused multiply-add), written once for
    /// any element type through <see cref="IArith{T}"/>, so the scalar, 256-bit and 512-bit paths produce the same bits.
    /// </para>
    /// Transformed weights are laid out <c>U[(xi * Cin + ic) * Cout + oc]</c>, xi = 6*row + column of the 6x6 tile:
    /// for one xi and input channel, the output channels are consecutive (the GEMM broadcasts them in turn). The lane
    /// GEMM's layers use the channel-blocked form of that layout (<see cref="BlockedOffset"/>).
    /// </summary>
    public static class WinogradF43
    {
        /// <summary>Elements of the transformed tile.</summary>
        public const int TileElements = 36;

        /// <summary>Length of the transformed weights of a layer.</summary>
        public static int TransformedLength(int outChannels, int inChannels) => TileElements * inChannels * outChannels;

        /// <summary>
        /// Transforms PyTorch-layout weights <c>[Cout, Cin, 3, 3]</c> at <paramref name="w"/> into <paramref name="u"/>
        /// (<see cref="TransformedLength"/> floats): <c>G g G^T</c> per (output, input) channel pair, vectorised over
        /// output channels at the current ISA level, with identical results at every level.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TransformWeights(ref float w, int outChannels, int inChannels, ref float u)
            => TransformWeights(ref w, outChannels, inChannels, ref u, 0, inChannels);

        /// <summary>
        /// The part of <see cref="TransformWeights(ref float, int, int, ref float)"/> for input channels
        /// <c>[icFrom, icTo)</c> (parts for disjoint ranges may run on different threads).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TransformWeights(ref float w, int outChannels, int inChannels, ref float u, int icFrom, int icTo)
            => TransformWeights(ref w, outChannels, inChannels, ref u, icFrom, icTo, outChannels);

        /// <summary>
        /// The same into the channel-blocked layout <paramref name="blockChannels"/> wide (the lane GEMM's): for each
        /// element xi, the output channels in blocks <c>[c0, c0 + width)</c>, <c>c0</c> a multiple of
        /// <paramref name="blockChannels"/> and <c>width = min(blockChannels, Cout - c0)</c>, each block stored input channel
        /// by input channel: <c>U[xi * Cin * Cout + Cin * c0 + ic * width + (oc - c0)]</c> (<see cref="BlockedOffset"/>), so the
        /// GEMM streams one block's weights from consecutive memory. <paramref name="blockChannels"/> = Cout is the plain layout.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The block is not Cout and not a positive multiple of 16.</exception>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TransformWeights(ref float w, int outChannels, int inChannels, ref float u, int icFrom, int icTo, int blockChannels)
        {
            WinogradWeights.CheckVectorBlock(blockChannels, outChannels);
            WinogradWeights.Transform<Form>(ref w, outChannels, inChannels, ref u, icFrom, icTo, blockChannels);
        }

        /// <summary>Where element <paramref name="xi"/> of the pair (<paramref name="oc"/>, <paramref name="ic"/>) lies in the transformed weights of output-channel blocks <paramref name="blockChannels"/> wide.</summary>
        public static nint BlockedOffset(int xi, int ic, int oc, int inChannels, int outChannels, int blockChannels)
            => WinogradWeights.BlockedOffset(xi, ic, oc, inChannels, outChannels, blockChannels);

        /// <summary>F(4x4,3x3)'s kernel transform for the shared driver.</summary>
        private readonly struct Form : WinogradWeights.ITileTransform
        {
            public int Elements => TileElements;

            public int Taps => 9;

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public void Transform<T, TA>(T g0, T g1, T g2, T g3, T g4, T g5, T g6, T g7, T g8, Span<T> t)
                where TA : struct, IArith<T>
                => WinogradF43.Transform<T, TA>(g0, g1, g2, g3, g4, g5, g6, g7, g8, t);
        }

        /// <summary>Elements of the transformed 1-D tile (F(4,3): 6 input points for 4 outputs).</summary>
        public const int TileElements1D = 6;

        /// <summary>Length of the transformed weights of a 1-D layer.</summary>
        public static int TransformedLength1D(int outChannels, int inChannels) => TileElements1D * inChannels * outChannels;

        /// <summary>
        /// The 1-D form, F(4,3): transforms PyTorch-layout weights <c>[Cout, Cin, 3]</c> at <paramref name="w"/> into
        /// <paramref name="u"/> (<see cref="TransformedLength1D"/> floats, <c>U[(xi * Cin + ic) * Cout + oc]</c>, xi = 0..5):
        /// <c>G g</c> per (output, input) channel pair, for input channels <c>[icFrom, icTo)</c>, vectorised over output
        /// channels at the current ISA level with identical results at every level.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TransformWeights1D(ref float w, int outChannels, int inChannels, ref float u, int icFrom, int icTo)
            => WinogradWeights.Transform<Form1D>(ref w, outChannels, inChannels, ref u, icFrom, icTo, outChannels);

        /// <summary>
        /// The same into runs of <paramref name="runChannels"/> output channels (<see cref="BlockedOffset"/>; the 1-D tile
        /// GEMM's layout, whose register tiles of 3 or 12 channels each read one run): any width from 1 to Cout, vectors
        /// that straddle two runs stored lane by lane.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">The run is not between 1 and Cout.</exception>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TransformWeights1D(ref float w, int outChannels, int inChannels, ref float u, int icFrom, int icTo, int runChannels)
        {
            if (runChannels < 1 || runChannels > outChannels)
            {
                throw new ArgumentOutOfRangeException(nameof(runChannels), runChannels, "The run of output channels must be between 1 and Cout (" + outChannels.ToString(System.Globalization.CultureInfo.InvariantCulture) + ").");
            }

            WinogradWeights.Transform<Form1D>(ref w, outChannels, inChannels, ref u, icFrom, icTo, runChannels);
        }

        /// <summary>F(4,3)'s kernel transform (<c>G g</c> of 3 taps into 6 elements) for the shared driver, whose plain layout is the 1-D one.</summary>
        private readonly struct Form1D : WinogradWeights.ITileTransform
        {
            public int Elements => TileElements1D;

            public int Taps => 3;

            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public void Transform<T, TA>(T g0, T g1, T g2, T g3, T g4, T g5, T g6, T g7, T g8, Span<T> t)
                where TA : struct, IArith<T>
                => G<T, TA>(g0, g1, g2, out t[0], out t[1], out t[2], out t[3], out t[4], out t[5]);
        }

        /// <summary><c>G g G^T</c> of one 3x3 kernel (row-major g0..g8) into the 36 elements of <paramref name="t"/> (row-major 6x6).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Transform<T, TA>(T g0, T g1, T g2, T g3, T g4, T g5, T g6, T g7, T g8, Span<T> t)
            where TA : struct, IArith<T>
        {
            // Down the columns (kernel rows -> 6 rows), then along each of the 6 rows (kernel columns -> 6 columns).
            G<T, TA>(g0, g3, g6, out T a0, out T a1, out T a2, out T a3, out T a4, out T a5);
            G<T, TA>(g1, g4, g7, out T b0, out T b1, out T b2, out T b3, out T b4, out T b5);
            G<T, TA>(g2, g5, g8, out T c0, out T c1, out T c2, out T c3, out T c4, out T c5);
            Row<T, TA>(t, 0, a0, b0, c0);
            Row<T, TA>(t, 1, a1, b1, c1);
            Row<T, TA>(t, 2, a2, b2, c2);
            Row<T, TA>(t, 3, a3, b3, c3);
            Row<T, TA>(t, 4, a4, b4, c4);
            Row<T, TA>(t, 5, a5, b5, c5);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Row<T, TA>(Span<T> t, int r, T k0, T k1, T k2)
            where TA : struct, IArith<T>
        {
            G<T, TA>(k0, k1, k2, out t[r * 6], out t[r * 6 + 1], out t[r * 6 + 2], out t[r * 6 + 3], out t[r * 6 + 4], out t[r * 6 + 5]);
        }

        /// <summary>
        /// The 1-D kernel transform G (6x3): <c>u0 = g0/4; u1 = -(g0+g1+g2)/6; u2 = -(g0-g1+g2)/6;
        /// u3 = g0/24 + g1/12 + g2/6; u4 = g0/24 - g1/12 + g2/6; u5 = g2</c>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void G<T, TA>(T g0, T g1, T g2, out T u0, out T u1, out T u2, out T u3, out T u4, out T u5)
            where TA : struct, IArith<T>
        {
            TA a = default;
            T even = a.Add(g0, g2);
            u0 = a.Mul(g0, 0.25f);
            u1 = a.Mul(a.Add(even, g1), -1f / 6f);
            u2 = a.Mul(a.Sub(even, g1), -1f / 6f);
            T p = a.Add(a.Mul(g0, 1f / 24f), a.Mul(g2, 1f / 6f));
            T q = a.Mul(g1, 1f / 12f);
            u3 = a.Add(p, q);
            u4 = a.Sub(p, q);
            u5 = g2;
        }

        /// <summary>Addition, subtraction and multiplication by a constant for one element type (the JIT specialises per struct).</summary>
        public interface IArith<T>
        {
            T Add(T a, T b);

            T Sub(T a, T b);

            T Mul(T a, float c);
        }
    }
}
