using System.Runtime.Intrinsics;

namespace ConvGen
{
    /// <summary>
    /// Element-by-element forms of the AVX-512 shuffles the runtime helpers use, for machines without AVX-512F: the
    /// 512-bit kernel paths never run there (<see cref="Isa.Use512"/> needs AVX-512F), but the helpers stay callable
    /// everywhere (tests, tools) with the same results.
    /// </summary>
    internal static class Portable
    {
        /// <summary>The two-source permute <c>vpermt2ps</c>: lane <c>i</c> of the result is element <c>index[i]</c> of <c>a</c> (0-15) followed by <c>b</c> (16-31).</summary>
        public static Vector512<float> Permute(Vector512<float> a, Vector512<float> b, params System.ReadOnlySpan<int> index)
        {
            System.Span<float> lanes = stackalloc float[16];
            for (int i = 0; i < 16; i++)
            {
                lanes[i] = index[i] < 16 ? a.GetElement(index[i]) : b.GetElement(index[i] - 16);
            }

            return Vector512.Create((System.ReadOnlySpan<float>)lanes);
        }
    }
}
