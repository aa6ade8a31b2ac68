using System;
using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Depthwise row tiles, a part of the direct family (see <see cref="DirectTiling.ChooseDepthwiseRows"/>): R output
    /// rows x V vectors of one channel. The tile walks its input rows in order; each input row's tap columns are
    /// loaded once and fed to every output row of the tile that reads that row (kernel row <c>ky = (u - r) / D</c>).
    /// Per output the fused multiply-adds still come in (ky, kx) order, the chain of Pixel, so the bits match the
    /// other paths. Input rows outside the input are skipped (zero padding); border column tiles use masked loads.
    /// </summary>
    internal static class DepthwiseRows
    {
        private const string Rt = "global::ConvGen.";

        public static void WriteRows(CodeWriter w, Direct.Ctx k, VectorTile t)
        {
            if (t.Bits == 256)
            {
                WriteColumnTiles256(w, k, t);
                return;
            }

            if (k.V.Stride[1] == 2)
            {
                WriteStridedRows(w, k, t);
                return;
            }

            // 512-bit from here: the 256-bit tiles are the column tiles above.
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            const string vec = "Vec512", vt = "F32x16", bits = "512";
            int rows = t.Rows;
            int width = t.Width;
            int kw = v.Kernel[1], dx = v.Dilation[1];
            int ow = v.Output[1], iw = v.Input[1], ih = v.Input[0];
            int inputRows = DirectTiling.TileInputRows(v, rows);
            bool hoist = DirectTiling.HoistsWeights(v);
            // Stride 1 only (DirectTiling.ChooseDepthwiseRows): columns ox whose whole tile reads inside the input row,
            // ox - P >= 0 and ox - P + width - 1 + (KW-1)*D < IW.
            int innerLo = v.PadBefore[1];
            int innerHi = iw - width - (kw - 1) * dx + v.PadBefore[1];

            w.Line("/// <summary>");
            w.Line("/// One channel from <paramref name=\"oc0\"/>, rows [from, to) in tiles of " + CodeWriter.I(rows) + " rows x " + CodeWriter.I(width) + " columns ("
                + CodeWriter.I(rows * t.Vectors) + " accumulators): each of the tile's " + CodeWriter.I(inputRows) + " input rows is loaded once per tap column and");
            w.Line("/// feeds every output row that reads it. The last row group and column tile overlap the ones before (same values, written twice)" + (width > ow ? "; the row is narrower than the tile, so loads are masked and stores clipped." : "."));
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            WriteTileStart(w, k, t, vec, vt, hoist);
            bool clipped = width > ow;
            if (clipped)
            {
                w.Line("// One vector wider than the row (" + CodeWriter.I(ow) + " columns): every load masked, stores clipped at the row's end.");
                w.Open();
                w.Line("const int ox = 0;");
                w.Line("int ix = " + CodeWriter.I(-v.PadBefore[1]) + ";");
                var masks = new List<string>();
                for (int tap = 0; tap < kw; tap++)
                {
                    masks.Add("m" + CodeWriter.I(tap) + " = " + Rt + "VectorLoads.ColumnMask" + bits + "(" + KernelGeometry.Sum("ix", CodeWriter.I((long)tap * dx)) + ", " + CodeWriter.I(iw) + ")");
                }

                w.Line("// The lanes of each tap column inside the input row, once for the tile.");
                w.Line(vt + " " + string.Join(", ", masks) + ";");
            }
            else
            {
                w.Open("for (int t = 0; t < " + CodeWriter.I(ow) + "; t += " + CodeWriter.I(width) + ")");
                w.Line("int ox = t < " + CodeWriter.I(ow - width) + " ? t : " + CodeWriter.I(ow - width) + ";");
            }

            if (!clipped)
            {
                w.Line("int ix = " + KernelGeometry.Lin("ox", 1, -v.PadBefore[1]) + ";");
                w.Line(innerHi >= innerLo ? "bool inner = ox >= " + CodeWriter.I(innerLo) + " && ox <= " + CodeWriter.I(innerHi) + ";" : "bool inner = false;");
            }

            WriteAccumulators(w, t, vt);
            for (int u = 0; u < inputRows; u++)
            {
                List<(int Row, int Ky)> feeds = DirectTiling.Feeds(v, rows, u);
                w.Line("// Input row oy " + (u - v.PadBefore[0] >= 0 ? "+ " + CodeWriter.I(u - v.PadBefore[0]) : "- " + CodeWriter.I(v.PadBefore[0] - u)) + ": feeds " + FeedNames(feeds) + ".");
                w.Open();
                w.Line("int iy = " + KernelGeometry.Lin("oy", 1, u - v.PadBefore[0]) + ";");
                w.Open("if ((uint)iy < " + CodeWriter.I(ih) + "u)");
                w.Line("ref float xr = ref At(ref xc, " + KernelGeometry.Times("iy", g.InAxisStride[0]) + ");");
                if (clipped)
                {
                    WriteRowTaps(w, t, feeds, vec, vt, kw, dx, iw, hoist, masked: true, hoistedMasks: true);
                }
                else if (innerHi >= innerLo)
                {
                    w.Open("if (inner)");
                    WriteRowTaps(w, t, feeds, vec, vt, kw, dx, iw, hoist, masked: false);
                    w.Close();
                    w.Open("else");
                    WriteRowTaps(w, t, feeds, vec, vt, kw, dx, iw, hoist, masked: true);
                    w.Close();
                }
                else
                {
                    WriteRowTaps(w, t, feeds, vec, vt, kw, dx, iw, hoist, masked: true);
                }

                w.Close();
                w.Close();
            }

            WriteRowEpilogues(w, k, t, vec, vt, clipped ? "0" : "ox", clipped ? ow : int.MaxValue);
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The 256-bit row tile (<see cref="DirectTiling.ChooseDepthwiseRows"/>), with its column tiles fixed at generate
        /// time: Rows256x1 walks the item's row groups and calls one method per column tile, <c>Tile256At{ox}</c> for a tile
        /// that reaches outside the row (its loads decided here: plain, masked with a constant mask, or none, with the
        /// multiply-adds of a load wholly outside the row left out, as Pixel skips those taps) and <c>Tile256Inner</c>
        /// for the tiles inside it (plain loads only). Within a tile the order is the 512-bit tile's: input rows in order,
        /// each tap column loaded once and fed to every output row that reads it, so every output's chain is Pixel's.
        /// </summary>
        private static void WriteColumnTiles256(CodeWriter w, Direct.Ctx k, VectorTile t)
        {
            LayerShape v = k.V;
            int ow = v.Output[1], iw = v.Input[1];
            // A tile wider than the row covers it alone, its last vector moved back to the row's end (DirectTiling.VectorColumn).
            int width = DirectTiling.RowTileWidth(t, ow);
            int pad = v.PadBefore[1];
            int stride = v.Stride[1];
            // The input columns a tile of tileWidth columns reads past stride * ox - P: its taps' windows (stride 1), or its
            // column pairs (stride 2); a tile is inside the row when all of them are.
            List<int> pairs = DirectTiling.StridedPairOffsets(v);
            int Reach(int tileWidth) => stride == 1 ? tileWidth - 1 + (v.Kernel[1] - 1) * v.Dilation[1] : 2 * tileWidth - 1 + pairs[pairs.Count - 1];
            int first = stride == 1 ? 0 : Math.Min(0, pairs[0]);
            bool InsideRow(int ox, int tileWidth) => stride * ox - pad + first >= 0 && stride * ox - pad + Reach(tileWidth) <= iw - 1;
            bool clipped = width > ow;
            // Column tiles: every width-th column, the last one moved left to end at the row's end (overlapping the one before),
            // or (a row of whole vectors, stride 1) the last one narrower at its own columns (DirectTiling.LastTileVectors).
            int lastVectors = DirectTiling.LastTileVectors(t, v);
            VectorTile lastTile = t with { Vectors = lastVectors };
            var starts = new List<int>();
            for (int ox = 0; ox < ow; ox += width)
            {
                starts.Add(clipped || lastVectors != t.Vectors ? ox : Math.Min(ox, ow - width));
            }

            int narrowStart = lastVectors != t.Vectors ? starts[starts.Count - 1] : -1;
            // The narrower last tile has its own method (Tile256At{ox}) wherever it lies, so Tile256Inner keeps one width.
            bool Inner(int ox) => ox != narrowStart && InsideRow(ox, width);
            string args = k.ItemArgs + ", oc0, icBase, oy";
            w.Line("/// <summary>");
            w.Line("/// One channel from <paramref name=\"oc0\"/>, rows [from, to) in groups of " + CodeWriter.I(t.Rows) + " (the last group overlapping the one before: same values, written twice),");
            w.Line("/// each group in column tiles of " + CodeWriter.I(width) + " columns" + (narrowStart >= 0 ? " (the last of " + CodeWriter.I(lastTile.Width) + ")" : "") + ", fixed here: " + DescribeStarts(starts, Inner, narrowStart) + ".");
            w.Line("/// </summary>");
            // No software prefetch of the next group's rows: on Zen 3 the hardware prefetcher does better without it (it cost
            // 4-7%: MobileNetV2's 112x112 layer 0.131 -> 0.122 ms, 3x3/2 0.227 -> 0.216, ConvNeXt 0.437 -> 0.416 without).
            KernelParts.RunAttributes(w);
            w.Open("private static void Rows256x1(" + k.ItemParams + ", int oc0, int icBase, int from, int to)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("icBase", k.G.InChannelStride) + ");");
            w.Open("for (int r0 = from; r0 < to; r0 += " + CodeWriter.I(t.Rows) + ")");
            w.Line("int oy = r0 < to - " + CodeWriter.I(t.Rows) + " ? r0 : to - " + CodeWriter.I(t.Rows) + ";");
            for (int i = 0; i < starts.Count;)
            {
                if (!Inner(starts[i]))
                {
                    w.Line("Tile256At" + CodeWriter.I(starts[i]) + "(" + args + ");");
                    i++;
                    continue;
                }

                // A run of inner tiles, width apart: one loop (or one call).
                int j = i;
                while (j + 1 < starts.Count && Inner(starts[j + 1]) && starts[j + 1] == starts[j] + width)
                {
                    j++;
                }

                if (j == i)
                {
                    w.Line("Tile256Inner(" + args + ", " + CodeWriter.I(starts[i]) + ");");
                }
                else
                {
                    w.Line("for (int ox = " + CodeWriter.I(starts[i]) + "; ox <= " + CodeWriter.I(starts[j]) + "; ox += " + CodeWriter.I(width) + ") Tile256Inner(" + args + ", ox);");
                }

                i = j + 1;
            }

            w.Close();
            w.Close();

            // The starts are distinct (each a multiple of the width, the last moved left onto the row's end only past the one before).
            bool anyInner = false;
            foreach (int ox in starts)
            {
                if (Inner(ox))
                {
                    anyInner = true;
                }
                else
                {
                    w.Line();
                    VectorTile tile = ox == narrowStart ? lastTile : t;
                    WriteColumnTile256(w, k, tile, ox, clipped ? ow : int.MaxValue, InsideRow(ox, DirectTiling.RowTileWidth(tile, ow)));
                }
            }

            if (anyInner)
            {
                w.Line();
                WriteColumnTile256(w, k, t, null, int.MaxValue, inside: true);
            }
        }

        private static string DescribeStarts(List<int> starts, System.Func<int, bool> inner, int narrowStart)
        {
            var parts = new List<string>();
            foreach (int ox in starts)
            {
                parts.Add(CodeWriter.I(ox) + (ox == narrowStart ? " (narrower)" : inner(ox) ? "" : " (border)"));
            }

            return "columns " + string.Join(", ", parts);
        }

        /// <summary>
        /// One 256-bit column tile: <c>R</c> rows x <c>V</c> vectors from column <paramref name="start"/> (a constant: a border
        /// tile or the narrower last tile, every load decided here) or from the argument <c>ox</c> (inner tiles,
        /// <paramref name="start"/> null). <paramref name="inside"/>: every column the tile reads lies inside the row.
        /// </summary>
        private static void WriteColumnTile256(CodeWriter w, Direct.Ctx k, VectorTile t, int? start, int clip, bool inside)
        {
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            int rows = t.Rows;
            int kw = v.Kernel[1], dx = v.Dilation[1];
            int ih = v.Input[0];
            int pad = v.PadBefore[1];
            int inputRows = DirectTiling.TileInputRows(v, rows);
            int ow = v.Output[1];
            int width = DirectTiling.RowTileWidth(t, ow);
            string name = start is { } s0 ? "Tile256At" + CodeWriter.I(s0) : "Tile256Inner";
            w.Line("/// <summary>");
            w.Line(start is { } s1
                ? "/// Rows oy..oy + " + CodeWriter.I(rows - 1) + ", columns " + CodeWriter.I(s1) + ".." + CodeWriter.I(s1 + width - 1)
                  + (inside ? " (fixed columns inside the row: plain loads)." : " (a border tile: loads reaching outside the row are masked, or left out with their multiply-adds).")
                : "/// Rows oy..oy + " + CodeWriter.I(rows - 1) + ", columns ox..ox + " + CodeWriter.I(width - 1) + ", inside the row (plain loads).");
            w.Line("/// Weights are broadcast where they are used (keeping 3x3 weights in registers left too few for the tile and measured slower).");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void " + name + "(" + k.ItemParams + ", int oc0, int icBase, int oy" + (start is null ? ", int ox" : "") + ")");
            WriteChannelSetup(w, k, t);
            if (start is null)
            {
                // Loads then address constant offsets from one base (an int index plus a constant would be re-extended per load).
                w.Line("ref float xo = ref At(ref xc, " + KernelGeometry.Lin("ox", v.Stride[1], -pad) + ");");
            }

            WriteAccumulators(w, t, "F32x8");
            for (int u = 0; u < inputRows; u++)
            {
                List<(int Row, int Ky)> feeds = DirectTiling.Feeds(v, rows, u);
                if (feeds.Count == 0)
                {
                    // Between dilated kernel rows: no output row of the tile reads this input row.
                    continue;
                }

                w.Line("// Input row " + KernelGeometry.Lin("oy", v.Stride[0], u - v.PadBefore[0]) + ": feeds " + FeedNames(feeds) + ".");
                w.Open();
                w.Line("int iy = " + KernelGeometry.Lin("oy", v.Stride[0], u - v.PadBefore[0]) + ";");
                w.Open("if ((uint)iy < " + CodeWriter.I(ih) + "u)");
                w.Line("ref float xr = ref At(ref " + (start is null ? "xo" : "xc") + ", " + KernelGeometry.Times("iy", g.InAxisStride[0]) + ");");
                if (v.Stride[1] == 2)
                {
                    WriteStridedRowTaps256(w, v, t, feeds, start);
                    w.Close();
                    w.Close();
                    continue;
                }

                for (int kx = 0; kx < kw; kx++)
                {
                    var loaded = new List<int>();
                    for (int q = 0; q < t.Vectors; q++)
                    {
                        string x = "x" + CodeWriter.I(q) + "_" + CodeWriter.I(kx);
                        int offset = kx * dx + DirectTiling.VectorColumn(t, q, ow);
                        string? load = ColumnLoad256(start, offset, v);
                        w.Line(load is null ? "// " + x + ": " + OutsideRow(start, offset, v) : "F32x8 " + x + " = " + load + ";");
                        if (load is not null)
                        {
                            loaded.Add(q);
                        }
                    }

                    if (loaded.Count == 0)
                    {
                        continue;
                    }

                    foreach ((int r, int ky) in feeds)
                    {
                        string weight = WeightName(ky, kx);
                        w.Line("F32x8 " + weight + " = Vec256.Create(At(ref wo, " + CodeWriter.I(ky * kw + kx) + "));");

                        foreach (int q in loaded)
                        {
                            w.Line(Acc(r, q) + " = Vec256.FusedMultiplyAdd(" + weight + ", x" + CodeWriter.I(q) + "_" + CodeWriter.I(kx) + ", " + Acc(r, q) + ");");
                        }
                    }
                }

                w.Close();
                w.Close();
            }

            WriteRowEpilogues(w, k, t, "Vec256", "F32x8", start is { } s2 ? CodeWriter.I(s2) : "ox", clip,
                v.Stride[1] == 2 ? Rt + "VectorLanes.FromPairedOrder256" : null, q => DirectTiling.VectorColumn(t, q, ow));
            w.Close();
        }

        /// <summary>
        /// The load of the 8 input columns from <paramref name="offset"/> past the tile's first input column
        /// (<c>stride * ox - P</c>): relative to <c>xo</c> in an inner tile; decided here in a border tile (a plain load,
        /// a masked load with a constant mask, or null when all 8 columns lie outside the row).
        /// </summary>
        private static string? ColumnLoad256(int? start, int offset, LayerShape v)
        {
            int iw = v.Input[1];
            if (start is null)
            {
                return "Vec256.LoadUnsafe(ref At(ref xr, " + CodeWriter.I(offset) + "))";
            }

            return KernelParts.ColumnLoad256("xr", BorderColumn(start.Value, offset, v), iw);
        }

        /// <summary>The input column of a border tile at output column <paramref name="start"/>, <paramref name="offset"/> past its first: <c>stride x start - P + offset</c>.</summary>
        private static int BorderColumn(int start, int offset, LayerShape v) => start * v.Stride[1] - v.PadBefore[1] + offset;

        private static string OutsideRow(int? start, int offset, LayerShape v)
        {
            int column = BorderColumn(start!.Value, offset, v);
            return "columns " + CodeWriter.I(column) + ".." + CodeWriter.I(column + 7) + " lie outside the row (zero padding): no load, no multiply-add.";
        }

        /// <summary>
        /// One input row of a stride-2 column tile, per column pair (<see cref="DirectTiling.StridedPairOffsets"/>): the
        /// weights of the pair's taps for the rows this input row feeds, broadcast once; then per output vector q the 16
        /// columns from <c>16 q + e</c>, loaded once and split into their even (<c>ev</c>) and odd (<c>od</c>) lanes in
        /// paired order, each feeding its tap's multiply-add for every fed row. So each output's chain gets the pair's taps in
        /// kx order, and the V vectors' chains are independent (a tile of one vector per row waited on its chains:
        /// 21 GFLOP/s on MobileNetV2's stride-2 layer). Vectors whose 16 columns lie outside the row are left out with
        /// their multiply-adds.
        /// </summary>
        private static void WriteStridedRowTaps256(CodeWriter w, LayerShape v, VectorTile t, List<(int Row, int Ky)> feeds, int? start)
        {
            int kw = v.Kernel[1], dx = v.Dilation[1];
            foreach (int e in DirectTiling.StridedPairOffsets(v))
            {
                var taps = new List<int>();
                for (int kx = 0; kx < kw; kx++)
                {
                    if (DirectTiling.StridedPair(v, kx).Offset == e)
                    {
                        taps.Add(kx);
                    }
                }

                var present = new List<(int Q, string? A, string? B)>();
                for (int q = 0; q < t.Vectors; q++)
                {
                    int offset = 16 * q + e;
                    string? a = ColumnLoad256(start, offset, v), b = ColumnLoad256(start, offset + 8, v);
                    if (a is null && b is null)
                    {
                        w.Line("// Vector " + CodeWriter.I(q) + ", pair " + CodeWriter.I(e) + ": " + OutsideRow(start, offset, v) + " (and the next 8)");
                        continue;
                    }

                    present.Add((q, a, b));
                }

                if (present.Count == 0)
                {
                    continue;
                }

                var weights = new List<string>();
                foreach ((int r, int ky) in feeds)
                {
                    foreach (int kx in taps)
                    {
                        weights.Add(WeightName(ky, kx) + " = Vec256.Create(At(ref wo, " + CodeWriter.I(ky * kw + kx) + "))");
                    }
                }

                w.Line("// Column pair " + CodeWriter.I(e) + ": taps kx " + string.Join(", ", taps.ConvertAll(x => CodeWriter.I(x))) + ".");
                w.Line("F32x8 " + string.Join(", ", weights) + ";");
                foreach ((int q, string? a, string? b) in present)
                {
                    w.Open();
                    w.Line("F32x8 a = " + (a ?? "F32x8.Zero") + ", b = " + (b ?? "F32x8.Zero") + ";");
                    foreach (int kx in taps)
                    {
                        bool even = DirectTiling.StridedPair(v, kx).Even;
                        string x = even ? "ev" : "od";
                        w.Line("F32x8 " + x + " = " + Rt + "VectorLanes." + (even ? "Even" : "Odd") + "LanesPaired256(a, b);");
                        foreach ((int r, int ky) in feeds)
                        {
                            w.Line(Acc(r, q) + " = Vec256.FusedMultiplyAdd(" + WeightName(ky, kx) + ", " + x + ", " + Acc(r, q) + ");");
                        }
                    }

                    w.Close();
                }
            }
        }

        /// <summary>
        /// The stride-2 row tile (<see cref="DirectTiling.ChooseStridedDepthwiseRows"/>, 512-bit): R output rows x the whole
        /// output row of one channel. Per input row and vector q, one 32-column load split into even and odd columns
        /// (<c>e{q}</c>, <c>o{q}</c>: input columns <c>32 q + 2 j</c> and <c>32 q + 2 j + 1</c> in lane j); tap kx of output
        /// column <c>16 q + j</c> reads column <c>32 q + 2 j + d</c>, d = kx - P: the even (d even) or odd vector shifted by
        /// floor(d / 2) lanes, the lane shifted in taken from the neighbouring vector (zero left of the row).
        /// </summary>
        private static void WriteStridedRows(CodeWriter w, Direct.Ctx k, VectorTile t)
        {
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            int rows = t.Rows, vectors = t.Vectors;
            int kw = v.Kernel[1], sy = v.Stride[0];
            int ow = v.Output[1], iw = v.Input[1], ih = v.Input[0];
            int pad = v.PadBefore[1];
            int inputRows = DirectTiling.TileInputRows(v, rows);
            // The vectors of phases a row needs: q - 1 for taps shifted left, q + 1 for taps shifted right.
            bool left = pad > 0, right = kw - 1 - pad >= 2;
            int lastPhase = vectors - 1 + (right ? 1 : 0);
            w.Line("/// <summary>");
            w.Line("/// One channel from <paramref name=\"oc0\"/>, rows [from, to) in tiles of " + CodeWriter.I(rows) + " rows x the whole row (" + CodeWriter.I(vectors) + " vectors, "
                + CodeWriter.I(rows * vectors) + " accumulators), stride 2: each of the tile's " + CodeWriter.I(inputRows) + " input rows is loaded once, split into its even and odd");
            w.Line("/// columns, and feeds every output row that reads it; tap kx of column ox reads input column 2 ox + kx - " + CodeWriter.I(pad) + ", the even or odd vector shifted by at most");
            w.Line("/// one lane. The last row group overlaps the one before (same values, written twice)" + (vectors * 16 > ow ? "; stores stop at the row's end (" + CodeWriter.I(ow) + " columns)." : "."));
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            WriteTileStart(w, k, t, "Vec512", "F32x16", hoist: true);
            WriteAccumulators(w, t, "F32x16");
            for (int u = 0; u < inputRows; u++)
            {
                List<(int Row, int Ky)> feeds = DirectTiling.Feeds(v, rows, u);
                int rowOffset = u - v.PadBefore[0];
                w.Line("// Input row " + KernelGeometry.Lin("oy", sy, rowOffset) + ": feeds " + FeedNames(feeds) + ".");
                w.Open();
                w.Line("int iy = " + KernelGeometry.Lin("oy", sy, rowOffset) + ";");
                w.Open("if ((uint)iy < " + CodeWriter.I(ih) + "u)");
                w.Line("ref float xr = ref At(ref xc, " + KernelGeometry.Times("iy", g.InAxisStride[0]) + ");");
                if (left)
                {
                    // The phases left of the row (the zero padding) that a tap shifted left reads: even for d = -2, odd for d = -1.
                    var zeros = new List<string>();
                    if (-pad <= -2)
                    {
                        zeros.Add("e_1 = F32x16.Zero");
                    }

                    zeros.Add("o_1 = F32x16.Zero");
                    w.Line("F32x16 " + string.Join(", ", zeros) + "; // left of the row: the zero padding");
                }

                // Phase vectors are loaded just before the first taps that read them: q + 1 ahead of vector q's taps.
                WritePhaseLoad(w, 0, iw);
                for (int q = 0; q < vectors; q++)
                {
                    if (q + 1 <= lastPhase)
                    {
                        WritePhaseLoad(w, q + 1, iw);
                    }

                    for (int kx = 0; kx < kw; kx++)
                    {
                        int d = kx - pad;
                        int shift = d >> 1;
                        string phase = (d & 1) == 0 ? "e" : "o";
                        string source = shift == 0
                            ? phase + CodeWriter.I(q)
                            : shift < 0
                                ? Rt + "VectorLanes.PreviousLane512(" + phase + CodeWriter.I(q) + ", " + phase + (q == 0 ? "_1" : CodeWriter.I(q - 1)) + ")"
                                : Rt + "VectorLanes.NextLane512(" + phase + CodeWriter.I(q) + ", " + phase + CodeWriter.I(q + 1) + ")";
                        w.Open();
                        w.Line("F32x16 x = " + source + "; // tap kx " + CodeWriter.I(kx) + " of columns " + CodeWriter.I(16 * q) + ".." + CodeWriter.I(16 * q + 15));
                        foreach ((int r, int ky) in feeds)
                        {
                            w.Line(Acc(r, q) + " = Vec512.FusedMultiplyAdd(" + WeightName(ky, kx) + ", x, " + Acc(r, q) + ");");
                        }

                        w.Close();
                    }
                }

                w.Close();
                w.Close();
            }

            WriteRowEpilogues(w, k, t, "Vec512", "F32x16", "0", vectors * 16 > ow ? ow : int.MaxValue);
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The start of a row-tile method, common to both strides: the lane buffer for scalar activations, the channel's
        /// weights and input plane, its epilogue constants, the weights broadcast once when hoisted, and the loop over the
        /// item's rows in groups of <c>t.Rows</c> (the last group overlapping the one before).
        /// </summary>
        private static void WriteTileStart(CodeWriter w, Direct.Ctx k, VectorTile t, string vec, string vt, bool hoist)
        {
            LayerShape v = k.V;
            int kh = v.Kernel[0], kw = v.Kernel[1], rows = t.Rows;
            w.Open("private static void Rows" + CodeWriter.I(t.Bits) + "x1(" + k.ItemParams + ", int oc0, int icBase, int from, int to)");
            WriteChannelSetup(w, k, t);
            if (hoist)
            {
                w.Line("// The " + CodeWriter.I(kh * kw) + " weights, broadcast once.");
                for (int ky = 0; ky < kh; ky++)
                {
                    var decl = new List<string>();
                    for (int kx = 0; kx < kw; kx++)
                    {
                        decl.Add(WeightName(ky, kx) + " = " + vec + ".Create(At(ref wo, " + CodeWriter.I(ky * kw + kx) + "))");
                    }

                    w.Line(vt + " " + string.Join(", ", decl) + ";");
                }
            }

            w.Open("for (int r0 = from; r0 < to; r0 += " + CodeWriter.I(rows) + ")");
            w.Line("int oy = r0 < to - " + CodeWriter.I(rows) + " ? r0 : to - " + CodeWriter.I(rows) + ";");
        }

        /// <summary>
        /// The start of every row-tile method body: the lane buffer for scalar activations, the channel's weights <c>wo</c>
        /// and input plane <c>xc</c>, and its epilogue constants.
        /// </summary>
        private static void WriteChannelSetup(CodeWriter w, Direct.Ctx k, VectorTile t)
        {
            if (!k.VectorActivation)
            {
                w.Line("global::System.Span<float> laneBuffer = stackalloc float[" + CodeWriter.I(t.Lanes) + "];");
                w.Line("ref float lanes = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(laneBuffer);");
            }

            w.Line("ref float wo = ref At(ref w, " + KernelGeometry.Times("oc0", k.Cg * k.Kk) + ");");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("icBase", k.G.InChannelStride) + ");");
            KernelParts.WriteChannelConstants(w, k.V, 1);
        }

        /// <summary>The tile's accumulators, <c>s{row}_{vector}</c>, zeroed.</summary>
        private static void WriteAccumulators(CodeWriter w, VectorTile t, string vt)
        {
            for (int r = 0; r < t.Rows; r++)
            {
                var decl = new List<string>();
                for (int q = 0; q < t.Vectors; q++)
                {
                    decl.Add(Acc(r, q) + " = " + vt + ".Zero");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
            }
        }

        private static string FeedNames(List<(int Row, int Ky)> feeds)
        {
            var names = new List<string>();
            foreach ((int r, int ky) in feeds)
            {
                names.Add("row " + CodeWriter.I(r) + " (ky " + CodeWriter.I(ky) + ")");
            }

            return string.Join(", ", names);
        }

        /// <summary>
        /// Each output row's epilogue and store, at column <paramref name="column"/> of row <c>oy + r</c>; <paramref name="clip"/>
        /// is the row width when the tile is wider than the row (stores stop there).
        /// </summary>
        private static void WriteRowEpilogues(CodeWriter w, Direct.Ctx k, VectorTile t, string vec, string vt, string column, int clip, string? reorder = null, System.Func<int, int>? vectorColumn = null)
        {
            for (int r = 0; r < t.Rows; r++)
            {
                w.Open();
                var copy = new List<string>();
                for (int q = 0; q < t.Vectors; q++)
                {
                    copy.Add("a0_" + CodeWriter.I(q) + " = " + (reorder is null ? Acc(r, q) : reorder + "(" + Acc(r, q) + ")"));
                }

                w.Line(vt + " " + string.Join(", ", copy) + ";");
                Direct.WriteVectorEpilogue(w, k, t with { Rows = 1 }, 1, vec, vt,
                    KernelGeometry.Sum(KernelGeometry.Times(KernelGeometry.Lin("oy", 1, r), k.G.OutAxisStride[0]), column), clip, vectorColumn);
                w.Close();
            }
        }

        /// <summary>Even and odd columns of input columns [32 q, 32 q + 32): a plain load where they are inside the row, masked (zero outside) where not.</summary>
        private static void WritePhaseLoad(CodeWriter w, int q, int iw)
        {
            string n = CodeWriter.I(q);
            int column = 32 * q;
            w.Line("F32x16 e" + n + ", o" + n + ";");
            if (column + 32 <= iw)
            {
                w.Line(Rt + "VectorLoads.LoadEvenOdd512(ref At(ref xr, " + CodeWriter.I(column) + "), out e" + n + ", out o" + n + ");");
            }
            else
            {
                w.Line(Rt + "VectorLoads.MaskLoadEvenOdd512(ref xr, " + CodeWriter.I(column) + ", " + CodeWriter.I(iw) + ", out e" + n + ", out o" + n + "); // columns from " + CodeWriter.I(iw) + " read zero");
            }
        }

        private static string Acc(int r, int q) => "s" + CodeWriter.I(r) + "_" + CodeWriter.I(q);

        private static string WeightName(int ky, int kx) => "w" + CodeWriter.I(ky) + "_" + CodeWriter.I(kx);

        /// <summary>
        /// The tap columns of one input row: load the vectors once, then one FMA per fed
        /// output row and vector. Up to 9 taps the columns are unrolled; wider windows loop over them (unrolled they make
        /// a method too large for the JIT to optimise).
        /// </summary>
        private static void WriteRowTaps(CodeWriter w, VectorTile t, List<(int Row, int Ky)> feeds, string vec, string vt, int kw, int dx, int iw, bool hoist, bool masked, bool hoistedMasks = false)
        {
            bool unroll = hoist || kw <= 3 || kw * feeds.Count <= 9 || hoistedMasks;
            int taps = unroll ? kw : 1;
            if (!unroll)
            {
                w.Open("for (int kx = 0; kx < " + CodeWriter.I(kw) + "; kx++)");
            }

            for (int tap = 0; tap < taps; tap++)
            {
                string kx = unroll ? CodeWriter.I(tap) : "kx";
                string name = unroll ? CodeWriter.I(tap) : "k";
                for (int q = 0; q < t.Vectors; q++)
                {
                    string column = unroll
                        ? KernelGeometry.Sum("ix", CodeWriter.I((long)tap * dx + (long)q * t.Lanes))
                        : KernelGeometry.Sum("ix", KernelGeometry.Times("kx", dx), CodeWriter.I((long)q * t.Lanes));
                    string load = KernelParts.RowLoad(t.Bits, "xr", column, iw, stride2: false, masked, hoistedMasks ? "m" + CodeWriter.I(tap) : null);
                    w.Line(vt + " x" + CodeWriter.I(q) + "_" + name + " = " + load + ";");
                }

                foreach ((int r, int ky) in feeds)
                {
                    string weight = hoist ? WeightName(ky, tap) : "b";
                    if (!hoist)
                    {
                        w.Line("{");
                        w.Line("    " + vt + " b = " + vec + ".Create(At(ref wo, " + KernelGeometry.Sum(CodeWriter.I((long)ky * kw), kx) + "));");
                    }

                    for (int q = 0; q < t.Vectors; q++)
                    {
                        w.Line((hoist ? "" : "    ") + Acc(r, q) + " = " + vec + ".FusedMultiplyAdd(" + weight + ", x" + CodeWriter.I(q) + "_" + name + ", " + Acc(r, q) + ");");
                    }

                    if (!hoist)
                    {
                        w.Line("}");
                    }
                }
            }

            if (!unroll)
            {
                w.Close();
            }
        }

    }
}
