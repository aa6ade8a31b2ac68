using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen
{
    /// <summary>
    /// The pooling max on vectors, lane by lane the scalar rule <c>v &gt; m || float.IsNaN(v) ? v : m</c>: NaN propagates
    /// (a NaN in <paramref name="v"/> replaces <c>m</c>, a NaN in <c>m</c> stays), and of equal values the first is
    /// kept (so -0 and +0 keep their order). Not <c>Vector512.Max</c>, which orders -0 below +0.
    /// </summary>
    public static class VectorMax
    {
        /// <summary>
        /// The scalar rule <c>v &gt; m || float.IsNaN(v) ? v : m</c> without a branch (lane 0 of a 128-bit compare and
        /// select): as a branch it mispredicts about half the time on real data.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float Max(float m, float v)
        {
            Vector128<float> mv = Vector128.CreateScalarUnsafe(m), vv = Vector128.CreateScalarUnsafe(v);
            return Vector128.ConditionalSelect(Vector128.GreaterThan(vv, mv) | ~Vector128.Equals(vv, vv), vv, mv).ToScalar();
        }

        /// <summary>Per lane: <paramref name="v"/> where it is greater than <paramref name="m"/> or NaN, else <paramref name="m"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> Max512(Vector512<float> m, Vector512<float> v)
            => Vector512.ConditionalSelect(Vector512.GreaterThan(v, m) | ~Vector512.Equals(v, v), v, m);

        /// <summary>Per lane: <paramref name="v"/> where it is greater than <paramref name="m"/> or NaN, else <paramref name="m"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> Max256(Vector256<float> m, Vector256<float> v)
            => Vector256.ConditionalSelect(Vector256.GreaterThan(v, m) | ~Vector256.Equals(v, v), v, m);
    }
}
