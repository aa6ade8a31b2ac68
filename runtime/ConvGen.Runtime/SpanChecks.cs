using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ConvGen
{
    /// <summary>
    /// Run-time checks that generated entry points make once, before any work: exact span lengths and no overlap
    /// between an input and the output. Every failure is an <see cref="ArgumentException"/> that names the
    /// parameter, the expected length with its formula, and the actual length.
    /// </summary>
    public static class SpanChecks
    {
        /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
        /// <param name="layer">The layer's name, e.g. <c>Layers.Down</c>.</param>
        /// <param name="parameter">The parameter's name.</param>
        /// <param name="actual">The span's length.</param>
        /// <param name="expected">The length the layer needs.</param>
        /// <param name="formula">How <paramref name="expected"/> is made, with numbers: <c>N*C*H*W = 1*64*56*56</c>.</param>
        public static void Length(string layer, string parameter, int actual, long expected, string formula)
        {
            if (actual != expected)
            {
                ThrowLength(layer, parameter, actual, expected, formula);
            }
        }

        /// <summary>Throws unless <paramref name="packed"/> was packed for this layer and kernel.</summary>
        public static void Packed(string layer, string parameter, PackedWeights? packed, string kernel)
        {
            if (packed is null)
            {
                throw new ArgumentNullException(parameter, layer + ": '" + parameter + "' is null; pack the weights with " + layer + "Shape.PackWeights.");
            }

            if (packed.Layer != layer || packed.Kernel != kernel)
            {
                throw new ArgumentException(layer + ": '" + parameter + "' was packed for " + packed.Layer + " (kernel " + packed.Kernel + "), but this layer needs weights packed by "
                    + layer + "Shape.PackWeights (kernel " + kernel + ").", parameter);
            }
        }

        /// <summary>Throws when <paramref name="input"/> and <paramref name="output"/> share memory.</summary>
        public static void NoOverlap(string layer, string inputName, ReadOnlySpan<float> input, string outputName, ReadOnlySpan<float> output)
        {
            if (!input.IsEmpty && !output.IsEmpty && input.Overlaps(output))
            {
                ThrowOverlap(layer, inputName, outputName);
            }
        }

        /// <summary>Throws unless the batch size is at least 1 and the tensors it implies fit in an int.</summary>
        public static void Batch(string layer, string parameter, int batch, long largestItemLength)
        {
            if (batch < 1)
            {
                throw new ArgumentOutOfRangeException(parameter, batch,
                    string.Create(CultureInfo.InvariantCulture, $"{layer}: '{parameter}' must be at least 1, but it is {batch}."));
            }

            if ((long)batch * largestItemLength > int.MaxValue)
            {
                throw new ArgumentOutOfRangeException(parameter, batch,
                    string.Create(CultureInfo.InvariantCulture, $"{layer}: batch {batch} makes a tensor of {batch}*{largestItemLength} = {(long)batch * largestItemLength} elements, more than a span can hold ({int.MaxValue})."));
            }
        }

        [DoesNotReturn]
        private static void ThrowLength(string layer, string parameter, int actual, long expected, string formula)
            => throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{layer}: '{parameter}' must have length {expected} ({formula}), but it has length {actual}."),
                parameter);

        [DoesNotReturn]
        private static void ThrowOverlap(string layer, string inputName, string outputName)
            => throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{layer}: '{inputName}' and '{outputName}' overlap in memory; the output must be a separate buffer."),
                outputName);
    }
}
