using System;
using System.Globalization;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>
    /// Depthwise convolution in the channels-last (NHWC) layout, channels on the vector lanes (1-D, 2-D or 3-D, depthwise
    /// multiplier 1, every padding mode, any stride and dilation). Output channel c reads only input channel c, and in
    /// NHWC a pixel's channels are consecutive, so a register tile of <c>R</c> consecutive output pixels of one row x
    /// <c>V</c> vectors of consecutive channels loads, per kernel tap, <c>V</c> weight vectors (the chunk's weights
    /// repacked tap-major by the item, <c>[tap][channel]</c>) and <c>R x V</c> input vectors (pixel <c>r</c>'s channels,
    /// contiguous), one fused multiply-add each: no broadcasts, no shuffles, no transposes, and the accumulators are
    /// already the output's order, so each leaves with the vector epilogue straight into the output. Taps in the zero
    /// padding are left out (rows per output row, columns per pixel in the border tiles); the other padding modes
    /// read the resolved row (per output row) and column (per pixel in the border tiles), both through <c>PaddingIndex</c>. Each output is one chain over its taps in order from zero, the chain of the scalar Pixel, so every ISA and
    /// thread count gives the same bits.
    /// <para>
    /// In a <see cref="VectorTile"/> of this family <see cref="VectorTile.Channels"/> holds the pixels per tile and
    /// <see cref="VectorTile.Vectors"/> the channel vectors of a chunk.
    /// </para>
    /// </summary>
    internal static class DepthwiseChannelsLastTiling
    {
        /// <summary>True when the kernel can run the layer: an NHWC convolution with one input and one output channel per group.</summary>
        public static bool Runs(LayerShape s)
            => s.Kind == LayerKind.Conv && s.Layout == TensorLayout.Nhwc && s.Groups > 1 && s.Groups == s.InChannels && s.OutChannels == s.InChannels;

        /// <summary>True when Auto takes it: whenever it runs (the only vector kernel of NHWC depthwise layers).</summary>
        public static bool Applies(LayerShape s) => Runs(s) && s.Algorithm == ConvAlgorithm.Auto;

        /// <summary>
        /// The register tile: 512-bit up to 4 channel vectors (64 channels) x 4-6 pixels, or fewer vectors x 6-8 pixels (at
        /// most 24 accumulators, the weight vectors and one input vector in 32 registers); 256-bit up to 2 vectors x 4-6
        /// pixels, or 1 x 6-8 (at most 12 accumulators in 16 registers). Fewer vectors only when the layer has fewer
        /// channels; the width is the one that splits the row best (<see cref="RowShare"/>) for its loads per FMA.
        /// </summary>
        public static VectorTile Choose(LayerShape s, int bits)
        {
            int lanes = bits / 32;
            int most = bits == 512 ? 4 : 2;
            int vectors = Math.Min(most, (s.OutChannels + lanes - 1) / lanes);
            int hi = vectors == most ? 6 : 8;
            int pixels = hi;
            double best = -1;
            for (int r = hi; r >= hi - 2; r--)
            {
                // Pixel share of the row's work, times the loads per FMA relative to the widest tile (1 + 1/R: the weights are
                // loaded once per tap for R pixels), so 56 stays 6 + ... + 6 + 2 rather than 14 x 4.
                double share = RowShare(s.Output[s.Rank - 1], r) * (1.0 + 1.0 / hi) / (1.0 + 1.0 / r);
                if (share > best + 1e-9)
                {
                    pixels = r;
                    best = share;
                }
            }

            return new VectorTile(bits, lanes, pixels, vectors);
        }

        /// <summary>
        /// The share of a row's tile work that is pixels, a tile narrower than 4 pixels counting as 4 (too few chains):
        /// the width that splits the row evenly wins (a 14-wide row in 5 + 5 + 4, not 6 + 6 + 2); ties go to the wider.
        /// </summary>
        private static double RowShare(int width, int r)
        {
            int work = 0;
            for (int x = 0; x < width; x += r)
            {
                work += Math.Max(4, Math.Min(r, width - x));
            }

            return (double)width / work;
        }

        /// <summary>
        /// Channels of the packed weights' rows: the channels rounded up to whole 16-float vectors. The weights are packed
        /// tap-major, <c>[tap][channel]</c> (<c>ChannelBlocks.Pack</c> with one block of this many channels, zero past the last),
        /// once by <c>PackWeights</c> or on every call, so each tap loads whole vectors of consecutive channels on either ISA.
        /// </summary>
        public static int PackedChannels(LayerShape s) => (s.OutChannels + 15) / 16 * 16;

        /// <summary>Channels of one chunk (an item's channels): the tile's vectors x lanes.</summary>
        public static int ChunkChannels(VectorTile t) => t.Vectors * t.Lanes;

        /// <summary>Channel chunks of a layer; the last holds the remainder.</summary>
        public static int ChannelChunks(LayerShape s, VectorTile t) => (s.OutChannels + ChunkChannels(t) - 1) / ChunkChannels(t);

        /// <summary>Channels of the last chunk.</summary>
        public static int LastChunkChannels(LayerShape s, VectorTile t) => s.OutChannels - (ChannelChunks(s, t) - 1) * ChunkChannels(t);

        /// <summary>Output rows per batch item: every axis but the last (depth x height in 3-D, height in 2-D, one row in 1-D).</summary>
        public static int Rows(LayerShape s) => ChannelLaneTiling.Rows(s);

        /// <summary>
        /// True when an item runs its channel chunks innermost, inside each tile position, rather than one chunk over all its
        /// rows: when each input row is read by at most 3 output rows (the product over the leading axes of kernel / stride,
        /// rounded up). Chunks innermost, the input a tile reads is consecutive in memory from one call to the next (the next
        /// 64 bytes of the same pixels), where one chunk over its rows walks each row with a stride of a whole pixel; but the
        /// rows a tile reads are then all channels wide, so they are re-read from L2 by every output row that reads them,
        /// where one chunk's rows stay in L1. Measured, Zen 3, one thread, chunk-major -> chunks innermost: MobileNetV2's
        /// 3x3/2 96-channel layer (each row read by 2 output rows) 0.161 -> 0.139 ms, its 3x3 32-channel 112x112 layer (3)
        /// 0.157 -> 0.135, the 14x14 576-channel layer (3) 0.052 -> 0.051, but ConvNeXt's 7x7 96-channel layer (7) 0.462 -> 0.508.
        /// </summary>
        public static bool ChunksInnermost(LayerShape s)
        {
            int reads = 1;
            for (int d = 0; d < s.Rank - 1; d++)
            {
                reads *= (s.Kernel[d] + s.Stride[d] - 1) / s.Stride[d];
            }

            return reads <= 3;
        }

        /// <summary>
        /// Chunks of output rows per channel group: whole rows each, about <see cref="DirectTiling.Items"/> items in all. Chunks
        /// innermost (<see cref="ChunksInnermost"/>), up to that many row chunks (fewer only when the layer has fewer rows; then
        /// the channels are split too); otherwise one chunk per group, and the rows split enough to make up the items.
        /// </summary>
        public static int RowChunks(LayerShape s, VectorTile t)
            => ChunksInnermost(s)
                ? Math.Max(1, Math.Min(Rows(s), DirectTiling.Items))
                : Math.Max(1, Math.Min(Rows(s), (DirectTiling.Items + ChannelChunks(s, t) - 1) / ChannelChunks(s, t)));

        /// <summary>
        /// Groups of channel chunks: with the chunks innermost, one while there are enough row chunks for the threads,
        /// otherwise enough groups to make about <see cref="DirectTiling.Items"/> items (a 1-D layer has one row); otherwise one
        /// group per chunk.
        /// </summary>
        public static int ChannelGroups(LayerShape s, VectorTile t)
        {
            int chunks = ChannelChunks(s, t), rowChunks = RowChunks(s, t);
            if (!ChunksInnermost(s))
            {
                return chunks;
            }

            // Enough groups for the threads, and enough that a group's epilogue constants (bias, scale, shift per channel)
            // fit the item's stack buffer of MaxConstantFloats.
            int forThreads = (DirectTiling.Items + rowChunks - 1) / rowChunks;
            long constants = 3L * chunks * ChunkChannels(t);
            int forStack = (int)((constants + MaxConstantFloats - 1) / MaxConstantFloats);
            return Math.Max(1, Math.Min(chunks, Math.Max(forThreads, forStack)));
        }

        /// <summary>Most floats of an item's stack buffer of epilogue constants (16 KiB): wider layers are cut into more channel groups.</summary>
        public const int MaxConstantFloats = 4096;

        /// <summary>Chunks of the largest channel group: the group's epilogue constants buffer holds this many chunks' channels.</summary>
        public static int GroupChunks(LayerShape s, VectorTile t) => (ChannelChunks(s, t) + ChannelGroups(s, t) - 1) / ChannelGroups(s, t);

        /// <summary>Items per batch item: channel groups x row chunks.</summary>
        public static int Items(LayerShape s, VectorTile t) => ChannelGroups(s, t) * RowChunks(s, t);

        /// <summary>The report's reason.</summary>
        public static string Why(LayerShape s, VectorTile t512, VectorTile t256)
            => "channels-last depthwise: " + I(s.OutChannels) + " channels in chunks of " + I(ChunkChannels(t512)) + " (512-bit) or " + I(ChunkChannels(t256))
               + " (256-bit)" + (s.OutChannels % 16 != 0 ? ", the last vector masked" : "") + ", rows of " + I(s.Output[s.Rank - 1]) + " in tiles of " + I(t512.Channels) + " or " + I(t256.Channels)
               + " pixels; every tap loads the tile's pixels as whole channel vectors, one fused multiply-add each";

        private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
