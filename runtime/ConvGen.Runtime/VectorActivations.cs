using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen
{
    /// <summary>
    /// Vector forms of the activations that have an exact lane-wise equivalent of <see cref="Activations"/>, so vector
    /// and scalar kernels give bitwise-identical results (NaN propagates; -0 stays -0 where the scalar form keeps it).
    /// Transcendental activations (GELU, SiLU, sigmoid, tanh) are applied with the scalar functions instead.
    /// </summary>
    public static class VectorActivations
    {
        /// <summary>ReLU: <c>x &gt; 0 || NaN ? x : 0</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> Relu(Vector512<float> x)
            => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero) | ~Vector512.Equals(x, x), x, Vector512<float>.Zero);

        /// <summary>ReLU: <c>x &gt; 0 || NaN ? x : 0</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> Relu(Vector256<float> x)
            => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero) | ~Vector256.Equals(x, x), x, Vector256<float>.Zero);

        /// <summary>ReLU6: below 0 becomes 0, above 6 becomes 6, NaN stays.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> Relu6(Vector512<float> x)
        {
            x = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), Vector512<float>.Zero, x);
            return Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(6f)), Vector512.Create(6f), x);
        }

        /// <summary>ReLU6: below 0 becomes 0, above 6 becomes 6, NaN stays.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> Relu6(Vector256<float> x)
        {
            x = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256<float>.Zero, x);
            return Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(6f)), Vector256.Create(6f), x);
        }

        /// <summary>LeakyReLU: <c>x &gt;= 0 ? x : x * alpha</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector512<float> LeakyRelu(Vector512<float> x, float alpha)
            => Vector512.ConditionalSelect(Vector512.GreaterThanOrEqual(x, Vector512<float>.Zero), x, x * alpha);

        /// <summary>LeakyReLU: <c>x &gt;= 0 ? x : x * alpha</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static Vector256<float> LeakyRelu(Vector256<float> x, float alpha)
            => Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(x, Vector256<float>.Zero), x, x * alpha);
    }
}
