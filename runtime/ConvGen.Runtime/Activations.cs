using System;
using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// Scalar activation functions in float (called by generated epilogues) and in double (used by the reference
    /// kernels). Semantics follow PyTorch: NaN propagates through ReLU/ReLU6, GELU is the exact erf form.
    /// </summary>
    public static class Activations
    {
        /// <summary><c>max(x, 0)</c>; NaN stays NaN.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float Relu(float x) => x > 0f || float.IsNaN(x) ? x : 0f;

        /// <summary><c>min(max(x, 0), 6)</c>; NaN stays NaN.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float Relu6(float x) => float.IsNaN(x) ? x : x < 0f ? 0f : x > 6f ? 6f : x;

        /// <summary><c>x &gt;= 0 ? x : alpha*x</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float LeakyRelu(float x, float alpha) => x >= 0f ? x : x * alpha;

        /// <summary><c>0.5*x*(1+erf(x/sqrt(2)))</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float Gelu(float x) => 0.5f * x * (1f + Erf(x * 0.70710677f));

        /// <summary><c>x/(1+exp(-x))</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float Silu(float x) => x / (1f + MathF.Exp(-x));

        /// <summary><c>1/(1+exp(-x))</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

        /// <summary><c>tanh(x)</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float Tanh(float x) => MathF.Tanh(x);

        /// <summary>
        /// erf in float: evaluated in double through <see cref="Erf(double)"/>'s series and rounded once, so it is
        /// correctly rounded for practical purposes and identical on every machine.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float Erf(float x) => (float)Erf((double)x);

        /// <summary>Applies <paramref name="activation"/> in double (the reference kernels' epilogue).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static double Apply(Activation activation, double x, double alpha) => activation switch
        {
            Activation.None => x,
            Activation.Relu => double.IsNaN(x) || x > 0 ? x : 0,
            Activation.Relu6 => double.IsNaN(x) ? x : Math.Min(Math.Max(x, 0), 6),
            Activation.LeakyRelu => x >= 0 ? x : alpha * x,
            Activation.Gelu => 0.5 * x * (1 + Erf(x / Math.Sqrt(2))),
            Activation.Silu => x / (1 + Math.Exp(-x)),
            Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
            Activation.Tanh => Math.Tanh(x),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
        };

        /// <summary>
        /// The error function in double, to about 1e-16 absolute. For |x| &lt; 6 it sums the series
        /// <c>erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n 2^n x^(2n+1) / (1*3*...*(2n+1))</c>, whose terms are all
        /// positive (no cancellation); beyond 6, erf is 1 to double precision (erfc(6) is about 2e-17).
        /// .NET has no Math.Erf, hence this.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static double Erf(double x)
        {
            if (double.IsNaN(x))
            {
                return x;
            }

            double ax = Math.Abs(x);
            if (ax >= 6)
            {
                return x > 0 ? 1.0 : -1.0;
            }

            double x2 = ax * ax;
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 200; n++)
            {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
                if (term < sum * 1e-17)
                {
                    break;
                }
            }

            double r = 2 / Math.Sqrt(Math.PI) * Math.Exp(-x2) * sum;
            if (r > 1)
            {
                r = 1;
            }

            return x < 0 ? -r : r;
        }
    }
}
