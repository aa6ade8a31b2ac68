using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// Maps a coordinate of the padded input to a coordinate of the real input, for every padding mode. Generated
    /// border code calls these per tap, which is how padding is fused into the kernels: no padded copy of the
    /// input is ever made. The reference kernels use the same functions.
    /// </summary>
    public static class PaddingIndex
    {
        /// <summary>Zeros: the index itself when inside <c>[0, n)</c>, else -1 (the tap reads zero).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static int Zeros(int i, int n) => (uint)i < (uint)n ? i : -1;

        /// <summary>Reflect without repeating the edge: -1 reads 1, n reads n-2. A length-1 axis reads 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static int Reflect(int i, int n)
        {
            if ((uint)i < (uint)n)
            {
                return i;
            }

            return ReflectSlow(i, n);
        }

        /// <summary>Replicate: clamp to <c>[0, n-1]</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static int Replicate(int i, int n) => i < 0 ? 0 : i >= n ? n - 1 : i;

        /// <summary>Circular: wrap around, <c>i mod n</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static int Circular(int i, int n)
        {
            int r = i % n;
            return r < 0 ? r + n : r;
        }

        /// <summary>Resolves by mode; -1 means the tap reads zero.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int Resolve(PaddingMode mode, int i, int n) => mode switch
        {
            PaddingMode.Reflect => Reflect(i, n),
            PaddingMode.Replicate => Replicate(i, n),
            PaddingMode.Circular => Circular(i, n),
            _ => Zeros(i, n),
        };

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int ReflectSlow(int i, int n)
        {
            if (n == 1)
            {
                return 0;
            }

            // The mirror has period 2(n-1); fold into it, then reflect the upper half.
            int period = 2 * (n - 1);
            int r = i % period;
            if (r < 0)
            {
                r += period;
            }

            return r < n ? r : period - r;
        }
    }
}
