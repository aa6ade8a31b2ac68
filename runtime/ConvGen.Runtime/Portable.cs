using System.Runtime.Intrinsics;

namespace ConvGen
{
    /// <summary>
    /// Element-by-element forms of the AVX-512 shuffles the runtime helpers use (<see cref="VectorLanes.Permute2x512"/>,
    /// <see cref="VectorLanes.AlignRight512"/>), for machines without AVX-512F: there the 512-bit kernel paths run only on
    /// software vectors (<see cref="Isa.Emulate512"/>, for tests), with the same results as the instructions.
    /// </summary>
    internal static class Portable
    {
        /// <summary>The two-source permute <c>vpermt2ps</c>: lane <c>i</c> of the result is element <c>index[i] mod 32</c> of <c>a</c> (0-15) followed by <c>b</c> (16-31).</summary>
        public static Vector512<float> Permute(Vector512<float> a, Vector512<float> b, Vector512<int> index)
        {
            System.Span<float> lanes = stackalloc float[16];
            for (int i = 0; i < 16; i++)
            {
                int at = index.GetElement(i) & 31;
                lanes[i] = at < 16 ? a.GetElement(at) : b.GetElement(at - 16);
            }

            return Vector512.Create((System.ReadOnlySpan<float>)lanes);
        }
    }
}
