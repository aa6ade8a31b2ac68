using System;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>
    /// The vector path of max and average pooling (NCHW, innermost stride 1 or 2, fully unrolled windows): interior rows
    /// run in vectors of consecutive outputs (16 with AVX-512, 8 with AVX2), each tap one load (stride 1) or two loads
    /// keeping the even lanes (stride 2); the max is a compare and select that propagates NaN and keeps the first of
    /// equal values (the scalar <c>Max</c>'s rule), the average the scalar sum in tap order divided by the window size,
    /// so every ISA gives the same bits. Windows that reach into the padding or past the input stay on the scalar border
    /// path, and the outputs of a row past the last whole vector on the scalar interior loop.
    /// </summary>
    internal static class PoolingTiling
    {
        /// <summary>True when the layer kind and shape allow the vector interior (before asking whether a whole vector fits).</summary>
        public static bool Runs(LayerShape s, UnrollMode unroll)
            => (s.Kind == LayerKind.MaxPool || s.Kind == LayerKind.AvgPool) && s.Layout == TensorLayout.Nchw && unroll == UnrollMode.FullWindow
               && s.Stride[s.Rank - 1] <= 2;

        /// <summary>
        /// The first output column of the row's interior and the end (exclusive) of the columns at which a whole vector of
        /// <paramref name="lanes"/> outputs may start: every output of the vector interior, and every float its loads read
        /// inside the row (a stride-2 load reads 2 x lanes floats, one past the last it keeps).
        /// </summary>
        public static (int From, int To) VectorStarts(LayerShape s, int lanes)
        {
            int a = s.Rank - 1;
            long span = (long)s.Dilation[a] * (s.Kernel[a] - 1);
            ShapeMath.InteriorRange(s.PadBefore[a], span, s.Stride[a], s.Input[a], s.Output[a], out int lo, out int hi);
            int stride = s.Stride[a];
            long reach = span + (stride == 2 ? 2L * lanes - 1 : lanes - 1); // floats past the first read column
            long lastStart = (s.Input[a] - 1 - reach + s.PadBefore[a]);
            lastStart = lastStart < 0 ? -1 : lastStart / stride;
            int to = (int)Math.Min(hi - lanes, lastStart) + 1;
            return (lo, Math.Max(lo, to));
        }

        /// <summary>
        /// True when the channels-last vector path runs the layer: NHWC max or average pooling with a fully unrolled window and
        /// at least 8 channels (a vector of channels per output pixel; any stride and dilation, borders included).
        /// </summary>
        public static bool RunsChannelsLast(LayerShape s, UnrollMode unroll)
            => (s.Kind == LayerKind.MaxPool || s.Kind == LayerKind.AvgPool) && s.Layout == TensorLayout.Nhwc && unroll == UnrollMode.FullWindow && s.InChannels >= 8;

        /// <summary>Why a max or average pooling layer has no vector path (for the report).</summary>
        public static string WhyScalar(LayerShape s, UnrollMode unroll)
        {
            string I(long v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (unroll != UnrollMode.FullWindow)
            {
                return "the window's " + I(s.KernelSpatial) + " taps exceed the full-unroll limit the vector paths need";
            }

            if (s.Layout == TensorLayout.Nhwc)
            {
                return "the channels-last vector path needs at least 8 channels; this layer has " + I(s.InChannels);
            }

            if (s.Stride[s.Rank - 1] > 2)
            {
                return "the vector interior loads innermost strides of 1 or 2; this layer's is " + I(s.Stride[s.Rank - 1]);
            }

            return "no row's interior holds a whole vector of 8 outputs (" + I(s.Output[s.Rank - 1]) + " outputs a row)";
        }

        /// <summary>True when at least one whole vector of <paramref name="lanes"/> outputs fits a row's interior.</summary>
        public static bool Fits(LayerShape s, int lanes)
        {
            (int from, int to) = VectorStarts(s, lanes);
            return to > from;
        }
    }
}
