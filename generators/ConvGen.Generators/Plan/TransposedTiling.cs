using System;
using System.Collections.Generic;
using System.Globalization;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>
    /// How the phase-gather family (transposed convolution) lays a layer onto vector registers.
    /// <para>
    /// Output column <c>ox = S*j + r</c> (stride S on the innermost axis, phase r in [0, S)) receives exactly the taps
    /// <c>kx</c> with <c>(r + P - kx*D) mod S == 0</c>, from input column <c>j + (r + P - kx*D) / S</c>: for a fixed
    /// phase every tap reads consecutive input columns as j runs over consecutive lanes. So the kernel keeps one set of
    /// accumulators per phase, loads contiguous input vectors (no zero-inserted copy, no wasted multiplies), and
    /// interleaves the S phase vectors into consecutive outputs before the store (S is 1 or 2). Outer axes pick
    /// their taps per output row the same way (only those of the row's phase).
    /// </para>
    /// A tile is <see cref="VectorTile.Channels"/> output channels x S phases x <see cref="VectorTile.Vectors"/>
    /// vectors of j; its accumulators fill the register file (24 of 32 zmm, 12 of 16 ymm) after the input vectors and
    /// one broadcast register.
    /// </summary>
    internal static class TransposedTiling
    {
        /// <summary>Innermost-axis taps above this are not unrolled into vector code (scalar gather instead).</summary>
        public const int MaxInnerTaps = 16;

        /// <summary>The tile for a register file, or null when the layer has no vector path (see <see cref="WhyScalar"/>).</summary>
        public static VectorTile? Choose(LayerShape s, int bits)
        {
            if (WhyScalar(s) is not null)
            {
                return null;
            }

            int last = s.Rank - 1;
            int phases = s.Stride[last];
            int lanes = bits / 32;
            int budget = bits == 512 ? 24 : 12;
            int ocg = s.OutChannels / s.Groups;
            int j = Columns(s);
            // Channels per tile before vectors get their share: 4 on 512-bit; 3 on 256-bit, so that each broadcast weight feeds
            // two vectors (6 channels x 1 vector broadcast one weight per multiply-add, and the broadcasts, not the loads or
            // the multiply-adds, bounded U-Net's 4x4/2 layer on a Zen 3 core: 3 x 2 ran 4.45 -> 3.84 ms, the same bits).
            int leading = bits == 512 ? 4 : 3;
            int vectors = Math.Max(1, Math.Min((j + lanes - 1) / lanes, budget / (phases * Math.Min(leading, ocg))));
            int channels = Math.Max(1, Math.Min(ocg, budget / (phases * vectors)));
            int blocks = (ocg + channels - 1) / channels;
            int maxChunks = s.Rank > 1 ? s.Output[0] : (j + lanes * vectors - 1) / (lanes * vectors);
            int chunks = Math.Max(1, Math.Min(maxChunks, (DirectTiling.Items + s.Groups * blocks - 1) / (s.Groups * blocks)));
            return new VectorTile(bits, lanes, channels, vectors, chunks);
        }

        /// <summary>Lanes per phase along the innermost axis: <c>ceil(OW / S)</c>.</summary>
        public static int Columns(LayerShape s)
        {
            int last = s.Rank - 1;
            return (s.Output[last] + s.Stride[last] - 1) / s.Stride[last];
        }

        /// <summary>The innermost-axis taps of phase <paramref name="r"/>, ascending, with their input column offset (<c>ix = j + offset</c>).</summary>
        public static List<(int Tap, int Offset)> PhaseTaps(LayerShape s, int axis, int r)
        {
            var taps = new List<(int, int)>();
            int stride = s.Stride[axis];
            for (int k = 0; k < s.Kernel[axis]; k++)
            {
                long t = (long)r + s.PadBefore[axis] - (long)k * s.Dilation[axis];
                if (((t % stride) + stride) % stride == 0)
                {
                    taps.Add((k, (int)ShapeMath.FloorDiv(t, stride)));
                }
            }

            return taps;
        }

        /// <summary>Why a transposed layer has no vector path (for the report), or null when it has one.</summary>
        public static string? WhyScalar(LayerShape s)
        {
            int last = s.Rank - 1;
            if (s.Layout != TensorLayout.Nchw)
            {
                return "the channels-last (NHWC) layout has no transposed vector kernel of its own";
            }

            if (s.Stride[last] > 2)
            {
                return "stride " + s.Stride[last].ToString(CultureInfo.InvariantCulture) + " on the innermost axis (the vector kernel interleaves 1 or 2 phases)";
            }

            if (s.Kernel[last] > MaxInnerTaps)
            {
                return "the innermost kernel axis has " + s.Kernel[last].ToString(CultureInfo.InvariantCulture) + " taps, above the vector unroll limit of " + MaxInnerTaps.ToString(CultureInfo.InvariantCulture);
            }

            return null;
        }

        /// <summary>True when the scalar fallback comes from the declaration on a layer big enough to matter.</summary>
        public static bool ScalarIsAPenalty(LayerShape s) => WhyScalar(s) is not null && s.MacsPerItem >= 1_000_000;
    }
}
