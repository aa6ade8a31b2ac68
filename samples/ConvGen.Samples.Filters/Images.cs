using System;

namespace ConvGen.Samples.Filters
{
    /// <summary>Conversions between 8-bit images and the float tensors the layers take, and the display mappings.</summary>
    internal static class Images
    {
        /// <summary>uint8 to float in [0, 1] (value / 255), element by element (a grey image is already a 1xHxW plane).</summary>
        public static float[] ToUnitFloat(byte[] pixels)
        {
            var f = new float[pixels.Length];
            for (int i = 0; i < pixels.Length; i++)
            {
                f[i] = pixels[i] / 255f;
            }

            return f;
        }

        /// <summary>Interleaved HWC bytes to planar CHW floats in [0, 1] (NCHW with batch 1).</summary>
        public static float[] HwcToChw(byte[] hwc, int height, int width, int channels)
        {
            var chw = new float[hwc.Length];
            int plane = height * width;
            for (int p = 0; p < plane; p++)
            {
                for (int c = 0; c < channels; c++)
                {
                    chw[(c * plane) + p] = hwc[(p * channels) + c] / 255f;
                }
            }

            return chw;
        }

        /// <summary>Planar CHW floats to interleaved HWC bytes, clamping to [0, 1] first.</summary>
        public static byte[] ChwToHwcBytes(ReadOnlySpan<float> chw, int height, int width, int channels)
        {
            var hwc = new byte[chw.Length];
            int plane = height * width;
            for (int p = 0; p < plane; p++)
            {
                for (int c = 0; c < channels; c++)
                {
                    hwc[(p * channels) + c] = ToByte(chw[(c * plane) + p]);
                }
            }

            return hwc;
        }

        /// <summary>Floats clamped to [0, 1] to bytes: round(255 * clamp(v)).</summary>
        public static byte[] ClampToBytes(ReadOnlySpan<float> values)
        {
            var bytes = new byte[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                bytes[i] = ToByte(values[i]);
            }

            return bytes;
        }

        /// <summary>Non-negative floats stretched so that the largest becomes 255: round(255 * v / max).</summary>
        public static byte[] StretchToBytes(ReadOnlySpan<float> values)
        {
            float max = Max(values);
            var bytes = new byte[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                bytes[i] = ToByte(max > 0 ? values[i] / max : 0);
            }

            return bytes;
        }

        /// <summary>Gradient magnitude sqrt(gx^2 + gy^2) from a [2, H, W] (gx, gy) tensor.</summary>
        public static float[] Magnitude(ReadOnlySpan<float> gradients, int plane)
        {
            var m = new float[plane];
            for (int p = 0; p < plane; p++)
            {
                float gx = gradients[p];
                float gy = gradients[plane + p];
                m[p] = MathF.Sqrt((gx * gx) + (gy * gy));
            }

            return m;
        }

        /// <summary>Per-pixel maximum over the channels of a [C, H, W] tensor.</summary>
        public static float[] MaxOverChannels(ReadOnlySpan<float> chw, int channels, int plane)
        {
            var m = chw.Slice(0, plane).ToArray();
            for (int c = 1; c < channels; c++)
            {
                ReadOnlySpan<float> src = chw.Slice(c * plane, plane);
                for (int p = 0; p < plane; p++)
                {
                    m[p] = MathF.Max(m[p], src[p]);
                }
            }

            return m;
        }

        /// <summary>
        /// Non-negative floats stretched so that the <paramref name="percentile"/>-th percentile becomes 255 (values
        /// above it saturate). Filter responses are sparse, with a few very strong ones; scaling by the maximum would
        /// leave almost everything black.
        /// </summary>
        public static byte[] StretchToBytes(ReadOnlySpan<float> values, double percentile)
        {
            float top = Percentile(values, percentile);
            var bytes = new byte[values.Length];
            for (int i = 0; i < values.Length; i++)
            {
                bytes[i] = ToByte(top > 0 ? values[i] / top : 0);
            }

            return bytes;
        }

        /// <summary>
        /// Tiles the channels of a non-negative [C, H, W] tensor into a grey mosaic of <paramref name="columns"/>
        /// tiles per row, channel c at tile (c / columns, c % columns), separated by white gutters. All tiles share
        /// one scale, so their strengths can be compared: the <paramref name="percentile"/>-th percentile of all the
        /// values becomes 255.
        /// </summary>
        public static byte[] Mosaic(ReadOnlySpan<float> chw, int channels, int height, int width, int columns, int gutter, double percentile, out int mosaicWidth, out int mosaicHeight)
        {
            int rows = (channels + columns - 1) / columns;
            mosaicWidth = (columns * width) + ((columns - 1) * gutter);
            mosaicHeight = (rows * height) + ((rows - 1) * gutter);
            var mosaic = new byte[mosaicWidth * mosaicHeight];
            Array.Fill(mosaic, (byte)255);
            float top = Percentile(chw, percentile);
            for (int c = 0; c < channels; c++)
            {
                int row = c / columns * (height + gutter);
                int left = c % columns * (width + gutter);
                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        float v = chw[(((c * height) + y) * width) + x];
                        mosaic[((row + y) * mosaicWidth) + left + x] = ToByte(top > 0 ? v / top : 0);
                    }
                }
            }

            return mosaic;
        }

        /// <summary>The value below which <paramref name="percentile"/> percent of the values lie (nearest rank).</summary>
        private static float Percentile(ReadOnlySpan<float> values, double percentile)
        {
            float[] sorted = values.ToArray();
            Array.Sort(sorted);
            int rank = (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1;
            return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
        }

        private static float Max(ReadOnlySpan<float> values)
        {
            float max = 0;
            foreach (float v in values)
            {
                max = MathF.Max(max, v);
            }

            return max;
        }

        private static byte ToByte(float v) => (byte)MathF.Round(255f * Math.Clamp(v, 0f, 1f));
    }
}
