using System;
using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// Winograd F(2x2, 3x3) (Lavin and Gray, 2016; interpolation points 0, 1, -1, infinity): a 2x2 output tile of a 3x3
    /// stride-1 correlation is <c>A^T [(G g G^T) . (B^T d B)] A</c> over the 4x4 input tile d, 16 multiplies per input
    /// channel instead of 36. It saves less than F(4x4,3x3) (2.25x against 4x) but its transformed weights are 16 x Cin x
    /// Cout floats instead of 36: the generator takes it where F(4x4,3x3)'s weights would not stay in the caches (ResNet's
    /// 7x7 512-channel layer: 16 MiB instead of 36). Its transforms only add, subtract and halve, so its rounding error is
    /// close to direct convolution's.
    /// <para>
    /// <c>B^T</c> = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1], <c>G</c> = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1],
    /// <c>A^T</c> = [1 1 1 0; 0 1 -1 -1]. The weight layout is <see cref="WinogradF43"/>'s with 16 elements
    /// (xi = 4*row + column), plain or in output-channel blocks (<see cref="BlockedOffset"/>).
    /// </para>
    /// </summary>
    public static class WinogradF23
    {
        /// <summary>Elements of the transformed tile (4x4).</summary>
        public const int TileElements = 16;

        /// <summary>Length of the transformed weights of a layer.</summary>
        public static int TransformedLength(int outChannels, int inChannels) => TileElements * inChannels * outChannels;

        /// <summary>
        /// Transforms PyTorch-layout weights <c>[Cout, Cin, 3, 3]</c> at <paramref name="w"/> into <paramref name="u"/>
        /// (<see cref="TransformedLength"/> floats, <c>U[(xi * Cin + ic) * Cout + oc]</c>): <c>G g G^T</c> per (output,
        /// input) channel pair, vectorised over output channels at the current ISA level, with identical results at every level.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void TransformWeights(ref float w, int outChannels, int inChannels, ref float u)
            => WinogradWeights.Transform<Form>(ref w, outChannels, inChannels, ref u, 0, inChannels, outChannels);

        /// <summary>
        /// Input channels <c>[icFrom, icTo)</c> of the transform (disjoint ranges may run on different threads), into
        /// blocks of <paramref name="blockChannels"/> output channels (Cout: the plain layout; else a positive multiple of
        /// 16, the lane GEMM's layout: <c>U[xi * Cin * Cout + Cin * c0 + ic * width + (oc - c0)]</c>).
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

        /// <summary>The 1-D kernel transform G (4x3): <c>u0 = g0; u1 = (g0 + g1 + g2) / 2; u2 = (g0 - g1 + g2) / 2; u3 = g2</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void G<T, TA>(T g0, T g1, T g2, out T u0, out T u1, out T u2, out T u3)
            where TA : struct, WinogradF43.IArith<T>
        {
            TA a = default;
            T even = a.Add(g0, g2);
            u0 = g0;
            u1 = a.Mul(a.Add(even, g1), 0.5f);
            u2 = a.Mul(a.Sub(even, g1), 0.5f);
            u3 = g2;
        }

        private readonly struct Form : WinogradWeights.ITileTransform
        {
            public int Elements => TileElements;

            public int Taps => 9;

            /// <summary>Down the columns (kernel rows -> 4 rows), then along each of the 4 rows (kernel columns -> 4 columns).</summary>
            [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
            public void Transform<T, TA>(T g0, T g1, T g2, T g3, T g4, T g5, T g6, T g7, T g8, Span<T> t)
                where TA : struct, WinogradF43.IArith<T>
            {
                G<T, TA>(g0, g3, g6, out T a0, out T a1, out T a2, out T a3);
                G<T, TA>(g1, g4, g7, out T b0, out T b1, out T b2, out T b3);
                G<T, TA>(g2, g5, g8, out T c0, out T c1, out T c2, out T c3);
                G<T, TA>(a0, b0, c0, out t[0], out t[1], out t[2], out t[3]);
                G<T, TA>(a1, b1, c1, out t[4], out t[5], out t[6], out t[7]);
                G<T, TA>(a2, b2, c2, out t[8], out t[9], out t[10], out t[11]);
                G<T, TA>(a3, b3, c3, out t[12], out t[13], out t[14], out t[15]);
            }
        }
    }
}
