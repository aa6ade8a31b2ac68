using System;
using System.Globalization;

namespace ConvGen.Shapes
{
    /// <summary>
    /// The output-size formulas, written once. The generator, the analyzers, the reference kernels and the
    /// tests all call these; nothing else may re-derive them. All arithmetic is in <see cref="long"/> so that
    /// absurd attribute values produce a diagnostic, never an overflow.
    /// </summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    static class ShapeMath
    {
        /// <summary>Convolution: <c>floor((I + Pb + Pa - D*(K-1) - 1) / S) + 1</c>.</summary>
        public static long ConvOutput(long input, long kernel, long stride, long dilation, long padBefore, long padAfter)
            => FloorDiv(input + padBefore + padAfter - dilation * (kernel - 1) - 1, stride) + 1;

        /// <summary>Transposed convolution: <c>(I-1)*S - Pb - Pa + D*(K-1) + OP + 1</c>.</summary>
        public static long TransposedOutput(long input, long kernel, long stride, long dilation, long padBefore, long padAfter, long outputPadding)
            => (input - 1) * stride - padBefore - padAfter + dilation * (kernel - 1) + outputPadding + 1;

        /// <summary>
        /// Pooling: <c>floor_or_ceil((I + Pb + Pa - D*(K-1) - 1) / S) + 1</c>; in ceil mode the last window must
        /// start inside the input or the left padding, so if <c>(O-1)*S &gt;= I + Pb</c> the output shrinks by one.
        /// </summary>
        public static long PoolOutput(long input, long kernel, long stride, long dilation, long padBefore, long padAfter, bool ceilMode)
        {
            long numerator = input + padBefore + padAfter - dilation * (kernel - 1) - 1;
            long output = (ceilMode ? CeilDiv(numerator, stride) : FloorDiv(numerator, stride)) + 1;
            if (ceilMode && output > 0 && (output - 1) * stride >= input + padBefore)
            {
                output--;
            }

            return output;
        }

        /// <summary>Adaptive pooling window of output index <paramref name="i"/>: <c>[floor(i*I/O), ceil((i+1)*I/O))</c>.</summary>
        public static void AdaptiveWindow(long i, long input, long output, out long start, out long end)
        {
            start = i * input / output;
            end = ((i + 1) * input + output - 1) / output;
        }

        /// <summary>The largest adaptive window on an axis (used as the pooling "kernel" for tolerances and MAC counts).</summary>
        public static int AdaptiveMaxWindow(int input, int output)
        {
            long max = 0;
            for (long i = 0; i < output; i++)
            {
                AdaptiveWindow(i, input, output, out long s, out long e);
                if (e - s > max)
                {
                    max = e - s;
                }
            }

            return (int)max;
        }

        /// <summary>The convolution formula with the layer's numbers, for messages.</summary>
        public static string ConvOutputFormula(long input, long kernel, long stride, long dilation, long padBefore, long padAfter)
            => "floor((" + I(input) + " + " + I(padBefore) + " + " + I(padAfter) + " - " + I(dilation) + "*(" + I(kernel) + "-1) - 1) / " + I(stride) + ") + 1";

        /// <summary>The transposed-convolution formula with the layer's numbers, for messages.</summary>
        public static string TransposedOutputFormula(long input, long kernel, long stride, long dilation, long padBefore, long padAfter, long outputPadding)
            => "(" + I(input) + "-1)*" + I(stride) + " - " + I(padBefore) + " - " + I(padAfter) + " + " + I(dilation) + "*(" + I(kernel) + "-1) + " + I(outputPadding) + " + 1";

        /// <summary>The pooling formula with the layer's numbers, for messages.</summary>
        public static string PoolOutputFormula(long input, long kernel, long stride, long dilation, long padBefore, long padAfter, bool ceilMode)
            => (ceilMode ? "ceil" : "floor") + "((" + I(input) + " + " + I(padBefore) + " + " + I(padAfter) + " - " + I(dilation) + "*(" + I(kernel) + "-1) - 1) / " + I(stride) + ") + 1"
               + (ceilMode ? ", minus 1 if the last window would start in the right padding" : "");

        /// <summary>
        /// Positions whose window lies wholly in bounds on one axis: the smallest <c>o</c> with <c>o*S - pad &gt;= 0</c> and
        /// one past the largest with <c>o*S - pad + span &lt;= extentIn - 1</c>, clamped to <c>[0, extentOut]</c> (empty: lo == hi).
        /// Convolution and pooling walk output positions over the input; transposed convolution walks input positions
        /// over the output (swap the extents).
        /// </summary>
        public static void InteriorRange(long pad, long span, long stride, long extentIn, int extentOut, out int lo, out int hi)
        {
            long numerator = extentIn - 1 + pad - span;
            long l = (pad + stride - 1) / stride;
            long h = numerator < 0 ? 0 : numerator / stride + 1;
            l = Math.Min(l, extentOut);
            h = Math.Min(h, extentOut);
            if (h < l)
            {
                h = l;
            }

            lo = (int)l;
            hi = (int)h;
        }

        /// <summary>Floor division that is correct for negative numerators (divisor must be positive).</summary>
        public static long FloorDiv(long a, long b)
        {
            long q = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0)))
            {
                q--;
            }

            return q;
        }

        /// <summary>Ceiling division (divisor must be positive).</summary>
        public static long CeilDiv(long a, long b) => -FloorDiv(-a, b);

        private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
