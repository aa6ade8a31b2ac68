using System;
using System.Globalization;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>
    /// Direct convolution with output channels on the vector lanes (1-D, 2-D or 3-D, NCHW or NHWC, one group, zero padding): a
    /// register tile of <c>R</c> consecutive output pixels of one row (the last axis; a 3-D layer's rows are its depth x
    /// height rows, a 1-D layer is one row) x <c>V</c> vectors of output channels. Per (input channel, tap)
    /// the tile loads <c>V</c> weight vectors (weights packed once into blocks of 48 or 64 output
    /// channels, tap-major, so they are consecutive) and broadcasts <c>R</c> input pixels, which may be any stride or
    /// dilation apart: no deinterleaving, no masks, no lanes lost to a row narrower than the vectors. Taps that fall in the
    /// zero padding are left out of the unrolled code (columns) or skipped per row. The tiles of a row leave their
    /// accumulators in a row buffer (pixel-major); in NCHW the row is then transposed 16x16 (8x8 on 256-bit) in registers
    /// so a vector holds pixels of one channel, in NHWC the buffer is already the output's order and each pixel's channels
    /// leave as vectors; either way with the vector epilogue (the scalar epilogue's operations in its order, so the same
    /// bits as the scalar path). Channels-last layers have no other vector kernel, so Auto takes this one for them from
    /// <see cref="MinChannelsLast"/> output channels.
    /// <para>
    /// Pixel lanes (<see cref="DirectTiling"/>) lose lanes wherever the row is not a multiple of the tile: a 7x7 map in
    /// plane tiles computes 64 lanes for 49 outputs; a 28-wide stride-2 row, 32 for 28, with two loads and a permute per
    /// vector. Channel lanes lose only the last block's channels past Cout. Their weights are packed into blocks (once
    /// with <c>PackedWeights = true</c>, else on every call), so Auto takes them with packed weights where they keep more
    /// lanes busy, and always where pixel lanes have no vector kernel (strides above 2).
    /// </para>
    /// In a <see cref="VectorTile"/> of this family <see cref="VectorTile.Channels"/> holds the pixels per tile and
    /// <see cref="VectorTile.Vectors"/> the channel vectors.
    /// </summary>
    internal static class ChannelLaneTiling
    {
        /// <summary>
        /// Output channels per sub-block of the packed weights (<c>ChannelBlocks.Pack</c>): one 512-bit vector, two 256-bit
        /// ones, a 256-bit tile's channels. A sub-block's weights are one consecutive run, so the 256-bit path, which runs a
        /// block sub-block by sub-block over slices of input channels, reads whole cache lines in order; in one run of the
        /// block's 64 channels per (input channel, tap) it read a 64-byte line every 256 bytes, lines that fall in 16 of
        /// L1's 64 sets and evicted each other (same-process A/B, Zen 3, one thread, timing copies: C3D 14.2 -> 13.5 ms,
        /// the ResNet stem 2.69 -> 2.63, ResNet 3x3/2 2.55 -> 2.50). A 512-bit tile reads its vectors from consecutive
        /// sub-blocks.
        /// </summary>
        public const int WeightSubBlock = 16;

        /// <summary>
        /// Output channels per packed block: 64 (four 512-bit vectors) or 48 (three), whichever scores higher in
        /// <see cref="Score"/> with its best tile width; in NHWC also 32 (two vectors, 8-12 pixels) where it scores higher
        /// still (measured: MobileNetV2's 144->24 pointwise layer in NHWC 102 -> 160 GFLOP/s on one thread, 48 -> 32).
        /// The 256-bit path runs a block as sub-blocks of two 8-lane vectors.
        /// </summary>
        public static int BlockChannels(LayerShape s)
        {
            int block = Best(s, 64).Score >= Best(s, 48).Score ? 64 : 48;
            // Channels last (no transposing store): blocks of 32 for layers whose channels would half-fill a larger block
            // (MobileNetV2's 24-channel pointwise layer: 75% of a 32 block against 50% of a 48 one).
            return s.Layout == TensorLayout.Nhwc && Best(s, 32).Score > Best(s, block).Score + 1e-9 ? 32 : block;
        }

        /// <summary>Pixels per 512-bit tile: the best width for the layer's rows at its block size.</summary>
        public static int TilePixels(LayerShape s) => Best(s, BlockChannels(s)).Pixels;

        /// <summary>Bytes of one block's packed weights above which the block no longer stays in the L2 cache across rows.</summary>
        public const long L2Bytes = 1024 * 1024;

        /// <summary>
        /// The best tile width for a block size and its score. Widths: 4 to 6 pixels for blocks of 64 (4 weight vectors,
        /// up to 24 accumulators and a broadcast in 32 registers), 6 to 8 for blocks of 48, 8 to 12 for blocks of 32; a width that splits the row
        /// evenly beats a wider one that leaves a narrow last tile (a 14-wide row: 5 + 5 + 4 rather than 6 + 6 + 2).
        /// </summary>
        public static (int Pixels, double Score) Best(LayerShape s, int block)
        {
            int best = 0;
            double bestScore = -1;
            int lo = block == 64 ? 4 : block == 48 ? 6 : 8, hi = block == 64 ? 6 : block == 48 ? 8 : 12;
            for (int r = hi; r >= lo; r--)
            {
                if (!WidthFits(s, r))
                {
                    continue;
                }

                double score = Score(s, block, r);
                if (score > bestScore + 1e-9)
                {
                    best = r;
                    bestScore = score;
                }
            }

            return (best, bestScore);
        }

        /// <summary>
        /// How well a block size and tile width fit a layer: the share of lanes that are channels, times the share of a
        /// row's tile work that is pixels (a tile narrower than 4 pixels is bound by the fused multiply-add latency and
        /// counts as 4), times the tile's accumulators over 16 when fewer (too few chains to cover the latency), times 0.7
        /// when a block's weights exceed <see cref="L2Bytes"/>. Measured on ResNet's 7x7 512-channel layer: blocks of 64
        /// (7 = 6 + 1 pixels, 1.2 MB of weights a block) 145 GFLOP/s, blocks of 48 (one 7-pixel tile, 0.9 MB) 227; on its
        /// 28x28 stride-2 layer (128 channels) 64 gave 195 and 48 gave 178.
        /// </summary>
        public static double Score(LayerShape s, int block, int r)
        {
            int ow = s.Output[s.Rank - 1];
            double channelShare = (double)s.OutChannels / ((s.OutChannels + block - 1) / block * block);
            double rowShare = (double)ow / RowWork(ow, r);
            double accumulators = Math.Min(1.0, r * (block / 16) / 16.0);
            long bytes = (long)s.InChannels * s.KernelSpatial * block * 4;
            double loads = TransposedLoads(s, block == 64 ? 6 : block == 48 ? 8 : 12, block / 16) / TransposedLoads(s, r, block / 16);
            return channelShare * rowShare * accumulators * loads * (bytes > L2Bytes ? 0.7 : 1.0);
        }

        /// <summary>
        /// Loads per fused multiply-add of a transposed layer's tile of <paramref name="r"/> pixels x <paramref name="vectors"/>
        /// vectors: each kernel column loads its weight vectors for the <c>r / S</c> pixels of its phase, one broadcast each,
        /// so <c>S / r + 1 / vectors</c>, and a narrow tile pays twice (U-Net's 4x4/2 layer on Zen 3, one thread: 4 pixels
        /// 3.14 ms, 6 pixels 2.95, best of runs). 1 for a convolution, whose every pixel takes every column (no effect).
        /// </summary>
        private static double TransposedLoads(LayerShape s, int r, int vectors)
            => s.Kind == LayerKind.ConvTranspose ? (double)s.Stride[s.Rank - 1] / r + 1.0 / vectors : 1.0;

        /// <summary>
        /// The work of a row of <paramref name="ow"/> pixels in tiles of <paramref name="r"/>, in pixels: each tile its
        /// width, a tile narrower than 4 pixels (bound by the FMA latency) counted as 4.
        /// </summary>
        private static int RowWork(int ow, int r)
        {
            int work = 0;
            for (int x = 0; x < ow; x += r)
            {
                work += Math.Max(4, Math.Min(r, ow - x));
            }

            return work;
        }

        /// <summary>
        /// Weight taps (input channels x kernel taps) a layer needs for the transposing store to be cheap next to its FMAs:
        /// 147, an RGB 7x7 stem. Measured (suite CLI, Zen 5, packed weights, pixel lanes -> channel lanes, GFLOP/s one
        /// thread / two): ResNet's 7x7 stride-2 stem (147 taps) 183 -> 197 / 321-332 -> 347-354; a 3x3 16 -> 64 layer at
        /// 56x56 (144 taps) was mixed, stride 1 204 -> 209 / 387 -> 351, stride 2 166 -> 203 / 288 -> 265, and stays on
        /// pixel lanes. (It was 256 before those measurements.)
        /// </summary>
        public const int MinReduction = 147;

        /// <summary>True when the kernel can run the layer (what <c>Algorithm = ConvAlgorithm.ChannelLanes</c> needs; CG0015 otherwise).</summary>
        public static bool Runs(LayerShape s)
            => (s.Kind == LayerKind.Conv || (s.Kind == LayerKind.ConvTranspose && s.Stride[s.Rank - 1] <= LayerShapeBuilder.MaxTransposedLaneStride))
               && s.Groups == 1 && s.PaddingMode == PaddingMode.Zeros;

        /// <summary>True when a tile of <paramref name="r"/> pixels fits the layer: any width for a convolution; a multiple of the innermost stride for a transposed layer.</summary>
        public static bool WidthFits(LayerShape s, int r) => s.Kind != LayerKind.ConvTranspose || r % s.Stride[s.Rank - 1] == 0;

        /// <summary>
        /// Whether the innermost-axis tap <paramref name="k"/> of output column <paramref name="o"/> reads the input, and
        /// the input column <paramref name="i"/> it reads (it may lie in the padding: outside <c>[0, W)</c>). A convolution's
        /// every tap reads <c>i = o S - P + k D</c>; a transposed layer's tap reads <c>i = (o + P - k D) / S</c> only when that
        /// division is exact (the output's phase), as PhaseGather's taps.
        /// </summary>
        public static bool ColumnTap(LayerShape s, int o, int k, out long i)
        {
            int a = s.Rank - 1;
            if (s.Kind != LayerKind.ConvTranspose)
            {
                i = (long)o * s.Stride[a] - s.PadBefore[a] + (long)k * s.Dilation[a];
                return true;
            }

            long t = (long)o + s.PadBefore[a] - (long)k * s.Dilation[a];
            i = ShapeMath.FloorDiv(t, s.Stride[a]);
            return t - i * s.Stride[a] == 0;
        }

        /// <summary>
        /// Output channels from which Auto runs a channels-last (NHWC) layer on channel lanes, its only vector kernel (pixel
        /// lanes read NCHW rows): with 16 a block of 48 keeps a third of its lanes busy, still several times the scalar chains.
        /// </summary>
        public const int MinChannelsLast = 16;

        /// <summary>
        /// Weight taps per output (<c>Cin x taps</c>) from which a near tie of lane shares (channel lanes at most 0.05
        /// below pixel lanes) goes to channel lanes: their tile loads 4 weight vectors and broadcasts 6 pixels per 24 FMAs
        /// (0.42 loads per FMA), pixel-lane tiles 2 input vectors and 13-14 weights per 26-28 (0.57), and over a long
        /// reduction the row buffer's transposing store is cheap. Measured on Zen 5, one thread, forced kernels (pixel
        /// lanes -> channel lanes, GFLOP/s): DeepLab's 28x28 256-channel dilation-2 layer (2304 taps) 207 -> 223, 1x1
        /// 512->128 at 28x28 184 -> 200, 3x3 64-channel dilation-2 at 28x28 (576 taps) 225 -> 234; 1-D 128-channel k3
        /// over 4096 (384 taps, a 1 MiB row buffer) 210 -> 188, which <see cref="TieRowBufferBytes"/> keeps out.
        /// </summary>
        public const int TieReduction = 512;

        /// <summary>Largest row buffer (output row x block channels x 4 bytes) for the near-tie rule: the buffer stays in L1/L2 while the row's tiles fill it.</summary>
        public const long TieRowBufferBytes = 32 * 1024;

        /// <summary>Bytes of the row buffer: the output row rounded up to whole groups of 16 pixels, times the block's channels.</summary>
        public static long RowBufferBytes(LayerShape s) => ((long)s.Output[s.Rank - 1] + 15) / 16 * 16 * BlockChannels(s) * 4;

        /// <summary>
        /// True when Auto considers channel lanes: NCHW with at least 32 output channels and <see cref="MinReduction"/> weight
        /// taps; NHWC (no pixel-lane kernel, and no transpose at the store) with at least <see cref="MinChannelsLast"/> output channels.
        /// </summary>
        public static bool Applies(LayerShape s)
            => Runs(s) && (s.Layout == TensorLayout.Nhwc
                ? s.OutChannels >= MinChannelsLast
                : s.OutChannels >= 32 && (long)s.InChannels * s.KernelSpatial >= MinReduction);

        /// <summary>
        /// The register tile: 512-bit 4-6 pixels x 4 vectors (blocks of 64) or 6-8 x 3 (blocks of 48): up to 24
        /// accumulators, the weight vectors and one broadcast; 256-bit 4-6 pixels x 2 vectors (<see cref="TilePixels256"/>),
        /// or for transposed layers with short kernel rows 8-10 pixels x 1 vector with the weights held (<see cref="HeldWeights256"/>).
        /// </summary>
        public static VectorTile Choose(LayerShape s, int bits)
            => bits == 256 ? (HeldWeights256(s) ? new VectorTile(256, 8, HeldPixels256(s), 1) : new VectorTile(256, 8, TilePixels256(s), 2)) : new VectorTile(512, 16, TilePixels(s), BlockChannels(s) / 16);

        /// <summary>
        /// The 256-bit tail tile, or null: where the last block's channels end half way through a sub-block (<c>L % 16 == 8</c>,
        /// L at least 24: MobileNetV2's 24-channel projection, MobileNetV3's 40, 72 and 120), its last full sub-block and
        /// the half one run together as <see cref="TailPixels256"/> pixels x 3 vectors (the third vector the next sub-block's
        /// first 8 channels), instead of two 2-vector tiles, the second with half its lanes on channels that do not exist.
        /// Each channel's chain is the same (input channels and taps in the same order), so the bits do not change.
        /// Convolutions only (a transposed layer's tile widths follow its stride).
        /// </summary>
        public static VectorTile? TailTile256(LayerShape s)
        {
            int last = LastBlockChannels(s);
            return s.Kind == LayerKind.Conv && !HeldWeights256(s) && last % WeightSubBlock == 8 && last >= 24 ? new VectorTile(256, 8, TailPixels256, 3) : null;
        }

        /// <summary>Output channels of the last block (<see cref="BlockChannels"/>; the others are full): the block a tail tile (<see cref="TailTile256"/>) ends.</summary>
        public static int LastBlockChannels(LayerShape s) => s.OutChannels - (Blocks(s) - 1) * BlockChannels(s);

        /// <summary>Pixels of the 256-bit tail tile: 4 x 3 vectors = 12 accumulators, 3 weight vectors and a broadcast in 16 registers.</summary>
        public const int TailPixels256 = 4;

        /// <summary>
        /// True when the 256-bit tile holds the weights (<see cref="HeldPixels256"/>): a transposed layer whose kernel
        /// row has at most 5 columns, whose output rows are at least <see cref="HeldMinRow"/> wide, and which fits such a
        /// tile of at least 8 pixels. The tile is <c>R</c> pixels x one vector of 8 channels; per (input channel, kernel
        /// row of the row's phase) it loads every kernel column's weight vector once, then broadcasts each input column
        /// once and multiplies it into every pixel that reads it, descending columns so each pixel's taps stay in
        /// kernel order (the same bits). A 4x4/2 tile of 10 pixels needs 4 weight loads and about 7 broadcasts per 20
        /// multiply-adds, where the 6 x 2-vector tile needs 8 and 12 per 24: its pixels take only their phase's columns.
        /// Measured on a Zen 3 core (suite CLI, one thread, best of 3 alternating runs, ms, 6 x 2 vectors -> 10 held):
        /// U-Net's 4x4/2 128->64 at 28x28 2.89 -> 2.74, 64->32 at 56x56 2.61 -> 2.45, 3x3/1 64->64 at 28x28 0.656 ->
        /// 0.623; 8-pixel tiles were slower (3.11, 2.55, 0.73), and so was a 16-wide row (256->128 at 8x8: 0.93 ->
        /// 1.05, tiles of 10 + 6). Convolutions keep the 2-vector tile: their every pixel takes every column (ResNet's
        /// stem 2.87 -> 3.04, its 3x3/2 layer 2.66 -> 3.45, DeepLab and C3D within noise).
        /// </summary>
        public static bool HeldWeights256(LayerShape s)
            => s.Kind == LayerKind.ConvTranspose && s.Kernel[s.Rank - 1] <= 5 && s.Output[s.Rank - 1] >= HeldMinRow && HeldPixels256(s) >= 8;

        /// <summary>Narrowest output row for the held-weights tile: narrower rows leave a tail too large a share of the row.</summary>
        public const int HeldMinRow = 24;

        /// <summary>Pixels of the held-weights tile: the widest multiple of the stride up to 10 that leaves registers for the kernel row's weights and a broadcast (<c>15 - Kw</c>).</summary>
        public static int HeldPixels256(LayerShape s)
        {
            int most = Math.Min(10, 15 - s.Kernel[s.Rank - 1]);
            for (int r = most; r >= 1; r--)
            {
                if (WidthFits(s, r))
                {
                    return r;
                }
            }

            return 1;
        }

        /// <summary>
        /// Pixels per 256-bit tile (2 vectors of 8 channels: 8-12 accumulators, 2 weight vectors and a broadcast in 16
        /// registers): 6, 5 or 4, whichever splits the row with the least work counted as in <see cref="Score"/> (a tile
        /// narrower than 4 pixels, 8 accumulators, is bound by the FMA latency and counts as 4), the wider on a tie; a
        /// transposed layer's widths are multiples of its stride, the work weighed by the loads per FMA
        /// (<see cref="TransposedLoads"/>). It was always 6: a 14-wide row ran 6 + 6 + 2, the last tile with 4 accumulators.
        /// </summary>
        public static int TilePixels256(LayerShape s)
        {
            int ow = s.Output[s.Rank - 1], best = 6;
            double bestCost = double.MaxValue;
            for (int r = 6; r >= 4; r--)
            {
                if (!WidthFits(s, r))
                {
                    continue;
                }

                double cost = RowWork(ow, r) * TransposedLoads(s, r, 2);
                if (cost < bestCost - 1e-9)
                {
                    best = r;
                    bestCost = cost;
                }
            }

            return best;
        }

        /// <summary>L1 bytes a 256-bit slice of input channels may fill: one sub-block's weights and the input rows it reads.</summary>
        public const int SliceBytes256 = 20 * 1024;

        /// <summary>
        /// L1 bytes up to which all input channels form one slice even past <see cref="SliceBytes256"/>: the store and reload
        /// of the partial sums between slices cost more than the slightly fuller L1 (ResNet's 7x7 stem, 3 input channels of
        /// 10 KiB each: slices of 2 + 1, 2.78 ms; one slice of 3, 2.67 ms; Zen 3, one thread, same-process A/B).
        /// </summary>
        public const int WholeSliceBytes256 = 32 * 1024;

        /// <summary>Fewest weight taps (input channels x kernel taps) per slice: the partial sums' store and reload stay a few percent of a slice's FMAs.</summary>
        public const int MinSliceReduction = 64;

        /// <summary>
        /// Input channels per slice on the 256-bit path. A 256-bit tile covers 16 of the block's channels, so it reads one
        /// 64-byte line of weights per (input channel, tap) and, with every tap of every input channel in one pass, streamed
        /// the sub-block's weights and the row's input from L2 for each tile (ResNet's 1x1 1024->256 layer: 128 KiB per
        /// 6-pixel tile, 49 GFLOP/s on Zen 3 against oneDNN's 98). The row's tiles therefore run slice by slice of input
        /// channels, each slice small enough (<see cref="SliceBytes256"/>) that one sub-block's weights and the input rows of
        /// the slice stay in L1 across the row's tiles; a tile continues the chains its previous slice left in the row buffer,
        /// so each output is still one FMA chain over (input channel, kernel taps) in order: the same bits.
        /// </summary>
        public static int InputSlice256(LayerShape s)
        {
            int a = s.Rank - 1;
            long rowsRead = 1;
            for (int d = 0; d < a; d++)
            {
                rowsRead *= s.Kernel[d];
            }

            bool transposed = s.Kind == LayerKind.ConvTranspose;
            if (transposed)
            {
                // A transposed layer's output row reads the input rows of its phase's kernel rows only.
                rowsRead = 1;
                for (int d = 0; d < a; d++)
                {
                    rowsRead *= (s.Kernel[d] + s.Stride[d] - 1) / s.Stride[d];
                }
            }

            long span = transposed
                ? (s.Output[a] + (long)(s.Kernel[a] - 1) * s.Dilation[a]) / s.Stride[a] + 1
                : (long)(s.Output[a] - 1) * s.Stride[a] + (long)(s.Kernel[a] - 1) * s.Dilation[a] + 1;
            // NCHW: an input channel's row is span floats (its lines, plus one for alignment); NHWC: a slice's channels of a
            // pixel are together, 4 bytes per pixel and channel.
            long inputBytes = s.Layout == TensorLayout.Nhwc ? rowsRead * span * 4 : rowsRead * ((span * 4 + 63) / 64 + 1) * 64;
            long perChannel = s.KernelSpatial * 4 * (HeldWeights256(s) ? 8 : 16) + inputBytes; // one sub-block's weights
            long slice = Math.Max(SliceBytes256 / perChannel, (MinSliceReduction + s.KernelSpatial - 1) / s.KernelSpatial);
            if (slice >= s.InChannels || perChannel * s.InChannels <= WholeSliceBytes256)
            {
                return s.InChannels;
            }

            // Equal slices: as many as the budget needs, the channels spread over them.
            long slices = (s.InChannels + slice - 1) / slice;
            return (int)((s.InChannels + slices - 1) / slices);
        }

        /// <summary>
        /// Rows the 256-bit path runs together over each input-channel slice (1: row by row). A block whose weights exceed
        /// <see cref="GroupWeightBytes256"/> (most of an AVX2 core's L2) streams them from L3 once per output row when the rows
        /// run one after the other; in groups, each slice's weights are read once and serve every row of the group (each
        /// row keeps its partial sums in its own row buffer), so the block's weights stream once per group: ResNet's 7x7
        /// 512->512 layer on channel lanes (884 KiB per block of 48) 3.75 -> 3.31 ms, DeepLab's 28x28 dilated layer
        /// (576 KiB per block of 64) 10.6 -> 9.7 ms, C3D (432 KiB) 3-5% (Zen 3, one thread, same-process A/B, same bits).
        /// Smaller blocks stay in L2 and gain nothing (ResNet's 3x3/2 layer, 288 KiB: the same time), so they keep row by row.
        /// </summary>
        public static int RowGroup256(LayerShape s)
        {
            if (HeldWeights256(s) || InputSlice256(s) >= s.InChannels || BlockWeightBytes(s) <= GroupWeightBytes256)
            {
                return 1;
            }

            int perItem = (Rows(s) + Chunks(s) - 1) / Chunks(s);
            return Math.Min(perItem, MaxGroupRows256);
        }

        /// <summary>Bytes of one block's packed weights: input channels x kernel taps x the block's output channels.</summary>
        public static long BlockWeightBytes(LayerShape s) => (long)s.InChannels * s.KernelSpatial * BlockChannels(s) * 4;

        /// <summary>
        /// Block weight bytes above which the 256-bit path groups rows (<see cref="RowGroup256"/>): 384 KiB, three quarters of
        /// a Zen 3 core's 512 KiB L2, which also holds the rows' input and buffers (C3D's 432 KiB blocks: 14.8-15.3 -> 14.2-14.6
        /// ms grouped; ResNet's 3x3/2 layer, 288 KiB: the same time either way).
        /// </summary>
        public const long GroupWeightBytes256 = 384 * 1024;

        /// <summary>Most rows in a group (<see cref="RowGroup256"/>): their row buffers (a block's channels each) stay in L2.</summary>
        public const int MaxGroupRows256 = 8;

        /// <summary>Widest row of the pointwise view (<see cref="View"/>): its row buffer (a block of 64 channels, 64 KiB) stays in L2.</summary>
        public const int MaxViewRow = 256;

        /// <summary>A block's weight bytes above which the pointwise view regroups the rows (L1 data cache: 32 KiB).</summary>
        public const long ViewWeightBytes = 32 * 1024;

        /// <summary>Fewest items (blocks x rows) the pointwise view keeps, so threads still share the work.</summary>
        public const int MinViewItems = 4;

        /// <summary>
        /// The shape the channel-lane kernel walks: the layer itself, or for a pointwise layer (every kernel axis 1, stride
        /// 1, no padding) its pixels regrouped into rows of the width that 256-bit tiles split best. Such a layer's
        /// pixels are one contiguous run in either layout, so any row width reads the same inputs and computes the same
        /// chains (the same bits); only the tiles and the row buffer change. Taken where a block's weights exceed
        /// <see cref="ViewWeightBytes"/>: the width is the widest divisor of the plane up to <see cref="MaxViewRow"/>
        /// whose tile work per pixel, each tile weighted by its loads per multiply-add (2 weight loads and R broadcasts
        /// per 2R: <c>1 + 2 / R</c>), is within 5% of the least, keeping at least <see cref="MinViewItems"/> items. ResNet's
        /// 14x14 1024->256 layer (Zen 3, one thread, best of runs): rows of 14 in tiles of 5 + 5 + 4, 1.295 ms; rows of 28
        /// in tiles of 6, 1.21 (each row streams the block's 256 KiB of weights from L2 again); one row of 196, 1.11-1.13.
        /// </summary>
        public static LayerShape View(LayerShape s)
        {
            bool pointwise = s.Kind == LayerKind.Conv && s.IsPointwise;
            long plane = s.InputSpatial;
            // Only where a block's weights outgrow L1 (each row streams them from L2 again): with fewer input channels wide
            // rows only push the row buffer out of L1 (ResNet's 56x56 64->256 layer on channel lanes: rows of 56 1.30 ms,
            // rows of 224 1.36).
            if (!pointwise || plane > int.MaxValue || (long)s.InChannels * BlockChannels(s) * 4 <= ViewWeightBytes)
            {
                return s;
            }

            int own = s.Input[s.Rank - 1];
            double least = double.MaxValue;
            for (int width = Math.Min(MaxViewRow, (int)plane); width >= 4; width--)
            {
                if (plane % width == 0)
                {
                    least = Math.Min(least, RowCost(width));
                }
            }

            // The widest row within 5% of the least cost (fewer rows: each row streams the block's weights again), as long
            // as the items (blocks x rows) still give the threads a few each.
            int best = own;
            for (int width = Math.Min(MaxViewRow, (int)plane); width >= 4; width--)
            {
                if (plane % width == 0 && RowCost(width) <= least * 1.05 && (Blocks(s) * (plane / width) >= MinViewItems || width == 4))
                {
                    best = width;
                    break;
                }
            }

            if (best == own)
            {
                return s;
            }

            return s.WithPointwiseExtents((int)(plane / best), best);
        }

        /// <summary>Tile work per pixel of a row of <paramref name="width"/> in its best 256-bit tiles, weighted by their loads per multiply-add.</summary>
        private static double RowCost(int width)
        {
            double best = double.MaxValue;
            for (int r = 6; r >= 4; r--)
            {
                best = Math.Min(best, RowWork(width, r) * (1.0 + 2.0 / r) / width);
            }

            return best;
        }

        /// <summary>Output-channel blocks of a layer.</summary>
        public static int Blocks(LayerShape s) => (s.OutChannels + BlockChannels(s) - 1) / BlockChannels(s);

        /// <summary>Output rows per batch item: every axis but the last (depth x height in 3-D, height in 2-D, one row in 1-D).</summary>
        public static int Rows(LayerShape s)
        {
            int rows = 1;
            for (int a = 0; a < s.Rank - 1; a++)
            {
                rows *= s.Output[a];
            }

            return rows;
        }

        /// <summary>Chunks of output rows per batch item: enough items for the threads (about 32), whole rows each.</summary>
        public static int Chunks(LayerShape s) => Math.Max(1, Math.Min(Rows(s), (DirectTiling.Items + Blocks(s) - 1) / Blocks(s)));

        /// <summary>
        /// Whether Auto takes channel lanes over the pixel-lane tile <paramref name="pixels"/> (null: no 512-bit pixel tile),
        /// with the reason either way.
        /// </summary>
        public static bool Wins(LayerShape s, VectorTile? pixels, double pixelShare, out string why)
        {
            double channelShare = Best(s, BlockChannels(s)).Score;
            string shares = "channel lanes would use " + Percent(channelShare) + " of their work (" + I(s.OutChannels) + " channels in blocks of " + I(BlockChannels(s))
                + ", rows of " + I(s.Output[s.Rank - 1]) + " in tiles of " + I(TilePixels(s)) + ")" + (pixels is null ? "" : ", pixel lanes " + Percent(pixelShare) + " of their lanes");
            if (pixels is null)
            {
                why = shares + ": pixel lanes have no vector kernel for this layer" + (s.PackedWeights ? "" : " (weights are packed on every call; PackedWeights = true packs them once)");
                return true;
            }

            if (!s.PackedWeights)
            {
                why = shares + "; without PackedWeights = true the weights would be packed on every call, which costs more than the lanes gain";
                return false;
            }

            bool strided = s.Stride[s.Rank - 1] > 1;
            bool fewerLoads = (long)s.InChannels * s.KernelSpatial >= TieReduction && RowBufferBytes(s) <= TieRowBufferBytes;
            if (channelShare > pixelShare + 0.05 || ((strided || fewerLoads) && channelShare >= pixelShare - 0.05))
            {
                why = shares + (strided ? ", and a strided row needs no deinterleaving with broadcast pixels"
                    : channelShare > pixelShare + 0.05 ? ""
                    : ", and over " + I((long)s.InChannels * s.KernelSpatial) + " weight taps per output the broadcast-pixel tile needs fewer loads per FMA");
                return true;
            }

            why = shares;
            return false;
        }

        /// <summary>Output channels from which Auto considers a transposed layer for channel lanes: 32, or 16 in NHWC (<see cref="MinChannelsLast"/>).</summary>
        public static int MinChannelsTransposed(LayerShape s) => s.Layout == TensorLayout.Nhwc ? MinChannelsLast : 32;

        /// <summary>True when Auto considers channel lanes for the transposed layer <paramref name="s"/> (and PhaseGather's report says why not, where they lose).</summary>
        public static bool AppliesTransposed(LayerShape s) => s.Kind == LayerKind.ConvTranspose && Runs(s) && s.OutChannels >= MinChannelsTransposed(s);

        /// <summary>
        /// Whether Auto runs the transposed layer <paramref name="s"/> (one that <see cref="Runs"/>) on channel lanes instead of
        /// PhaseGather, with the reason either way: packed weights (<c>PackedWeights = true</c>; packing on every call is a
        /// pass over all the weights), at least 32 output channels (16 in NHWC, where PhaseGather runs between two transposes),
        /// and on average at least two taps per phase (<c>taps >= 2 x stride product</c>), since a tile's pixels take only
        /// their phase's kernel columns and a one-tap phase leaves one multiply-add per weight load. Measured on a Zen 3 core
        /// (AVX2, suite CLI, one thread, packed weights, GFLOP/s PhaseGather -> channel lanes): U-Net's 4x4/2 128->64 at
        /// 28x28 54 -> 64, the same in NHWC 53 -> 72, 64->32 at 56x56 60 -> 75, 256->128 at 8x8 51 -> 71, 3x3/1 64->64 at
        /// 28x28 56 -> 84, 4x4/2 4->64 42 -> 52, 8->32 54 -> 66, 3x3/2 32->48 (2.25 taps a phase) 42 -> 45; against it
        /// 2x2/2 64->64 (one tap a phase) 51 -> 28.
        /// </summary>
        public static bool WinsTransposed(LayerShape s, out string why)
        {
            long phases = 1;
            for (int a = 0; a < s.Rank; a++)
            {
                phases *= s.Stride[a];
            }

            int minChannels = MinChannelsTransposed(s);
            string shape = I(s.OutChannels) + " output channels in blocks of " + I(BlockChannels(s)) + ", " + (s.KernelSpatial / (double)phases).ToString("0.##", CultureInfo.InvariantCulture) + " taps per phase on average";
            if (s.OutChannels < minChannels)
            {
                why = shape + ": below " + I(minChannels) + " output channels most vector lanes would be empty";
                return false;
            }

            if (s.KernelSpatial < 2 * phases)
            {
                why = shape + ": with fewer than 2 taps per phase a tile's weight loads outnumber its multiply-adds' reuse (PhaseGather loads each input vector once for all its channels)";
                return false;
            }

            if (!s.PackedWeights)
            {
                why = shape + "; without PackedWeights = true the weights would be packed on every call";
                return false;
            }

            why = shape + ", packed weights";
            return true;
        }

        private static string Percent(double share) => Math.Round(100 * share).ToString(CultureInfo.InvariantCulture) + "%";

        private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
