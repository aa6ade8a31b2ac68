using System;
using System.Globalization;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>
    /// Winograd F(4x4, 3x3) for 2-D 3x3 stride-1 convolutions (NCHW, one group), or F(2x2, 3x3) where forced or preferred
    /// (<see cref="OutputTile"/>: 4x4 input patches, 16 elements, 2x2 tiles; the numbers below are F(4x4,3x3)'s). The output
    /// is cut into 4x4 tiles (<c>ceil(OH/4) x ceil(OW/4)</c> per batch item, numbered row by row); an item is a block of
    /// <see cref="BlockTiles"/> consecutive tiles of one batch item (and, on maps with few blocks, one part of the output
    /// channels: <see cref="ChannelParts"/>) and runs three stages:
    /// <list type="number">
    /// <item>input transform <c>V = B^T d B</c> of each 6x6 input patch, vectorised over the block's tiles (lanes),
    /// patches gathered with padding resolved at the borders;</item>
    /// <item>36 small GEMMs <c>M[xi] = U[xi] V[xi]</c> over input channels, a register tile of B output channels x the
    /// block's tile vectors (weights broadcast, the same micro-kernel shape as the direct family);</item>
    /// <item>output transform <c>A^T M A</c>, then the epilogue and the store of each tile's 4x4 outputs (clipped at the
    /// right and bottom edges).</item>
    /// </list>
    /// The weights are transformed once per call (<c>ConvGen.WinogradF43.TransformWeights</c>), so Auto picks Winograd
    /// only where that transform and its memory are small next to the layer's work.
    /// </summary>
    internal static class WinogradTiling
    {
        /// <summary>
        /// Tiles per block: 32 (two 16-lane vectors, four 8-lane ones, or 32 scalar tiles: the same tiles on every path),
        /// or 16 where the map has at most 16 tiles (14x14 and smaller), which a 32-tile block would leave half empty.
        /// Measured on ResNet's 256-channel 14x14 layer (16 tiles): 239 GFLOP/s with blocks of 32, 420-448 with blocks of
        /// 16; on larger maps blocks of 16 measured no faster on one thread and slower on two (56x56: 492 -> 464; 28x28:
        /// 661 -> 558), since each block streams the transformed weights once.
        /// </summary>
        public static int BlockTiles(LayerShape s) => Tiles(s) <= 16 ? 16 : 32;

        /// <summary>
        /// Minimum output channels per channel part: the input transform runs once per part, and at 64 channels it is
        /// a few percent of the part's GEMM (36 x 64 multiplies per tile and input channel against about 8 for the transform).
        /// </summary>
        public const int MinPartChannels = 64;

        /// <summary>Parallel items per batch item the channel parts aim for (two threads or more get work on small maps).</summary>
        public const int PartItems = 4;

        /// <summary>
        /// Parts the output channels are cut into per block: 1 unless a call has fewer than <see cref="PartItems"/>
        /// blocks (small maps, where one block would otherwise be one item for all the threads; a fixed batch counts all
        /// its items' blocks, a dynamic one counts one item's); then as many as make that many items, each at least
        /// <see cref="MinPartChannels"/> channels. Counting the batch matters: ResNet's 28x28 128-channel layer at batch 8
        /// was cut into parts like batch 1, so it staged the transformed input of all 8 items (9 MiB, beyond the caches)
        /// where 16 unstaged items keep each block's V in L2: 361 -> 453 GFLOP/s on one thread, 705 -> 843 on two.
        /// </summary>
        public static int ChannelParts(LayerShape s) => (s.OutChannels + PartChannels(s) - 1) / PartChannels(s);

        /// <summary>
        /// True when the layer runs in stages (channel parts): the input transform of every block runs first, split over
        /// input channels (<see cref="InputParts"/>) into one buffer shared by the parts, so no part repeats it (repeated
        /// per part it cost ResNet's 14x14 layer 0.12 ms a part, a quarter of the layer); then the parts run the GEMM and
        /// the output transform. The scalar path keeps its per-tile transform.
        /// </summary>
        public static bool Staged(LayerShape s) => ChannelParts(s) > 1 || GemmImages(s) > 1;

        /// <summary>
        /// Batch images (or dilation phases) one item's lane GEMM runs together: 1, or on maps of one block of at most 16
        /// tiles (14x14 and smaller) enough images for about <see cref="GemmImagesTiles"/> tiles, so every weight the GEMM
        /// loads serves that many tiles instead of one image's few. Each item then runs its part's GEMM over its images,
        /// image after image for each chunk of channels and element, while that chunk's weights (16 KiB at 256 input
        /// channels on 256-bit) are in L1; the images' inputs come from the input stage (grouped layers are staged) and each
        /// image has its own M. The count divides every batch the kernel runs on (the fixed batch, or the dilation phases of
        /// one item with a dynamic batch), so items never straddle a partial group. Measured on DeepLab's 4 dilation phases of
        /// 14x14 (Zen 3, same-process A/B, same bits, a loaded host): 2 images per item (32 tiles), one thread 5.9-6.0 ->
        /// 5.7-5.8 ms, two 3.0-3.3 -> 2.9-3.3; 4 images (64 tiles) 5.3-5.6 on one thread but 5-10% slower than 1 on two:
        /// the M of 4 images (590 KiB a thread) no longer stays in L2 between the GEMM and the output transform.
        /// </summary>
        public static int GemmImages(LayerShape s)
        {
            if (!LaneGemm(s) || Blocks(s) != 1)
            {
                return 1;
            }

            int want = (GemmImagesTiles + Tiles(s) - 1) / Tiles(s);
            int batch = s.DynamicBatch ? s.ImagesPerItem : s.Batch;
            long mBytes = 4L * Elements(s) * s.OutChannels * BlockTiles(s);
            for (int d = Math.Min(want, batch); d > 1; d--)
            {
                if (batch % d == 0 && d * mBytes <= GemmImagesMaxScratchBytes)
                {
                    return d;
                }
            }

            return 1;
        }

        /// <summary>Tiles one lane-GEMM item aims for across its images (<see cref="GemmImages"/>): 2 images of 16 tiles.</summary>
        public const int GemmImagesTiles = 32;

        /// <summary>
        /// Most bytes of M (Elements x Cout x block tiles floats per image) an item of several images may take per thread
        /// (<see cref="GemmImages"/>): DeepLab's 2 phase images take 1.15 MiB; a 1-tile map of 512 channels at batch 32
        /// would otherwise take 36 MiB.
        /// </summary>
        public const long GemmImagesMaxScratchBytes = 2L * 1048576;

        /// <summary>Input-channel ranges per block of the staged input transform: about 8 items per batch item, at least 8 channels each.</summary>
        public static int InputParts(LayerShape s) => Math.Max(1, Math.Min((2 * PartItems + Blocks(s) - 1) / Blocks(s), s.InChannels / 8));

        /// <summary>Output channels of every part but perhaps the last: a multiple of 8 (whole 256-bit GEMM rows), of <see cref="LaneGemmPartRound"/> for the lane GEMM (whole register-tile chunks).</summary>
        public static int PartChannels(LayerShape s)
        {
            // Blocks of the whole call when the batch is fixed: batch items give the threads work as well as blocks do. The
            // dilation phases of one item count as one item (ImagesPerItem): each phase image is a small map whose block, as
            // an item of all the channels, would stream all the transformed weights and keep M and V of every channel out of
            // L2 (DeepLab's 256-channel 28x28 dilation-2 layer, 4 phases of 14x14, Zen 3, same-process A/B: one part
            // 7.46 ms one thread, 3.6-3.9 two; four parts 6.76 and 3.2-3.5).
            // Images that share an item's GEMM (GemmImages) count as one item too.
            int blocks = Blocks(s) * Math.Max(1, s.Batch / Math.Max(s.ImagesPerItem, GemmImages(s)));
            // 1-D layers are not split: a signal long enough for Winograd has blocks for every thread.
            int parts = blocks >= PartItems || s.Rank == 1 ? 1 : Math.Max(1, Math.Min((PartItems + blocks - 1) / blocks, s.OutChannels / MinPartChannels));
            int round = LaneGemm(s) ? LaneGemmPartRound : 8;
            return parts <= 1 ? s.OutChannels : ((s.OutChannels + parts - 1) / parts + round - 1) / round * round;
        }

        /// <summary>
        /// The output tile's side m: 4 for F(4x4,3x3) (and the 1-D F(4,3)), 2 for F(2x2,3x3), which runs where it is forced
        /// (<c>ConvAlgorithm.WinogradF2x2</c>) or where Auto prefers it (<see cref="PrefersF2x2"/>).
        /// </summary>
        public static int OutputTile(LayerShape s)
            => s.Rank == 2 && (s.Algorithm == ConvAlgorithm.WinogradF2x2 || (s.Algorithm == ConvAlgorithm.Auto && PrefersF2x2(s))) ? 2 : 4;

        /// <summary>True for F(2x2,3x3) (<see cref="OutputTile"/> 2).</summary>
        public static bool F2x2(LayerShape s) => OutputTile(s) == 2;

        /// <summary>The input patch's side alpha = m + 2 (6 for F(4x4,3x3), 4 for F(2x2,3x3)).</summary>
        public static int Alpha(LayerShape s) => OutputTile(s) + 2;

        /// <summary>
        /// Where Auto takes F(2x2,3x3) over F(4x4,3x3): maps whose 4x4 tiles would run the lane GEMM (at most 16 per item,
        /// at least <see cref="LaneGemmMinChannels"/> channels, output channels a multiple of 16, weights packed once) but
        /// whose F(4x4,3x3) weights exceed <see cref="LaneGemmMaxWeightBytes"/>, while F(2x2,3x3)'s 16 x Cin x Cout floats do
        /// not. Each call streams the transformed weights once: ResNet's 7x7 512->512 layer has 36 MiB of them with
        /// F(4x4,3x3), which made the GEMM wait on memory (1.03 ms against direct's 0.94 on one thread), and 16 MiB with F(2x2,3x3).
        /// </summary>
        public static bool PrefersF2x2(LayerShape s)
        {
            if (s.Rank != 2 || s.Kind != LayerKind.Conv || s.OutChannels % 16 != 0 || !s.PackedWeights || s.InChannels < LaneGemmMinChannels || s.OutChannels < LaneGemmMinChannels || !(Applies(s) || ChannelsLast(s)))
            {
                return false;
            }

            return TilesOf(s, 4) <= 16 && TransformedBytes(s, 36) > LaneGemmMaxWeightBytes && TransformedBytes(s, 16) <= LaneGemmMaxWeightBytes;
        }

        /// <summary>Tile rows per batch item (1 for a 1-D layer).</summary>
        public static int TilesHigh(LayerShape s) => s.Rank == 1 ? 1 : (s.Output[0] + OutputTile(s) - 1) / OutputTile(s);

        /// <summary>
        /// Tiles per tile row. A 1-D layer: tiles along the signal; dilated by d (even,
        /// <see cref="LayerShapeBuilder.WinogradDilationLanes"/>), the signal is cut into steps of 4d outputs, each d tiles
        /// (<see cref="TileDilation"/>): d steps' worth of tiles, the last step's tiles past the end empty.
        /// </summary>
        public static int TilesWide(LayerShape s)
        {
            int step = OutputTile(s) * TileDilation(s);
            return (s.Output[s.Rank - 1] + step - 1) / step * TileDilation(s);
        }

        /// <summary>
        /// The spacing of a 1-D tile's outputs: 1, or the dilation d of a layer Winograd runs dilated (even).
        /// Tile t then holds outputs <c>o, o + d, o + 2d, o + 3d</c> with <c>o = 4d (t / d) + t % d</c> and reads inputs
        /// <c>o - pad + d e</c>, e = 0..5: the tiles of a vector of 8 (aligned) are 8 consecutive <c>o</c> (d a multiple of 8),
        /// two runs of 4 (d 4 mod 8) or four runs of 2 (d 2 mod 4), so each input point is one contiguous load (or two or four
        /// pieces) and each output one contiguous store (or two or four), with no dilation phases split or merged.
        /// </summary>
        public static int TileDilation(LayerShape s) => s.Rank == 1 ? s.Dilation[0] : 1;

        /// <summary>Tiles per item of a 2-D layer at output tiles of <paramref name="m"/> x <paramref name="m"/> (whichever form the layer takes).</summary>
        private static long TilesOf(LayerShape s, int m) => (long)((s.Output[0] + m - 1) / m) * ((s.Output[1] + m - 1) / m);

        /// <summary>Elements of a transformed tile: 36 (6x6) for F(4x4,3x3), 16 (4x4) for F(2x2,3x3), 6 for the 1-D F(4,3).</summary>
        public static int Elements(LayerShape s) => s.Rank == 1 ? 6 : Alpha(s) * Alpha(s);

        /// <summary>The algorithm's name for this layer: F(4x4,3x3), F(2x2,3x3), or F(4,3) for a 1-D layer.</summary>
        public static string Name(LayerShape s) => s.Rank == 1 ? "Winograd F(4,3)" : F2x2(s) ? "Winograd F(2x2,3x3)" : "Winograd F(4x4,3x3)";

        /// <summary>The output tile in words ("4x4" or "2x2").</summary>
        public static string TileText(LayerShape s) => I(OutputTile(s)) + "x" + I(OutputTile(s));

        /// <summary>The multiplies saved, in words: per tile and input channel, Winograd's against direct convolution's.</summary>
        private static string Saving(LayerShape s)
            => F2x2(s) ? "16 multiplies per tile and input channel instead of 36 (4 per output instead of 9)" : "36 multiplies per tile and input channel instead of 144 (2.25 per output instead of 9)";

        /// <summary>The catalog description of F(2x2,3x3) (the catalog row's describes F(4x4,3x3)).</summary>
        public const string Description2x2 = "Winograd F(2x2,3x3): 4x4 input patches transformed (B^T d B), 16 GEMMs over input channels against weights transformed once per call (G g G^T), 2x2 output tiles transformed back (A^T M A) with the epilogue";

        public static int Tiles(LayerShape s) => TilesHigh(s) * TilesWide(s);

        public static int Blocks(LayerShape s) => (Tiles(s) + BlockTiles(s) - 1) / BlockTiles(s);

        /// <summary>
        /// True when the layer's geometry admits F(4x4,3x3), or F(4,3) in 1-D (the shape rules' <see cref="LayerShapeBuilder.WinogradBlocker"/>),
        /// in NCHW: a channels-last layer reaches Winograd through its NCHW twin (the planner's channels-last bridge).
        /// </summary>
        /// <summary>
        /// True when a channels-last (NHWC) 2-D layer runs Winograd in its own layout, with channels on the vector lanes in
        /// every stage, instead of through the NCHW kernel behind the channels-last bridge (two transposes of the activations):
        /// input and output channels multiples of 16 (whole 512-bit vectors of channels, and so whole 256-bit ones), an
        /// activation with a vector form (or none), and a window Winograd takes as it is (not on dilation phases). Each
        /// input pixel's channels are one contiguous vector, so the input stage loads a patch's 36 (or 16) pixels as whole
        /// vectors (no gathers, no permutes), the lane GEMM broadcasts V and writes M with channels on the lanes (no
        /// transposes), and the output stage stores each output pixel's channels as whole vectors. The planner takes it
        /// where the NCHW twin runs Winograd (the same cost decision).
        /// </summary>
        public static bool ChannelsLast(LayerShape s)
            => s.Kind == LayerKind.Conv && s.Rank == 2 && s.Layout == TensorLayout.Nhwc && s.InChannels % ChannelsLastMultiple == 0 && s.OutChannels % ChannelsLastMultiple == 0
                && EpilogueForms.HasVectorActivation(s) && LayerShapeBuilder.WinogradBlocker(s) is null;

        /// <summary>
        /// True when an NCHW layer that runs Winograd is faster on Winograd's channels-last form between two transposes (the
        /// layout bridge the other way round) than on its NCHW form: the layer's NHWC twin takes the channels-last form, both
        /// channel counts are at least 64, at least 16 tiles per item, F(4x4,3x3), and a call's input and output together (a
        /// fixed batch's items, or one item of a dynamic batch) hold at most <see cref="ChannelsFirstBridgeMaxFloats"/> floats,
        /// so the transposes cost little next to the layer. Measured (Zen 5, the suite CLI in separate processes, one build
        /// with the bridge and one without, median ms, one thread / two): ResNet 14x14 256->256 0.375-0.380 -> 0.338-0.346 /
        /// 0.186-0.193 -> 0.175-0.178; 28x28 at batch 8 2.85-2.97 -> 2.49-2.71 / 1.42-1.57 -> 1.22-1.25; and in a same-process
        /// A/B 56x56 64->64 0.79-0.85x the time, 28x28 0.82-0.85x. Not taken: F(2x2,3x3) (ResNet's 7x7 512->512 layer,
        /// whose time is the stream of its 16 MiB of weights: 0.615-0.644 -> 0.634-0.689 / 0.310-0.317 -> 0.310-0.333), and
        /// VGG's 224x224 64-channel layer (6.4 M floats an item: its transposes take 2.8 ms of a 6 ms layer). A same-process
        /// A/B that alternates the two kernels is no judge for the 14x14 and batch-8 layers: their weights (9.4 and 2.4 MB
        /// each, twice) and activations then share L3 and it showed no gain.
        /// </summary>
        public static bool ChannelsFirstBridge(LayerShape s)
            => s.Layout == TensorLayout.Nchw && s.Rank == 2 && s.InChannels >= 64 && s.OutChannels >= 64 && Tiles(s) >= 16 && !F2x2(s)
                && ((long)s.InputItemLength + s.OutputItemLength) * Math.Max(1, s.Batch) <= ChannelsFirstBridgeMaxFloats && ChannelsLast(s.WithLayout(TensorLayout.Nhwc));

        /// <summary>Most floats a call's input and output may hold together for <see cref="ChannelsFirstBridge"/> (16 MiB: ResNet's 28x28 128-channel layer at batch 8 holds 1.6 M; VGG's 224x224 64-channel layer 6.4 M an item).</summary>
        public const long ChannelsFirstBridgeMaxFloats = 1L << 22;

        /// <summary>
        /// The channel counts <see cref="ChannelsLast"/> takes are multiples of this (one 512-bit vector, two 256-bit ones): every
        /// load and store of its stages is a whole vector, and the staged input's channel ranges start on it.
        /// </summary>
        public const int ChannelsLastMultiple = 16;

        /// <summary>Why <see cref="ChannelsLast"/> does not take a channels-last layer that Winograd runs through the bridge, in words.</summary>
        public static string WhyNotChannelsLast(LayerShape s)
            => s.InChannels % ChannelsLastMultiple != 0 || s.OutChannels % ChannelsLastMultiple != 0
                ? "its channels-last form takes input and output channels in multiples of " + I(ChannelsLastMultiple) + ", not " + I(s.InChannels) + " and " + I(s.OutChannels)
                : !EpilogueForms.HasVectorActivation(s)
                ? "its channels-last form takes an activation with a vector form (ReLU, ReLU6, leaky ReLU), not " + s.Activation
                : "its channels-last form does not take this layer";

        public static bool Applies(LayerShape s) => s.Kind == LayerKind.Conv && s.Layout == TensorLayout.Nchw && LayerShapeBuilder.WinogradBlocker(s) is null;

        /// <summary>
        /// Whether Auto takes Winograd, with the reason either way: enough tiles and channels to amortise the
        /// transforms, and transformed weights (36 x Cin x Cout floats, rebuilt every call) of at most 1 MiB, or 2.5 MiB over at least 256 tiles per call.
        /// </summary>
        public static bool Wins(LayerShape s, out string why)
        {
            if (s.Rank == 1)
            {
                return Wins1D(s, out why);
            }

            long uBytes = TransformedBytes(s);
            int tiles = Tiles(s);
            // A dynamic batch (Batch 0) is at least one item per call.
            long perCall = (long)tiles * Math.Max(1, s.Batch);
            if (s.InChannels < 16 || s.OutChannels < 16)
            {
                why = "fewer than 16 input or output channels: the transforms would cost more than the multiplies saved";
                return false;
            }

            if (LaneGemm(s) && tiles <= 16)
            {
                return WinsLanes(s, out why);
            }

            if (perCall < 16)
            {
                why = "only " + I(perCall) + " " + TileText(s) + " tiles per call: too few to fill the vectors";
                return false;
            }

            // Lanes are tiles in blocks of 16 or 32: on small maps most lanes are empty (7x7: 4 tiles in a block of 16).
            // (The lane GEMM puts output channels on the lanes: every tile's multiplies count.)
            long winogradMacs = (long)Elements(s) * s.InChannels * s.OutChannels * (LaneGemm(s) ? tiles : Blocks(s) * BlockTiles(s));
            long directMacs = 9L * s.InChannels * s.OutChannels * s.Output[0] * s.Output[1];
            if (2 * winogradMacs > directMacs)
            {
                why = "blocks of " + I(BlockTiles(s)) + " tiles over " + I(tiles) + " tiles leave the Winograd GEMM " + I(winogradMacs) + " MACs, more than half the direct " + I(directMacs);
                return false;
            }

            if (s.PackedWeights)
            {
                why = I(tiles) + " " + TileText(s) + " tiles per item, " + I(s.InChannels) + "->" + I(s.OutChannels) + " channels, weights packed once (PackedWeights): " + Saving(s);
                return true;
            }

            // Measured on the standard suite (2-core Zen 5): 64->64 layers win at 56x56 and 224x224; 128->128 wins at
            // 28x28 with batch 8 (392 tiles) but loses at batch 1 (49 tiles) on two threads; 256->256 at 14x14 loses.
            if (uBytes > 2_621_440 || (uBytes > 1_048_576 && perCall < 256))
            {
                why = "its transformed weights (" + I(Elements(s)) + " x " + I(s.InChannels) + " x " + I(s.OutChannels) + " floats = " + (uBytes / 1024).ToString(CultureInfo.InvariantCulture)
                      + " KiB) are rebuilt on every call (declare PackedWeights = true and call with packed weights to avoid that) and " + (uBytes > 2_621_440 ? "exceed 2.5 MiB" : "above 1 MiB need at least 256 tiles per call to pay off (this layer has " + I(perCall) + ")")
                      + ", more memory traffic than the multiplies saved";
                return false;
            }

            why = I(tiles) + " " + TileText(s) + " tiles per item, " + I(s.InChannels) + "->" + I(s.OutChannels) + " channels: " + Saving(s);
            return true;
        }

        /// <summary>
        /// The lane GEMM on maps of at most 16 tiles (larger maps go through the tile-lane rules of <see cref="Wins"/>, their
        /// multiplies counted without empty lanes): Auto takes it with at least
        /// <see cref="LaneGemmMinChannels"/> input and output channels (below that the transforms, about 400 cycles per
        /// input and per output channel, outweigh the multiplies saved), weights packed once (PackedWeights), and transformed
        /// weights of at most <see cref="LaneGemmMaxWeightBytes"/> (each call streams all of them once: beyond the caches
        /// the GEMM waits on memory). Measured on 7x7 maps (suite CLI, 2-core Zen 5, Winograd against direct channel
        /// lanes, ms per call, one thread / two): 128->128 0.073 / 0.051 against 0.059 / 0.034; 256->256 0.188 / 0.139
        /// against 0.242 / 0.139; 512->512 (36 MiB of transformed weights) 1.03 / 0.63 against 0.94 / 0.56.
        /// </summary>
        private static bool WinsLanes(LayerShape s, out string why)
        {
            long uBytes = TransformedBytes(s);
            if (s.InChannels < LaneGemmMinChannels || s.OutChannels < LaneGemmMinChannels)
            {
                why = "only " + I(Tiles(s)) + " " + TileText(s) + " tiles per item and fewer than " + I(LaneGemmMinChannels) + " input or output channels: the transforms would cost more than the multiplies saved";
                return false;
            }

            if (!s.PackedWeights)
            {
                why = "only " + I(Tiles(s)) + " " + TileText(s) + " tiles per item: the weight transform on every call (declare PackedWeights = true and call with packed weights) would cost more than the multiplies saved";
                return false;
            }

            if (uBytes > LaneGemmMaxWeightBytes)
            {
                why = "its transformed weights (" + I(Elements(s)) + " x " + I(s.InChannels) + " x " + I(s.OutChannels) + " floats = " + (uBytes / 1048576).ToString(CultureInfo.InvariantCulture) + " MiB) exceed "
                      + (LaneGemmMaxWeightBytes / 1048576).ToString(CultureInfo.InvariantCulture) + " MiB: with " + I(Tiles(s)) + " tiles per item each weight serves "
                      + I(Tile512(s).Tiles) + " multiplies, so the GEMM waits on memory (measured slower than direct at 512->512 on 7x7)";
                return false;
            }

            why = I(Tiles(s)) + " " + TileText(s) + " tiles per item, " + I(s.InChannels) + "->" + I(s.OutChannels) + " channels, weights packed once (PackedWeights): " + Saving(s) + ", output channels on the lanes";
            if (F2x2(s) && s.Algorithm == ConvAlgorithm.Auto)
            {
                why += "; F(2x2,3x3) rather than F(4x4,3x3), whose transformed weights (36 x " + I(s.InChannels) + " x " + I(s.OutChannels) + " floats = "
                       + (TransformedBytes(s, 36) / 1048576).ToString(CultureInfo.InvariantCulture) + " MiB) exceed " + (LaneGemmMaxWeightBytes / 1048576).ToString(CultureInfo.InvariantCulture)
                       + " MiB and would stream from memory on every call (measured on ResNet's 7x7 512->512 layer, one thread: 0.83 ms against F(4x4,3x3)'s 1.0 and direct's 0.96)";
            }

            return true;
        }

        /// <summary>Bytes of the 2-D transformed weights: 36 (F(4x4,3x3)) or 16 (F(2x2,3x3)) x Cin x Cout floats.</summary>
        public static long TransformedBytes(LayerShape s) => TransformedBytes(s, Elements(s));

        /// <summary>Bytes of transformed weights of <paramref name="elements"/> x Cin x Cout floats (36: F(4x4,3x3), 16: F(2x2,3x3)).</summary>
        private static long TransformedBytes(LayerShape s, int elements) => (long)elements * s.InChannels * s.OutChannels * 4;

        /// <summary>
        /// Tiles per 512-bit register tile of the lane GEMM on maps of at least 8 tiles: 8 tiles x 2 vectors of 16 output
        /// channels = 16 accumulators, 2 weight loads and 8 broadcasts per input channel, so a chunk's weights (32 channels,
        /// two runs of the blocked layout) are read once per 8 tiles. 4 tiles x 4 vectors (the tile until the eleventh session of
        /// 2026-12-07) read each weight once per 4 tiles, and the 64 KiB x Cin/512 of a chunk's weights do not fit L1, so the
        /// later tile groups re-read them from L2 (32 bytes a cycle at 2 FMAs a cycle). Same-process A/B, Zen 5, same bits:
        /// ResNet's 7x7 512->512 F(2x2,3x3) layer 0.66-0.68 -> 0.61-0.64 ms on one thread, 0.34 -> 0.32 on two; 12 x 2 was 6%
        /// slower than 8 x 2, 16 x 1 (17 loads per 16 FMAs) 7-12% slower than 4 x 4. Maps of fewer than 8 tiles keep 4 x 4
        /// (<see cref="LaneGemmSmallMapTiles"/>). Groups of a multiple of 4 tiles go back into M by 4-row transposes.
        /// 256-bit: <see cref="LaneGemmTiles256"/>.
        /// </summary>
        public const int LaneGemmTiles = 8;

        /// <summary>
        /// The 512-bit lane-GEMM register tile on <paramref name="s"/>'s map: tiles (each weight vector loaded serves that
        /// many) x vectors of 16 output channels, 8 x 2 or, on maps of fewer than 8 tiles, up to 4 x 4.
        /// </summary>
        private static (int Tiles, int Vectors) Tile512(LayerShape s)
            => Tiles(s) >= LaneGemmTiles ? (LaneGemmTiles, 2) : (Math.Min(LaneGemmSmallMapTiles, Tiles(s)), 4);

        /// <summary>Tiles per 512-bit lane-GEMM register tile on maps of fewer than <see cref="LaneGemmTiles"/> tiles (4 tiles x 4 vectors).</summary>
        public const int LaneGemmSmallMapTiles = 4;

        /// <summary>Tiles per 4-row transpose by which a lane-GEMM group of a multiple of 4 tiles writes its accumulators back into M.</summary>
        public const int LaneGemmTransposeTiles = 4;

        /// <summary>
        /// Tiles per 256-bit lane-GEMM register tile on maps of one block (at most 16 tiles: groups of 6, 6 and 4 on 16):
        /// 6 tiles x 2 vectors are 12 accumulators, 2 weight vectors and a broadcast in 16 registers, against 4 x 2's 8
        /// accumulators, exactly the FMA latency x throughput of a Zen 3 core (4 x 2), so any late load stalled them. Once
        /// the weights were L1-resident (blocks of 16) this measured: DeepLab's dilated layer (same-process A/B, Zen 3, one
        /// thread, same bits) 5.2-5.3 -> 4.7-4.8 ms; 5 + 5 + 6 about the same, 3 tiles x 4 vectors streaming the weights
        /// slower. A block of 32 tiles (28x28 maps) runs 6, 6, 6, 6, 4, 4 (<c>WinogradLaneGemm.GroupSizes</c>).
        /// </summary>
        public const int LaneGemmTiles256 = 6;

        /// <summary>
        /// How many input channels ahead the row-load input stage prefetches each row segment it loads (into L1, one
        /// prefetch per line: five on 512-bit, three on 256-bit). The stage reads 6 rows of 80 (40) columns per channel and
        /// then jumps a channel plane: 64 channels x 6 rows are more streams than the hardware prefetcher follows, so on a
        /// large map every segment waited on L3 or memory. Zen 5, VGG's 224x224 64->64 layer, same-process A/B, same bits,
        /// one thread: 512-bit 6.1-6.7 -> 5.85-6.2 ms (5-8%; 2 and 8 channels ahead about 1-2% behind 4; prefetching the
        /// next block's columns into L2 instead 2%); the 256-bit path (CONVGEN_ISA=v256) 11.9-12.0 -> 10.5-10.6 ms (12%),
        /// ResNet 28x28 -1.3%, 56x56 unchanged. Not timed on an AVX2-only core.
        /// </summary>
        public const int InputPrefetchChannels = 4;

        /// <summary>Minimum input and output channels for Auto to take the lane GEMM.</summary>
        public const int LaneGemmMinChannels = 256;

        /// <summary>Most transformed-weight bytes for Auto to take the lane GEMM (16 MiB).</summary>
        public const long LaneGemmMaxWeightBytes = 16L * 1048576;

        /// <summary>
        /// The 1-D form, F(4,3): 6 multiplies per 4 outputs and input channel instead of 12, so at best half the direct
        /// multiplies (the 2-D form saves 4x); Auto takes it with at least 16 input and output channels, at least one
        /// full block of tiles per call, and blocks that leave the Winograd GEMM at most 0.6 of the direct multiplies.
        /// </summary>
        private static bool Wins1D(LayerShape s, out string why)
        {
            int tiles = Tiles(s);
            long perCall = (long)tiles * Math.Max(1, s.Batch);
            long winogradMacs = 6L * s.InChannels * s.OutChannels * Blocks(s) * BlockTiles(s);
            long directMacs = 3L * s.InChannels * s.OutChannels * s.Output[0];
            long uBytes = 6L * s.InChannels * s.OutChannels * 4;
            if (s.InChannels < MinChannels1D || s.OutChannels < MinChannels1D)
            {
                why = "fewer than " + I(MinChannels1D) + " input or output channels: the transforms would cost more than the multiplies saved";
                return false;
            }

            if (perCall < 32)
            {
                why = "only " + I(perCall) + " tiles of 4 outputs per call: too few to fill a block of 32";
                return false;
            }

            if (10 * winogradMacs > 6 * directMacs)
            {
                why = "blocks of " + I(BlockTiles(s)) + " tiles over " + I(tiles) + " tiles leave the Winograd GEMM " + I(winogradMacs) + " MACs, more than 0.6 of the direct " + I(directMacs);
                return false;
            }

            if (!s.PackedWeights && uBytes > 2_621_440)
            {
                why = "its transformed weights (6 x " + I(s.InChannels) + " x " + I(s.OutChannels) + " floats = " + (uBytes / 1024).ToString(CultureInfo.InvariantCulture)
                      + " KiB) are rebuilt on every call and exceed 2.5 MiB (declare PackedWeights = true and call with packed weights to avoid that)";
                return false;
            }

            why = I(tiles) + " tiles of 4 outputs per item, " + I(s.InChannels) + "->" + I(s.OutChannels) + " channels: 6 multiplies per tile and input channel instead of 12 (1.5 per output instead of 3)";
            return true;
        }

        /// <summary>The catalog description of the 1-D form (the catalog row's describes the 2-D one).</summary>
        public const string Description1D = "Winograd F(4,3): each tile's 6 input points transformed (B^T d), 6 GEMMs over input channels against weights transformed once per call (G g), tiles of 4 outputs transformed back (A^T M) with the epilogue";

        /// <summary>
        /// Minimum input and output channels for Auto to take the 1-D form: the transforms cost about as much per tile and
        /// channel as a 16-channel GEMM. Measured on one thread (suite CLI, Zen 5, forced Direct against Winograd, GFLOP/s):
        /// 16->16 x 4096: 182 direct, 110 Winograd; 32->32 x 512: 200, 192; 64->64 x 1024: 220, 266; 128->128 x 4096: 194, 265;
        /// 256->256 x 256: 185, 350.
        /// </summary>
        public const int MinChannels1D = 64;

        /// <summary>
        /// True when the GEMM puts output channels on the lanes (<c>Emit/Kernels/WinogradLaneGemm.cs</c>) instead of
        /// tiles: maps of at most <see cref="LaneGemmMaxTiles"/> tiles (or 16 with many channels, see there), or larger
        /// maps with at least 128 channels whose blocks of tiles leave more than a fifth of the tile lanes empty; output
        /// channels a multiple of 16 (whole vectors on every path). Measured in one session (suite CLI, forced Winograd,
        /// GFLOP/s one thread / two, lanes = channels against tiles): ResNet 28x28 128->128 (49 tiles in 64 lanes) 499 / 741
        /// against 448 / 735, the same at batch 8 503 / 926 against 470 / 893; 56x56 64->64 (196 in 224) 431 / 783 against
        /// 428 / 760 and VGG 224x224 64->64 (all lanes full) 408 / 845 against 416 / 908, which keep tiles on the lanes.
        /// ResNet's 7x7 stage has 4 tiles: in a block of 16 tile lanes three quarters of every multiply would be empty,
        /// which made Winograd lose to direct convolution there; on the channel lanes every multiply counts.
        /// </summary>
        public static bool LaneGemm(LayerShape s)
        {
            if (ChannelsLast(s))
            {
                return true;
            }

            if (s.Rank != 2 || s.OutChannels % 16 != 0)
            {
                return false;
            }

            int tiles = Tiles(s);
            if (tiles <= LaneGemmMaxTiles)
            {
                return true;
            }

            if (tiles <= 16)
            {
                return s.InChannels >= LaneGemmMinChannels && s.OutChannels >= LaneGemmMinChannels && TransformedBytes(s) <= LaneGemmMaxWeightBytes;
            }

            // Larger maps keep tiles on the lanes unless their blocks leave over a fifth of the lanes empty (28x28: 49 tiles in 64).
            return s.InChannels >= 128 && s.OutChannels >= 128 && 5L * tiles < 4L * Blocks(s) * BlockTiles(s);
        }

        /// <summary>
        /// Floats between consecutive input channels of a block's transformed input V (<c>v[ic * stride + xi * tb + tile]</c>,
        /// vector paths): the channel's elements x tiles, plus one cache line when that count of lines is even. The GEMMs
        /// read V channel after channel; at a stride of a power of two lines (F(2x2,3x3) on 16 tiles: 1 KiB) those reads fall
        /// in 4 of L1's 64 sets, and 12 ways of them cannot hold the rows the GEMMs come back to. An odd count of lines visits
        /// every set. The 1-D F(4,3)'s 6 x 32 floats (12 lines) put 128 input channels' rows in 32 sets.
        /// </summary>
        public static int InputChannelStride(LayerShape s)
        {
            int floats = Elements(s) * BlockTiles(s);
            return floats / 16 % 2 == 0 ? floats + 16 : floats;
        }

        /// <summary>
        /// Output channels per block of the lane GEMM's transformed weights (<c>WinogradF43.TransformWeights</c> with a
        /// block): one block's weights are consecutive, so the GEMM streams them. In the plain layout a 512->512 layer's
        /// GEMM read 256 bytes every 2 KiB, a new 4 KiB page every other input channel, and ran at 58 GFLOP/s. Blocks of 16
        /// (one 512-bit vector, two 256-bit ones): the 256-bit register tile's 16 channels of every input channel are then
        /// one consecutive run (16 KiB at 256 input channels) that stays in L1 while the block's tile groups reuse it; in
        /// blocks of 64 the run was a 64-byte line every 256 bytes, which maps onto 16 of L1's 64 sets, and the tile groups
        /// re-read it from L2 or beyond (DeepLab's dilated layer, Zen 3, one thread, same-process A/B, same bits: 7.4 -> 6.1
        /// ms). A 512-bit tile of 4 vectors reads 4 blocks, each a consecutive run.
        /// </summary>
        public const int LaneGemmBlock = 16;

        /// <summary>
        /// How far ahead (bytes) the 256-bit lane GEMM's first tile group of a block prefetches its weight run into L1: 32
        /// input channels of a block of 16 (<see cref="LaneGemmBlock"/>). The run comes from beyond L2 (ResNet's 7x7
        /// 512-channel layer reads 16.8 MB of transformed weights a call) and the hardware prefetcher starts over at every
        /// 4 KiB page. Zen 3, same-process A/B, same bits: that layer 2.10-2.29 -> 1.88-2.08 ms on one thread, 1.11 -> 0.98
        /// on two; 1 KiB ahead slower, 4 and 8 KiB the same, every group prefetching slower (the later groups read the run
        /// from L1 or L2), the next block's run prefetched into L2 by the second group no change. The 512-bit path does
        /// not prefetch (unmeasured: no AVX-512 machine here).
        /// </summary>
        public const int LaneGemmPrefetchBytes = 2048;

        /// <summary>
        /// Output channels of a lane-GEMM channel part are a multiple of this: whole 512-bit register-tile chunks (4 vectors
        /// of 16), so no part but the last has a narrower chunk.
        /// </summary>
        public const int LaneGemmPartRound = 64;

        /// <summary>
        /// Most tiles per batch item for the lane GEMM on any channel count (12: a 12x16 map, in three groups of 4). Maps of
        /// 13 to 16 tiles (14x14) fill the tile-lane GEMM's 16 lanes, and take the lane GEMM only with at least
        /// <see cref="LaneGemmMinChannels"/> channels and at most <see cref="LaneGemmMaxWeightBytes"/> of transformed weights,
        /// where it measured faster: ResNet's 14x14 256->256 layer (suite CLI, forced Winograd, 2 runs each) 390-422 GFLOP/s
        /// on one thread and 607-623 on two, against 318-388 and 522-540 with tiles on the lanes.
        /// </summary>
        public const int LaneGemmMaxTiles = 12;

        /// <summary>
        /// The GEMM register tile: output channels x the block's tile vectors; for the lane GEMM, tiles (Channels) x vectors
        /// of output channels (512-bit 8 x 2 of 16 lanes, or 4 x 4 on maps of fewer than 8 tiles; 256-bit 6 x 2 of 8: 16
        /// or 12 accumulators, the weights of one input channel loaded once and each tile's element broadcast once). Other
        /// lane-GEMM tiles and input-channel passes measured slower: <see cref="LaneGemmTiles"/>, docs/kernels.md.
        /// </summary>
        public static VectorTile Choose(LayerShape s, int bits)
        {
            if (LaneGemm(s))
            {
                // A chunk is whole weight blocks (512-bit: 2 or 4 blocks of 16) or lies inside one (256-bit: 2 vectors of 8 in a
                // block of 16); chunks start at multiples of 16. 4 tiles x 3 vectors on 256-bit (24 channels, 16 registers)
                // was tried with blocks of 64: chunks crossed blocks and the results were wrong (the ISA-level tests caught it).
                if (bits == 256)
                {
                    return new VectorTile(bits, 8, Math.Min(LaneGemmTiles256, Tiles(s)), 2);
                }

                (int Tiles, int Vectors) tile = Tile512(s);
                return new VectorTile(bits, 16, tile.Tiles, tile.Vectors);
            }

            int lanes = bits / 32;
            int vectors = BlockTiles(s) / lanes;
            // 256-bit: the accumulators, the block's V vectors and one broadcast in 16 registers. 3 channels x 4 vectors
            // (12 + 4 + 1 = 17) left one accumulator in memory, a store and a reload every input channel on its chain:
            // the GEMM ran at 42-44 GFLOP/s on Zen 3 (a 98 GFLOP/s core). 2 x 4 (8 + 4 + 1) stays in registers: Zen 3, one
            // thread, effective GFLOP/s, best of runs: the 1-D F(4,3) layer 68 -> 98, ResNet 56x56 F(4x4) 105 -> 142, VGG 98 -> 118.
            // With 4 vectors the V vectors may instead stream through one register, each loaded once and multiplied into
            // every channel's accumulator while the channels' weights stay broadcast (StreamsInput256): 3 x 4 = 12 + 3 + 1
            // = 16 registers, no spill (Zen 3, one thread, same-process A/B, same bits: VGG's 224x224 layer 30.4 -> 28.4 ms).
            int budget = bits == 512 ? 24 : 15 - vectors;
            int channels = Math.Max(1, Math.Min(s.OutChannels, budget / vectors));
            if (bits == 256)
            {
                channels = Math.Max(channels, Math.Min(s.OutChannels, 15 / (vectors + 1)));
            }

            return new VectorTile(bits, lanes, channels, vectors);
        }

        /// <summary>
        /// True when a 256-bit tile-lane GEMM tile of <paramref name="channels"/> channels streams its V vectors (one
        /// register, loaded once per input channel and vector) instead of holding them: when holding them with the
        /// accumulators and a broadcast would need more than the 16 AVX2 registers.
        /// </summary>
        public static bool StreamsInput256(VectorTile t, int channels) => t.Bits == 256 && channels * t.Vectors + t.Vectors + 1 > 16;

        private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
