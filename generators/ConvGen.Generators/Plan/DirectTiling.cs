using System;
using System.Collections.Generic;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>
    /// A register tile of the vector direct-convolution kernel: <see cref="Channels"/> output channels by
    /// <see cref="Vectors"/> vectors of <see cref="Lanes"/> consecutive output pixels, all accumulators in registers.
    /// </summary>
    /// <param name="Chunks">Pieces the outermost axis is split into so a batch item has enough parallel items
    /// (rows for 2-D and 3-D, whole tiles for 1-D); every output still belongs to exactly one item.</param>
    /// <param name="Plane">True for a plane tile: lanes over the flattened output plane (small layers), taps read with masked loads.</param>
    /// <param name="Rows">Output rows per tile (depthwise row tiles: each loaded input row feeds every output row it belongs to); 1 otherwise.</param>
    internal sealed record VectorTile(int Bits, int Lanes, int Channels, int Vectors, int Chunks = 1, bool Plane = false, int Rows = 1)
    {
        /// <summary>Output pixels per tile along the innermost axis.</summary>
        public int Width => Lanes * Vectors;

        /// <summary>Accumulator registers.</summary>
        public int Accumulators => Channels * Vectors * Rows;

        /// <summary><c>6x3v16</c>: channels x vectors x lanes.</summary>
        public string Name => Channels + "x" + Vectors + "v" + Lanes + (Plane ? "p" : "");
    }

    /// <summary>
    /// How the direct-convolution family lays a layer onto vector registers. Vectors run along the innermost output
    /// axis (consecutive pixels of a row, NCHW), so interior rows load contiguous input (stride 1) or deinterleave
    /// it (stride 2); weights are broadcast. A 1x1, stride-1, unpadded layer is viewed as 1-D over the whole plane.
    /// The tile maximises accumulators within the register file (32 zmm or 16 ymm) after the loaded input vectors
    /// and one broadcast register, then prefers fewer loads per FMA.
    /// </summary>
    internal static class DirectTiling
    {
        /// <summary>
        /// Parallel items to aim for per batch item (channel blocks x chunks of rows): enough that two threads (or more)
        /// finish together; the threads claim items in grains, so more items cost little.
        /// </summary>
        public const int Items = 32;

        /// <summary>The shape the kernel walks: the layer itself, or a 1-D view for pointwise layers.</summary>
        public static LayerShape View(LayerShape s)
            => s.Kind == LayerKind.Conv && s.Layout == TensorLayout.Nchw && s.Rank > 1 && s.IsPointwise ? s.WithPointwiseExtents((int)s.InputSpatial) : s;

        /// <summary>
        /// The vector interior of the innermost axis: output positions whose whole tile reads in bounds, including the
        /// extra element a stride-2 deinterleaving load touches. Returns false when the layer has no vector path.
        /// </summary>
        public static bool VectorInterior(LayerShape v, out int lo, out int hi)
        {
            lo = hi = 0;
            int last = v.Rank - 1;
            if (v.Kind != LayerKind.Conv || v.Layout != TensorLayout.Nchw || v.Stride[last] > 2)
            {
                return false;
            }

            for (int a = 0; a < v.Rank; a++)
            {
                long spanA = (long)v.Dilation[a] * (v.Kernel[a] - 1);
                // A stride-2 load reads one element past the last tap it needs: keep that element in bounds too.
                long extra = a == last && v.Stride[a] == 2 ? 1 : 0;
                ShapeMath.InteriorRange(v.PadBefore[a], spanA + extra, v.Stride[a], v.Input[a], v.Output[a], out int l, out int h);
                if (h <= l)
                {
                    return false;
                }

                if (a == last)
                {
                    lo = l;
                    hi = h;
                }
            }

            return true;
        }

        /// <summary>
        /// The best tile for a register file, or null when there is none. Row tiles run along output rows; when they
        /// do not fit (or are narrower than 32 pixels) a plane tile may: see <see cref="ChoosePlane"/>.
        /// </summary>
        public static VectorTile? Choose(LayerShape v, int bits)
        {
            VectorTile? depthwise = ChooseDepthwiseRows(v, bits);
            if (depthwise is not null)
            {
                return depthwise;
            }

            // Rows narrower than 16 (14x14 maps): the 256-bit row tile beats any 512-bit tile, so the layer has no 512-bit path.
            // (Stride 1, and rows of at least 8 or kernels up to 3 wide: where the 256-bit tile was measured against 512-bit code.)
            if (bits == 512 && v.Stride[v.Rank - 1] == 1 && (v.Output[v.Rank - 1] >= 8 || v.Kernel[v.Rank - 1] <= 3) && ChooseDepthwiseRows(v, 256) is not null)
            {
                return null;
            }

            VectorTile? rows = ChooseRows(v, bits);
            // Depthwise layers (one channel per group) take plane tiles where they exist: measured faster on ConvNeXt's
            // 7x7 depthwise layer (56x56) than row tiles.
            bool clipped = rows is not null && rows.Width > v.Output[v.Rank - 1];
            if (rows is null || rows.Width < 32 || clipped || v.OutChannels == v.Groups)
            {
                VectorTile? plane = ChoosePlane(v, bits);
                // A row tile wider than the row wastes lanes on every row; a plane tile only on the last tile.
                if (plane is not null && (rows is null || clipped || plane.Width > rows.Width))
                {
                    return plane;
                }
            }

            return rows;
        }

        /// <summary>
        /// Plane tiles for small 2-D layers (7x7, 14x14 feature maps): lanes run over the flattened output plane
        /// <c>p = oy*OW + ox</c>, which is the input plane shifted by a constant per tap when the stride is 1 and the
        /// width is kept (OW == IW); taps that fall in the zero padding or across a row end are masked off. Zero
        /// padding only, since masked lanes read zero.
        /// </summary>
        public static VectorTile? ChoosePlane(LayerShape v, int bits)
        {
            if (!ZeroPadded2D(v)
                || v.Stride[0] != 1 || v.Stride[1] != 1 || v.Input[1] != v.Output[1])
            {
                return null;
            }

            int lanes = bits / 32;
            int registers = bits == 512 ? 32 : 16;
            int plane = v.Output[0] * v.Output[1];
            int ocg = v.OutChannels / v.Groups;
            if (plane < lanes || plane > 4096)
            {
                return null;
            }

            VectorTile? best = null;
            for (int nv = 1; nv <= 4 && nv * lanes <= plane; nv++)
            {
                // Loaded vectors, the mask being applied, one broadcast, one spare.
                int channels = Math.Min(Math.Min((registers - nv - 3) / nv, ocg), 16);
                if (channels < 1)
                {
                    continue;
                }

                var tile = new VectorTile(bits, lanes, channels, nv, 1, Plane: true);
                if (best is null || tile.Accumulators > best.Accumulators
                    || (tile.Accumulators == best.Accumulators && LoadsPerFma(tile) < LoadsPerFma(best)))
                {
                    best = tile;
                }
            }

            if (best is null)
            {
                return null;
            }

            int blocks = v.Groups * ((ocg + best.Channels - 1) / best.Channels);
            int tiles = (plane + best.Width - 1) / best.Width;
            return best with { Chunks = Math.Max(1, Math.Min(tiles, (Items + blocks - 1) / blocks)) };
        }

        /// <summary>
        /// Depthwise row tiles (one input channel per group, 2-D, stride 1, zero padding; stride 2 in
        /// <see cref="ChooseStridedDepthwiseRows"/>): R output rows x V vectors of one
        /// channel. Each input row is loaded once per tap column and feeds every output row of the tile it belongs to, so
        /// loads per FMA fall by up to the kernel height (a depthwise layer has no channel reuse to amortise loads over).
        /// The whole row runs in tiles (border tiles load plainly where they can and masked where a vector leaves the
        /// row), so the row must be at least one tile wide. Windows up to 9 taps (3x3) keep their weights in registers on 512-bit;
        /// wider windows loop over their tap columns (unrolled, a 7x7 tile made a method too big for the JIT to optimise).
        /// </summary>
        public static VectorTile? ChooseDepthwiseRows(LayerShape v, int bits)
        {
            if (bits == 256 && v.Rank == 2 && v.Stride[1] == 2)
            {
                return ChooseStridedColumnTiles256(v);
            }

            VectorTile? strided = ChooseStridedDepthwiseRows(v, bits);
            if (strided is not null)
            {
                return strided;
            }

            if (!ZeroPadded2D(v)
                || v.Stride[0] != 1 || v.Stride[1] != 1 || v.InChannels != v.Groups || v.Kernel[0] < 2 || v.Kernel[1] > 16 || v.Kernel[0] > 16)
            {
                return null;
            }

            if (bits == 256)
            {
                return ChooseDepthwiseColumnTiles256(v);
            }

            int lanes = bits / 32;
            int ow = v.Output[1];
            int best = 0;
            double bestCost = double.MaxValue;
            for (int nv = 1; nv <= 4 && nv * lanes <= ow; nv++)
            {
                int width = nv * lanes;
                int tiles = (ow + width - 1) / width;
                double cost = tiles * (width + 16.0);
                if (cost <= bestCost)
                {
                    bestCost = cost;
                    best = nv;
                }
            }

            // Rows narrower than one vector but at least half of one (14x14 maps; the 256-bit tiles are chosen above): one vector
            // wider than the row, every load masked, stores clipped at the row's end, and as many rows as the registers
            // hold (the whole 14x14 plane: each input row loaded once per tap column).
            bool clipped = best == 0 && ow < lanes && 2 * ow >= lanes && v.Kernel[1] <= 3;
            if (clipped)
            {
                best = 1;
            }

            if (best == 0)
            {
                return null;
            }

            // 512-bit from here (the 256-bit tiles returned above): 32 registers.
            int weights = HoistsWeights(v) ? v.Kernel[0] * v.Kernel[1] : 1;
            int rows = Math.Min(Math.Min(clipped ? MaxClippedRows : MaxRows, (32 - best - weights - 2) / best), v.Output[0]);
            if (rows < 2)
            {
                return null;
            }

            int blocks = v.Groups * (v.OutChannels / v.Groups);
            int chunks = Math.Max(1, Math.Min(v.Output[0] / rows, (Items + blocks - 1) / blocks));
            return new VectorTile(bits, lanes, 1, best, chunks, Rows: rows);
        }

        /// <summary>
        /// 256-bit depthwise row tiles (stride 1), whose column tiles are fixed at generate time
        /// (<see cref="Emit.Kernels.DepthwiseRows"/>, <c>WriteColumnTiles256</c>): every load of a tile is known to be inside the row
        /// (a plain load), partly outside (a masked load with a constant mask) or wholly outside (no load and no multiply-add),
        /// so no load tests its column at run time. Testing every load (the 512-bit tile's way) cost two taken branches per
        /// load on Zen 3, more than the multiply-adds themselves (ConvNeXt's 7x7 layer at 26 GFLOP/s).
        /// The tile (R rows x V vectors) minimises an estimate of a plane's time: per tile its multiply-adds plus its loads
        /// (input vectors and weight broadcasts) plus a call's overhead, times the tiles a row and the row groups a plane
        /// need (overlapping tiles count whole). Zen 3, one thread, GFLOP/s: MobileNetV2's 112x112 3x3 layer 4x3 (chosen)
        /// 46, 6x2 43, 3x3 43, 5x2 42; ConvNeXt's 56x56 7x7 layer 2x4 (chosen) 60, 4x2 56, 6x2 55, 3x3 55; the 14x14
        /// layer 14x1 24, 7x1 22, and since a 14-wide row may be one tile of 2 vectors at columns 0 and 6 (stride 1,
        /// <see cref="VectorColumn"/>), 5x2 (chosen: 52.4 -> 43.8 us a call, the same bits; each broadcast weight feeds
        /// two multiply-adds). The sum ranks these as measured; the larger of the two (loads and
        /// multiply-adds as separate pipes) did not. Weights are broadcast per use: 3x3 tiles that kept their 9 weights
        /// in registers (5x1, 2x2: what fits beside them) ran at 31 on the 112x112 layer and 21 on the 14x14 one.
        /// </summary>
        private static VectorTile? ChooseDepthwiseColumnTiles256(LayerShape v)
        {
            int kh = v.Kernel[0], kw = v.Kernel[1];
            return BestColumnTile256(v, overlapLast: true, tileCost: (rows, nv) =>
            {
                // Accumulators, the loaded vectors of one tap column and one broadcast weight.
                if (rows * nv + nv + 1 > 16)
                {
                    return null;
                }

                double fmas = (double)rows * kh * kw * nv;
                double loads = (double)TileInputRows(v, rows) * kw * nv + rows * kh * kw;
                return fmas + loads;
            });
        }

        /// <summary>
        /// The 256-bit column tile (R rows x V vectors, one channel) with the least estimated time per plane: the tile's own
        /// cost (<paramref name="tileCost"/>, null where the tile does not fit the registers) plus a call's, times the
        /// column tiles a row needs and the row groups of the plane. Rows narrower than one vector but at least half of one
        /// (7x7 maps) take one vector, its stores clipped at the row's end; narrower rows have no tile.
        /// </summary>
        /// <remarks>
        /// With <paramref name="overlapLast"/> (stride-1 tiles) a row whose width is not a multiple of 8 may also be covered
        /// by one tile of V vectors, the last placed at the row's end over the one before (<see cref="VectorColumn"/>):
        /// MobileNetV2's 14-wide rows as 2 vectors at columns 0 and 6, so each broadcast weight feeds two multiply-adds
        /// instead of one. Either way (stride 1 or 2) a row of whole vectors but not whole tiles ends in a narrower tile
        /// (<see cref="LastTileVectors"/>), costed as such.
        /// </remarks>
        private static VectorTile? BestColumnTile256(LayerShape v, Func<int, int, double?> tileCost, bool overlapLast = false)
        {
            const int lanes = 8;
            int ow = v.Output[1], oh = v.Output[0];
            bool narrow = ow < lanes;
            if (narrow && 2 * ow < lanes)
            {
                return null;
            }

            VectorTile? best = null;
            double bestCost = double.MaxValue;
            for (int nv = 1; nv <= 4 && (nv == 1 || nv * lanes <= ow || (overlapLast && (nv - 1) * lanes < ow)); nv++)
            {
                for (int rows = 2; rows <= Math.Min(MaxRows256, oh); rows++)
                {
                    double? perTile = tileCost(rows, nv);
                    if (perTile is null)
                    {
                        continue;
                    }

                    int tiles = narrow ? 1 : (ow + nv * lanes - 1) / (nv * lanes);
                    int groups = (oh + rows - 1) / rows;
                    double cost = tiles * groups * (perTile.Value + TileCallCost);
                    int rest = LastTileVectors(new VectorTile(256, lanes, 1, nv, 1, Rows: rows), v);
                    if (rest != nv && tileCost(rows, rest) is double restTile)
                    {
                        // The last tile narrower, at its own columns (LastTileVectors).
                        cost = ((tiles - 1) * (perTile.Value + TileCallCost) + restTile + TileCallCost) * groups;
                    }

                    if (cost < bestCost)
                    {
                        bestCost = cost;
                        best = new VectorTile(256, lanes, 1, nv, 1, Rows: rows);
                    }
                }
            }

            if (best is null)
            {
                return null;
            }

            int blocks = v.OutChannels;
            int chunks = Math.Max(1, Math.Min(oh / best.Rows, (Items + blocks - 1) / blocks));
            return best with { Chunks = chunks };
        }

        /// <summary>
        /// 256-bit stride-2 depthwise row tiles (column stride 2, row stride 1 or 2, any dilation, zero padding), column
        /// tiles fixed at generate time as in <see cref="ChooseDepthwiseColumnTiles256"/>. Output vector q of a tile reads,
        /// for tap offset <c>o = kx D</c>, input columns <c>c + o + 2 j</c>: the even or odd lanes of the 16 columns from
        /// an even column next to it (<see cref="StridedPair"/>), so each such column pair is loaded once (two loads) per input row and split
        /// by one shuffle per tap (<c>ConvGen.VectorLanes.EvenLanesPaired256</c>); the accumulators stay in the shuffle's
        /// lane order and are put back in row order once, at the store. Registers: R x V accumulators, the broadcast weights
        /// of a pair's taps for the rows one input row feeds, the pair's two loads and a split. Cost: as the stride-1 tile,
        /// plus one per shuffle, and never below the tile's chains of multiply-adds (<see cref="ChainStepCost"/> per tap of
        /// each input row). A row of whole vectors but not whole tiles ends in a narrower tile (<see cref="LastTileVectors"/>),
        /// costed as such: MobileNetV2's 3x3/2 layer (56-wide rows) had taken 8 rows x 1 vector, because a 2x4 tile's second
        /// tile overlapped the first by a vector; 2x4 + 2x3 runs 24.4 -> 33.9-34.5 GFLOP/s on Zen 3 (one thread, same bits).
        /// Its 8 chains of fused multiply-adds per tile against 8x1's one or two an input row feeds: a tile's outputs are
        /// single chains of 9 (the fixed summation order), so tiles of one vector wait on the FMA latency (measured, same layer:
        /// 4x2 29.0, 3x3 27.0, 2x2 26.9, 2x3 26.3; the chain floor ranks all six as measured, and a short plane, 7 rows of
        /// 56, gets 2x4 rather than one 7x1 row group).
        /// </summary>
        private static VectorTile? ChooseStridedColumnTiles256(LayerShape v)
        {
            if (!ZeroPadded2D(v) || v.InChannels != v.Groups || v.Stride[0] > 2 || v.Kernel[0] > 16 || v.Kernel[1] > 16)
            {
                return null;
            }

            int kh = v.Kernel[0], kw = v.Kernel[1];
            int pairs = StridedPairOffsets(v).Count;
            return BestColumnTile256(v, (rows, nv) =>
            {
                // Accumulators, the weights of a pair's taps for the rows an input row feeds, the two loads and a split.
                if (rows * nv + 2 * MaxFeeds(v, rows) + 3 > 16)
                {
                    return null;
                }

                int inputRows = TileInputRows(v, rows);
                double fmas = (double)rows * kh * kw * nv;
                double loads = (double)inputRows * pairs * 2 * nv + rows * kh * kw;
                double shuffles = (double)inputRows * kw * nv;
                // Each input row advances the chains it feeds by its kw taps, one after another whatever V is.
                double chains = (double)inputRows * kw * ChainStepCost;
                return Math.Max(fmas + loads + shuffles, chains);
            });
        }

        /// <summary>
        /// Vectors of the last column tile of a 256-bit depthwise row (stride 1 or 2) whose output width is a multiple of 8 but
        /// not of the tile's: the remainder as a narrower tile at its own columns (ConvNeXt's 56-wide rows in 2x4 tiles: 32 + 24
        /// columns, not two tiles of 32 overlapping by 8; MobileNetV2's 3x3/2 rows the same); otherwise the tile's own vectors
        /// (the last tile then moves left over the one before).
        /// </summary>
        public static int LastTileVectors(VectorTile t, LayerShape v)
        {
            int ow = v.Output[v.Rank - 1];
            return t.Bits == 256 && ow > t.Width && ow % t.Lanes == 0 && ow % t.Width != 0
                ? ow % t.Width / t.Lanes
                : t.Vectors;
        }

        /// <summary>
        /// True when a 256-bit column tile of 2 or more vectors is wider than the row (<paramref name="rowWidth"/>): it covers
        /// the row alone, its last vector moved left to end at the row's end (<see cref="VectorColumn"/>).
        /// </summary>
        public static bool OverlapsLastVector(VectorTile t, int rowWidth) => t.Vectors >= 2 && t.Width > rowWidth;

        /// <summary>Columns a 256-bit column tile covers in a row of <paramref name="rowWidth"/>: the row itself when the tile overlaps its last vector (<see cref="OverlapsLastVector"/>), else the tile's width.</summary>
        public static int RowTileWidth(VectorTile t, int rowWidth) => OverlapsLastVector(t, rowWidth) ? rowWidth : t.Width;

        /// <summary>
        /// The first column of vector <paramref name="q"/> of a column tile, from the tile's first column: <c>8 q</c>, except
        /// the last vector of a tile wider than the row (<see cref="OverlapsLastVector"/>), which ends at the row's end; the
        /// columns it shares with the vector before get the same chains, so they are written twice with the same bits.
        /// </summary>
        public static int VectorColumn(VectorTile t, int q, int rowWidth)
            => OverlapsLastVector(t, rowWidth) && q == t.Vectors - 1 ? rowWidth - t.Lanes : q * t.Lanes;

        /// <summary>Input rows an R-row depthwise tile reads: <c>(R - 1) x strideH + (KH - 1) x dilationH + 1</c>.</summary>
        public static int TileInputRows(LayerShape v, int rows) => (rows - 1) * v.Stride[0] + (v.Kernel[0] - 1) * v.Dilation[0] + 1;

        /// <summary>
        /// The output rows of an R-row depthwise tile that its input row <paramref name="u"/> feeds, with the kernel row each
        /// reads: <c>u = r x strideH + ky x dilationH</c> (the planner counts them, the emitter writes their multiply-adds).
        /// </summary>
        public static List<(int Row, int Ky)> Feeds(LayerShape v, int rows, int u)
        {
            var feeds = new List<(int Row, int Ky)>();
            for (int r = 0; r < rows; r++)
            {
                int d = u - r * v.Stride[0];
                if (d >= 0 && d % v.Dilation[0] == 0 && d / v.Dilation[0] < v.Kernel[0])
                {
                    feeds.Add((r, d / v.Dilation[0]));
                }
            }

            return feeds;
        }

        /// <summary>The most output rows of an R-row tile that one input row feeds (kernel rows it meets).</summary>
        public static int MaxFeeds(LayerShape v, int rows)
        {
            int most = 0;
            for (int u = 0; u < TileInputRows(v, rows); u++)
            {
                most = Math.Max(most, Feeds(v, rows, u).Count);
            }

            return most;
        }

        /// <summary>
        /// The column-pair offsets of a stride-2 tile's taps (<see cref="StridedPair"/>), ascending, each once.
        /// </summary>
        public static List<int> StridedPairOffsets(LayerShape v)
        {
            var offsets = new List<int>();
            for (int kx = 0; kx < v.Kernel[1]; kx++)
            {
                int e = StridedPair(v, kx).Offset;
                if (offsets.Count == 0 || offsets[offsets.Count - 1] != e)
                {
                    offsets.Add(e);
                }
            }

            return offsets;
        }

        /// <summary>
        /// The column pair a stride-2 tile's tap kx reads, past the tile's first input column <c>c0 = 2 ox - P</c>: tap offset
        /// <c>o = kx D</c> is the even (<paramref name="kx"/>'s <c>Even</c>) or odd lane of the 16 columns loaded from
        /// <c>Offset</c>, where <c>c0 + Offset</c> is even (an even output column's window start, so <c>2 ox</c> itself for a
        /// tap at the output column's own input column). With an odd P the pairs start one column left of <c>o &amp; ~1</c>:
        /// since <c>ox</c> steps by whole vectors, a pair then starts on an input column that is a multiple of 16 whenever the
        /// row is (a 32-byte load that stays in one 64-byte line): MobileNetV2's 3x3/2 layer (P = 1) loaded every pair from
        /// an odd column, half of its loads crossing a line.
        /// </summary>
        public static (int Offset, bool Even) StridedPair(LayerShape v, int kx)
        {
            int o = kx * v.Dilation[1];
            int parity = v.PadBefore[1] & 1;
            int e = ((o - parity) & ~1) + parity;
            return (e, o == e);
        }

        /// <summary>Most output rows in a 256-bit depthwise tile.</summary>
        public const int MaxRows256 = 14;

        /// <summary>Estimated cost of one 256-bit column tile beyond its loads and multiply-adds: the call, the zeroed accumulators, the stores.</summary>
        private const double TileCallCost = 12;

        /// <summary>
        /// Estimated cost of one step of a chain of dependent multiply-adds in a 256-bit stride-2 column tile: the FMA's latency
        /// (4 cycles on Zen 3) at about two of the cost model's instructions a cycle. A tile costs at least its input rows x
        /// the kernel's width x this (each input row advances the chains it feeds by one tap after another).
        /// </summary>
        private const double ChainStepCost = 8;

        /// <summary>
        /// Stride-2 depthwise row tiles (512-bit; one input channel per group, 2-D, zero padding, column stride 2, row
        /// stride 1 or 2, dilation 1, at most 3x3): R output rows x the whole output row (at most
        /// <see cref="MaxStridedVectors"/> vectors, the last clipped). Each input row is loaded once, 32 columns at a time,
        /// and split into its even and odd columns; tap <c>kx</c> of output column <c>ox</c> reads column
        /// <c>2 ox + kx - P</c>, which is the even or odd vector shifted by at most one lane (the lane shifted in comes
        /// from the neighbouring vector, or zero left of the row: the zero padding). So an input row costs two loads and
        /// three shuffles per vector for all its taps, and feeds every output row of the tile that reads it. The first
        /// stride-2 version (one deinterleaving load per tap, masked at both ends of the row) measured slower than the
        /// plain row tile (18 against 31 GFLOP/s) and was dropped.
        /// </summary>
        public static VectorTile? ChooseStridedDepthwiseRows(LayerShape v, int bits)
        {
            if (bits != 512 || !ZeroPadded2D(v) || v.InChannels != v.Groups
                || v.Stride[1] != 2 || v.Stride[0] > 2 || v.Dilation[0] != 1 || v.Dilation[1] != 1 || v.Kernel[0] < 2 || v.KernelSpatial > 9)
            {
                return null;
            }

            int ow = v.Output[1];
            int vectors = (ow + 15) / 16;
            // Tap kx reads column 2 ox + d, d = kx - P: lane shift floor(d / 2) must stay within one lane either way.
            int dMin = -v.PadBefore[1], dMax = v.Kernel[1] - 1 - v.PadBefore[1];
            if (vectors > MaxStridedVectors || dMin < -2 || dMax > 3)
            {
                return null;
            }

            int rows = Math.Min(StridedRows(vectors), v.Output[0]);
            if (rows < 2)
            {
                return null;
            }

            int blocks = v.OutChannels;
            int chunks = Math.Max(1, Math.Min(v.Output[0] / rows, (Items + blocks - 1) / blocks));
            return new VectorTile(bits, 16, 1, vectors, chunks, Rows: rows);
        }

        /// <summary>Most vectors in a stride-2 depthwise row (64 output columns: MobileNetV2's 112 -> 56 layer).</summary>
        public const int MaxStridedVectors = 4;

        /// <summary>Output rows of a stride-2 depthwise tile: 4, or 2 for rows of 4 vectors (8 accumulators next to 9 weights and the row's phases).</summary>
        public static int StridedRows(int vectors) => vectors >= 4 ? 2 : 4;

        /// <summary>A 2-D convolution in NCHW with zero padding: what plane tiles and depthwise row tiles need (masked lanes read zero).</summary>
        private static bool ZeroPadded2D(LayerShape v)
            => v.Kind == LayerKind.Conv && v.Layout == TensorLayout.Nchw && v.Rank == 2 && v.PaddingMode == PaddingMode.Zeros;

        /// <summary>Most output rows in a depthwise row tile (the unrolled code grows with rows x kernel taps).</summary>
        public const int MaxRows = 4;

        /// <summary>Most output rows in a clipped depthwise row tile (one vector per row, kernels up to 3 wide).</summary>
        public const int MaxClippedRows = 16;

        /// <summary>
        /// True when a 512-bit depthwise row tile keeps its broadcast weights in registers (at most 9 taps); the 256-bit
        /// column tiles broadcast each weight where it is used.
        /// </summary>
        public static bool HoistsWeights(LayerShape v) => v.KernelSpatial <= 9;

        /// <summary>Row tiles: the best register tile along output rows, or null when the row interior is narrower than one vector.</summary>
        public static VectorTile? ChooseRows(LayerShape v, int bits)
        {
            if (!VectorInterior(v, out int lo, out int hi))
            {
                return null;
            }

            int lanes = bits / 32;
            int registers = bits == 512 ? 32 : 16;
            int width = hi - lo;
            int ocg = v.OutChannels / v.Groups;
            bool stride2 = v.Stride[v.Rank - 1] == 2;
            // A row may take a tile wider than itself (up to its width rounded up to whole vectors): masked loads, and
            // stores that stop at the row's end, instead of overlapping tiles that compute columns twice (a 56-wide row
            // in 48-wide tiles computes 96; one 64-wide tile computes 64). Measured: C3D (28 wide) 169 -> 200 GFLOP/s,
            // ResNeXt (56 wide) 98 -> 150.
            int ow = v.Output[v.Rank - 1];
            bool clipped = v.Rank > 1 && v.PaddingMode == PaddingMode.Zeros && v.Stride[v.Rank - 1] <= 2 && (long)(v.InChannels / v.Groups) * v.KernelSpatial >= 16;
            int maxWidth = clipped ? Math.Max(width, (ow + lanes - 1) / lanes * lanes) : width;
            VectorTile? best = null;
            for (int nv = 1; nv <= 4 && nv * lanes <= maxWidth; nv++)
            {
                // Loaded input vectors, one broadcast, one spare for the JIT; for stride 2 also the two raw loads
                // being deinterleaved and the permutation index.
                int temps = nv + 1 + 1 + (stride2 ? 3 : 0);
                int channels = Math.Min(Math.Min((registers - temps) / nv, ocg), 16);
                if (channels < 1)
                {
                    continue;
                }

                var tile = new VectorTile(bits, lanes, channels, nv);
                bool better = ocg == 1
                    // One channel per group (depthwise): accumulators cannot grow with channels, so choose the vector
                    // count that wastes the least row: overlap, masked border tiles and scalar border pixels.
                    ? best is null || RowCost(v, tile) < RowCost(v, best) || (RowCost(v, tile) == RowCost(v, best) && tile.Width > best.Width)
                    : best is null || Throughput(v, tile) > Throughput(v, best)
                      || (Throughput(v, tile) == Throughput(v, best) && LoadsPerFma(tile) < LoadsPerFma(best));
                if (better)
                {
                    best = tile;
                }
            }

            if (best is null)
            {
                return null;
            }

            // Aim for at least 8 items per batch item, so two (or more) threads stay balanced.
            int blocks = v.Groups * ((ocg + best.Channels - 1) / best.Channels);
            int maxChunks = v.Rank > 1 ? v.Output[0] : (hi - lo) / best.Width;
            int chunks = Math.Max(1, Math.Min(maxChunks, (Items + blocks - 1) / blocks));
            if (bits == 256 && ocg > 1 && blocks > v.Groups)
            {
                // AVX2 cores have 256-512 KiB of L2: every channel block streams its group's whole input, so the input is cut
                // into chunks of at most ChunkBytes256 that the blocks then share in turn (chunk-major, Direct.ChunkOuter).
                // ResNet's 1x1 64->256 layer at 56x56 (800 KB of input, 43 blocks, one chunk) read its input from L3 43 times.
                long input = GroupInputBytes(v);
                chunks = (int)Math.Max(chunks, Math.Min(maxChunks, (input + ChunkBytes256 - 1) / ChunkBytes256));
            }

            return best with { Chunks = chunks };
        }

        /// <summary>Bytes of one group's input (its input channels over the whole input), which a tile's chunks divide.</summary>
        public static long GroupInputBytes(LayerShape v) => 4L * (v.InChannels / v.Groups) * v.InputSpatial;

        /// <summary>Largest input chunk (one group's input over a chunk of rows or pixels) of a 256-bit row tile with several channel blocks.</summary>
        public const long ChunkBytes256 = 128 * 1024;

        /// <summary>
        /// Whole rows in tiles with masked border tiles: zero padding (masked lanes read zero), stride 1 or 2, a row at
        /// least one tile wide, and pixels costly enough (input channels x taps >= 16) that a masked tile beats scalar
        /// border pixels (a 3x3 depthwise pixel is 9 FMAs: scalar is cheaper there, measured on MobileNetV2's 112x112
        /// depthwise layer).
        /// </summary>
        public static bool UsesEdgeTiles(LayerShape v, VectorTile t)
        {
            int last = v.Rank - 1;
            VectorInterior(v, out int lo, out int hiV);
            return !t.Plane && v.PaddingMode == PaddingMode.Zeros && v.Stride[last] <= 2 && (v.Output[last] >= t.Width || v.Rank > 1) && (lo > 0 || hiV < v.Output[last] || t.Width > v.Output[last])
                && (long)(v.InChannels / v.Groups) * v.KernelSpatial >= 16;
        }

        /// <summary>
        /// Relative cost of one output row for a tile width: computed pixels, a masked tile counting double, a fixed
        /// overhead per tile, a scalar border pixel sixteen times (one lane's work done without vectors or parallel chains).
        /// </summary>
        private static double RowCost(LayerShape v, VectorTile t)
        {
            VectorInterior(v, out int lo, out int hiV);
            int o = v.Output[v.Rank - 1];
            int width = t.Width;
            double cost = 0;
            bool edges = UsesEdgeTiles(v, t);
            int start = edges ? 0 : lo;
            int end = edges ? o : hiV;
            for (int x = start; x < end; x += width)
            {
                int x0 = Math.Min(x, end - width);
                bool masked = edges && (x0 < lo || x0 + width > hiV);
                cost += width * (masked ? 2.0 : 1.0) + 16.0; // + the tile's own overhead (set-up, row loop, epilogue)
            }

            if (!edges)
            {
                cost += 16.0 * (lo + o - hiV);
            }

            return cost;
        }

        /// <summary>Why a layer has no vector path (for the report), or null when it has one.</summary>
        public static string? WhyScalar(LayerShape v)
        {
            if (v.Layout != TensorLayout.Nchw)
            {
                // The one channels-last vector kernel puts output channels on the lanes (ChannelLaneTiling); say what keeps it out.
                if (DepthwiseChannelsLastTiling.Runs(v))
                {
                    return "Algorithm = " + v.Algorithm + " keeps this channels-last depthwise layer off its vector kernel (channels on the lanes, taken under Auto)";
                }

                if (v.Groups > 1 && v.Groups == v.InChannels)
                {
                    return "the channels-last depthwise vector kernel runs a depthwise multiplier of 1; this layer has " + (v.OutChannels / v.Groups).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                string? why = v.Groups != 1 ? v.Groups.ToString(System.Globalization.CultureInfo.InvariantCulture) + " groups"
                    : v.PaddingMode != PaddingMode.Zeros ? v.PaddingMode + " padding"
                    : v.OutChannels < ChannelLaneTiling.MinChannelsLast ? v.OutChannels.ToString(System.Globalization.CultureInfo.InvariantCulture) + " output channels"
                    : null;
                if (why is null)
                {
                    return "the channels-last (NHWC) layout has no pixel-lane vector kernel, and Algorithm = " + v.Algorithm + " keeps the layer off the channel lanes, its vector kernel";
                }

                return "in the channels-last (NHWC) layout the vector kernel puts output channels on the lanes and needs one group, zero padding and at least "
                    + ChannelLaneTiling.MinChannelsLast.ToString(System.Globalization.CultureInfo.InvariantCulture) + " output channels; this layer has " + why;
            }

            if (v.Stride[v.Rank - 1] > 2)
            {
                return "stride " + v.Stride[v.Rank - 1].ToString(System.Globalization.CultureInfo.InvariantCulture) + " on the innermost axis (the vector kernel loads stride 1 or 2)";
            }

            if (Choose(v, 256) is null)
            {
                return VectorInterior(v, out int lo, out int hi)
                    ? "the interior of the innermost axis is " + (hi - lo).ToString(System.Globalization.CultureInfo.InvariantCulture) + " wide, narrower than one 8-float vector"
                    : "no output row has its whole window inside the input";
            }

            return null;
        }

        /// <summary>True when the scalar fallback comes from the declaration (layout, stride) on a layer big enough to matter.</summary>
        public static bool ScalarIsAPenalty(LayerShape v) => (v.Layout != TensorLayout.Nchw || v.Stride[v.Rank - 1] > 2) && v.MacsPerItem >= 1_000_000;

        /// <summary>
        /// Accumulators times the share of computed lanes that land in the row: a row of O outputs runs in ceil(O / W)
        /// tiles of width W (the last clipped or overlapping), so a tile that does not divide the row wastes lanes on
        /// every row. Measured: 56-wide stride-2 rows in 8x48 tiles (96 lanes for 56 outputs) ran at 124 GFLOP/s.
        /// </summary>
        private static double UsefulAccumulators(LayerShape v, VectorTile t)
        {
            int o = v.Output[v.Rank - 1];
            long lanes = (long)(o + t.Width - 1) / t.Width * t.Width;
            return Math.Round(t.Accumulators * (double)o / lanes, 6);
        }

        /// <summary>
        /// The share of a tile's computed lanes that are outputs: over a row (row tiles, the last clipped or overlapping)
        /// or over the flattened plane (plane tiles, the last tile partly empty).
        /// </summary>
        public static double LaneShare(LayerShape v, VectorTile t)
        {
            long o = t.Plane ? (long)v.Output[0] * v.Output[1] : v.Output[v.Rank - 1];
            long lanes = (o + t.Width - 1) / t.Width * t.Width;
            return (double)o / lanes;
        }

        private static double LoadsPerFma(VectorTile t) => (double)(t.Vectors + t.Channels) / t.Accumulators;

        /// <summary>
        /// How a row tile ranks: its useful accumulators (<see cref="UsefulAccumulators"/>); on 256-bit also discounted by
        /// the share of a tap's loads beyond its FMAs (<c>accumulators / (vectors + channels)</c> when below 1), since AVX2
        /// cores issue as many loads as FMAs per cycle at best.
        /// </summary>
        private static double Throughput(LayerShape v, VectorTile t)
            => UsefulAccumulators(v, t) * (t.Bits == 256 ? Math.Min(1.0, LoadDiscount * t.Accumulators / (t.Vectors + t.Channels)) : 1.0);

        /// <summary>Loads (input vectors and weight broadcasts) per tap an AVX2 tile may issue per accumulator before the loads, not the FMAs, bound it.</summary>
        private const double LoadDiscount = 0.75;
    }
}
