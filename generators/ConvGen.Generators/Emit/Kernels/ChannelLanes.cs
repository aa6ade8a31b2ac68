using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Direct convolution with output channels on the vector lanes (see <see cref="ChannelLaneTiling"/>). Parts: Run
    /// (packs the weights into this thread's scratch for the vector paths, then items), RunPacked (weights packed by
    /// PackWeights: the PyTorch-layout copy for the scalar path, then the blocks), Item{512,256} (one block of
    /// 48 or 64 output channels (<see cref="ChannelLaneTiling.BlockChannels"/>) over a chunk of output rows), Tile{bits}_{n} (one
    /// tile position class of a row: R pixels x the block's channels, taps in the padding left out, accumulators left in a
    /// row buffer), StoreRow{512,256} (NCHW: the row buffer transposed 16x16 or 8x8 into the output row; NHWC: the row
    /// buffer is already in channels-last order and leaves a vector of channels per pixel, no transpose; the epilogue in
    /// registers either way), and the direct family's scalar path.
    /// Each output is one fused multiply-add chain over (input channel, kernel row, kernel column) in order, the chain
    /// of the scalar Pixel, so every ISA and thread count gives the same bits.
    /// </summary>
    internal static class ChannelLanes
    {
        private const string Rt = "global::ConvGen.";
        private const string NullRef = KernelParts.NullRef;

        /// <summary>One tile position of a row: its first column, its width, and whether it needs a method of its own.</summary>
        internal readonly record struct Position(int Start, int Width, bool Interior);

        public static void Emit(CodeWriter w, LayerPlan plan, KernelGeometry g, string className)
        {
            // A pointwise layer's pixels regrouped into rows its tiles split best (the same bits; ChannelLaneTiling.View).
            LayerShape s = ChannelLaneTiling.View(plan.Shape);
            if (!ReferenceEquals(s, plan.Shape))
            {
                g = new KernelGeometry(s);
            }

            int block = ChannelLaneTiling.BlockChannels(s);
            VectorTile t512 = plan.Kernel!.Tile512!;
            VectorTile t256 = plan.Kernel.Tile256!;
            int blocks = ChannelLaneTiling.Blocks(s), chunks = ChannelLaneTiling.Chunks(s);
            int items = blocks * chunks;
            KernelParts.OpenClass(w, plan, className);
            KernelParts.WriteBlockedRuns(w, plan, s, BlockedWeights.Of(s, KernelFamily.ChannelLanes)!.Value, items, items, s.OutChannels);
            w.Line();
            if (s.Kind == LayerKind.ConvTranspose)
            {
                TransposedGather.WriteScalarPath(w, plan, g);
            }
            else
            {
                Direct.WriteScalarPath(w, plan);
            }
            foreach (VectorTile t in new[] { t512, t256 })
            {
                List<Position> positions = Positions(s, t.Channels);
                w.Line();
                WriteItem(w, s, g, t, positions);
                // (A layer of one block that ends in a tail tile may have no 2-vector 256-bit tile left to call.)
                foreach ((int first, int _) in t.Bits == 512 || TwoVectorTiles256(s) ? PositionRuns(positions) : new List<(int, int)>())
                {
                    w.Line();
                    WriteTile(w, s, g, t, positions[first], TileName(t, positions, first), Sliced(s, t));
                }
            }

            if (ChannelLaneTiling.TailTile256(s) is VectorTile tail)
            {
                List<Position> positions = Positions(s, tail.Channels);
                foreach ((int first, int _) in PositionRuns(positions))
                {
                    w.Line();
                    WriteTile(w, s, g, tail, positions[first], TileName(tail, positions, first, TailKind), Sliced(s, t256));
                }
            }

            foreach (VectorTile t in new[] { t512, t256 })
            {
                w.Line();
                WriteStore(w, s, g, t);
            }
            if (s.BatchNorm)
            {
                w.Line();
                KernelParts.WriteBatchNormHelpers(w, s);
            }

            w.Close();
        }

        /// <summary>
        /// The tiles of one output row: widths of R pixels (the last narrower). A tile is interior when every tap of every
        /// pixel reads inside the row; interior tiles share one method, the others (the borders) get one each.
        /// </summary>
        internal static List<Position> Positions(LayerShape s, int r)
        {
            var list = new List<Position>();
            int a = s.Rank - 1;
            for (int start = 0; start < s.Output[a]; start += r)
            {
                int width = System.Math.Min(r, s.Output[a] - start);
                bool inside = true;
                for (int p = 0; p < width && inside; p++)
                {
                    for (int kw = 0; kw < s.Kernel[a] && inside; kw++)
                    {
                        // A transposed layer's taps of other phases read nothing, inside or not.
                        inside = !ChannelLaneTiling.ColumnTap(s, start + p, kw, out _) || ColumnInside(s, start + p, kw);
                    }
                }

                list.Add(new Position(start, width, inside && width == r));
            }

            return list;
        }

        /// <summary>
        /// The row's tile positions as runs, each with the index of its first and last position: a border position alone,
        /// consecutive interior positions together (one method, called in a loop over their columns).
        /// </summary>
        internal static List<(int First, int Last)> PositionRuns(List<Position> positions)
        {
            var runs = new List<(int, int)>();
            for (int i = 0; i < positions.Count; i++)
            {
                int last = i;
                while (positions[i].Interior && last + 1 < positions.Count && positions[last + 1].Interior)
                {
                    last++;
                }

                runs.Add((i, last));
                i = last;
            }

            return runs;
        }

        /// <summary>Opens the loop over an item's output rows <c>[from, to)</c>: 3-D rows are (plane, row) pairs, a 1-D layer has one row.</summary>
        internal static void OpenRowLoop(CodeWriter w, LayerShape s, string from = "from", string to = "to")
        {
            string v = RowVariable(s);
            if (s.Rank == 3)
            {
                w.Open("for (int row = " + from + "; row < " + to + "; row++)");
                w.Line("int od = row / " + CodeWriter.I(s.Output[1]) + ", oy = row - od * " + CodeWriter.I(s.Output[1]) + ";");
            }
            else if (s.Rank == 2)
            {
                w.Open("for (int " + v + " = " + from + "; " + v + " < " + to + "; " + v + "++)");
            }
            else
            {
                w.Line("// A 1-D layer has one output row: the whole signal.");
                w.Open("for (int row = " + from + "; row < " + to + "; row++)");
            }
        }

        /// <summary>The row loop's variable (<see cref="OpenRowLoop"/>): <c>oy</c> in 2-D, <c>row</c> otherwise.</summary>
        private static string RowVariable(LayerShape s) => s.Rank == 2 ? "oy" : "row";

        /// <summary>
        /// A leading axis' first input index (<c>iy0</c>, <c>id0</c>) for the tile's output row, and with
        /// <paramref name="skipPadding"/> the range of kernel indices whose input row or plane exists (<c>khFrom</c>, <c>khTo</c>):
        /// the zero padding's rows are left out of the loop.
        /// </summary>
        internal static void WriteLeadStart(CodeWriter w, LayerShape s, int d, bool skipPadding)
        {
            var lead = LeadNames(s);
            int k = s.Kernel[d], inSize = s.Input[d], dil = s.Dilation[d];
            string i0 = lead[d].In, kv = lead[d].K;
            w.Line("int " + i0 + " = " + KernelGeometry.Lin(lead[d].Out, s.Stride[d], -s.PadBefore[d]) + ";");
            if (!skipPadding)
            {
                return;
            }

            w.Line("// Kernel " + (d == lead.Length - 1 ? "rows" : "planes") + " whose input " + (d == lead.Length - 1 ? "row" : "plane") + " exists: " + KernelGeometry.Sum(i0, KernelGeometry.Times(kv, dil)) + " in [0, " + CodeWriter.I(inSize) + ").");
            w.Line("int " + kv + "From = " + i0 + " >= 0 ? 0 : " + (dil == 1 ? "-" + i0 : "(-" + i0 + " + " + CodeWriter.I(dil - 1) + ") / " + CodeWriter.I(dil)) + ";");
            w.Line("int " + kv + "To = " + i0 + " >= " + CodeWriter.I(inSize) + " ? 0 : global::System.Math.Min(" + CodeWriter.I(k) + ", " + (dil == 1 ? CodeWriter.I(inSize) + " - " + i0 : "(" + CodeWriter.I(inSize - 1) + " - " + i0 + ") / " + CodeWriter.I(dil) + " + 1") + ");");
        }

        /// <summary>
        /// A transposed layer's leading axis <paramref name="d"/>: the output row's kernel rows (planes) are those of its phase,
        /// <c>k</c> with <c>(o + P - k D) mod S == 0</c>, whose input row <c>(o + P - k D) / S</c> exists. They form the run
        /// <c>kFrom, kFrom + step, ... &lt; kTo</c> (<see cref="TransposedKernelStep"/>), found once per tile (empty: the tile's
        /// outputs keep their chains).
        /// </summary>
        internal static void WriteTransposedLeadStart(CodeWriter w, LayerShape s, int d)
        {
            var lead = LeadNames(s);
            int k = s.Kernel[d], stride = s.Stride[d], dil = s.Dilation[d];
            string i0 = lead[d].In, kv = lead[d].K;
            w.Line("int " + i0 + " = " + KernelGeometry.Sum(lead[d].Out, CodeWriter.I(s.PadBefore[d])) + ";");
            w.Line("// Kernel " + (d == lead.Length - 1 ? "rows" : "planes") + " of this output " + (d == lead.Length - 1 ? "row" : "plane") + "'s phase whose input exists: (" + i0 + " - " + KernelGeometry.Times(kv, dil)
                + ")" + (stride == 1 ? "" : " / " + CodeWriter.I(stride) + ", exact,") + " in [0, " + CodeWriter.I(s.Input[d]) + ").");
            w.Line("int " + kv + "From = 0, " + kv + "To = 0;");
            w.Open("for (int kq = 0; kq < " + CodeWriter.I(k) + "; kq++)");
            w.Line("int tq = " + i0 + " - " + KernelGeometry.Times("kq", dil) + ";");
            w.Line("if (tq >= 0 && tq < " + CodeWriter.I((long)s.Input[d] * stride) + (stride == 1 ? "" : " && tq % " + CodeWriter.I(stride) + " == 0") + ") { if (" + kv + "To == 0) { " + kv + "From = kq; } " + kv + "To = kq + 1; }");
            w.Close();
        }

        /// <summary>The distance between consecutive kernel taps of one phase on axis <paramref name="d"/>: <c>S / gcd(S, D)</c>.</summary>
        internal static int TransposedKernelStep(LayerShape s, int d)
        {
            int a = s.Stride[d], b = s.Dilation[d];
            while (b != 0)
            {
                (a, b) = (b, a % b);
            }

            return s.Stride[d] / a;
        }

        /// <summary>True when tap <paramref name="kw"/> of output column <paramref name="ox"/> reads a column inside the input row (<see cref="ChannelLaneTiling.ColumnTap"/>).</summary>
        internal static bool ColumnInside(LayerShape s, int ox, int kw)
            => ChannelLaneTiling.ColumnTap(s, ox, kw, out long ix) && ix >= 0 && ix < s.Input[s.Rank - 1];

        internal static string TileName(VectorTile t, List<Position> positions, int i, string kind = "Tile")
        {
            int index = 0;
            for (int j = 0; j < i; j++)
            {
                if (!(positions[j].Interior && j > 0 && positions[j - 1].Interior))
                {
                    index++;
                }
            }

            if (positions[i].Interior)
            {
                int first = i;
                while (first > 0 && positions[first - 1].Interior)
                {
                    first--;
                }

                index = 0;
                for (int j = 0; j < first; j++)
                {
                    if (!(positions[j].Interior && j > 0 && positions[j - 1].Interior))
                    {
                        index++;
                    }
                }
            }

            return kind + CodeWriter.I(t.Bits) + "_" + CodeWriter.I(index);
        }

        /// <summary>True when the 256-bit path calls its 2-vector tiles: unless the layer is one block whose only sub-blocks are its tail tile's.</summary>
        private static bool TwoVectorTiles256(LayerShape s)
            => ChannelLaneTiling.TailTile256(s) is null || ChannelLaneTiling.Blocks(s) > 1 || ChannelLaneTiling.LastBlockChannels(s) > ChannelLaneTiling.WeightSubBlock + 8;

        /// <summary>The name of the tail tiles' methods: TailTile256_{index}.</summary>
        private const string TailKind = "TailTile";

        /// <summary>True for the 256-bit tail tile (<see cref="ChannelLaneTiling.TailTile256"/>): the only 256-bit channel-lane tile of 3 vectors.</summary>
        private static bool IsTail(VectorTile t) => t.Bits == 256 && t.Vectors == 3;

        private static void WriteItem(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t, List<Position> positions)
        {
            int size = ChannelLaneTiling.BlockChannels(s);
            int blocks = ChannelLaneTiling.Blocks(s), chunks = ChannelLaneTiling.Chunks(s);
            int rows = ChannelLaneTiling.Rows(s);
            string bits = CodeWriter.I(t.Bits);
            int subBlocks = size / (t.Vectors * t.Lanes);
            string rn = s.Residual ? ", ref rn" : "";
            w.Line("/// <summary>One item, " + bits + "-bit: output channels [" + CodeWriter.I(size) + " block, " + CodeWriter.I(size) + " (block + 1)) of batch item <c>n</c>, output rows of chunk <c>chunk</c> of " + CodeWriter.I(chunks) + ".</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Item" + bits + "(" + KernelParts.ItemParams(s) + ")");
            w.Line("int n = item / " + CodeWriter.I(blocks * chunks) + ";");
            w.Line("int r = item - n * " + CodeWriter.I(blocks * chunks) + ";");
            w.Line("int block = r / " + CodeWriter.I(chunks) + ", chunk = r - block * " + CodeWriter.I(chunks) + ";");
            w.Line("int from = chunk * " + CodeWriter.I(rows) + " / " + CodeWriter.I(chunks) + ", to = (chunk + 1) * " + CodeWriter.I(rows) + " / " + CodeWriter.I(chunks) + ";");
            KernelParts.WriteItemBases(w, s, g);
            w.Line("ref float wb = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, (nint)block * " + CodeWriter.I((long)s.InChannels * s.KernelSpatial * size) + ");");
            w.Line("int ocBase = block * " + CodeWriter.I(size) + ", ocCount = global::System.Math.Min(" + CodeWriter.I(size) + ", " + CodeWriter.I(s.OutChannels) + " - ocBase);");
            w.Line("// The tiles of a row leave their accumulators in the row buffer (pixel x, channel j at x * " + CodeWriter.I(size) + " + j, " + CodeWriter.I(RowPixels(s, t)) + " pixels: whole");
            w.Line(s.Layout == TensorLayout.Nhwc
                ? "// groups of " + CodeWriter.I(t.Lanes) + "); StoreRow" + bits + " stores each pixel's channels as vectors into the NHWC output (already in its order), with the epilogue in registers."
                : "// groups of " + CodeWriter.I(t.Lanes) + "); StoreRow" + bits + " transposes it " + CodeWriter.I(t.Lanes) + "x" + CodeWriter.I(t.Lanes) + " at a time into the NCHW row, with the epilogue in registers.");
            int group = t.Bits == 256 ? ChannelLaneTiling.RowGroup256(s) : 1;
            long rowBuffer = (long)RowPixels(s, t) * size;
            if (group > 1)
            {
                w.Line("// Rows in groups of " + CodeWriter.I(group) + ", each with its own row buffer (" + CodeWriter.I(rowBuffer) + " floats apart): every input-channel slice runs over the whole");
                w.Line("// group, so the block's weights (" + CodeWriter.I(ChannelLaneTiling.BlockWeightBytes(s) / 1024) + " KiB, more than an AVX2 core's L2) stream once per group, not once per row.");
                w.Line("ref float rbs = ref " + KernelParts.ScratchAt(w, 1, rowBuffer * group) + ";");
            }
            else
            {
                w.Line("ref float rb = ref " + KernelParts.ScratchAt(w, 1, rowBuffer) + ";");
            }

            w.Line("global::System.Span<float> transposed = stackalloc float[" + CodeWriter.I(t.Lanes * t.Lanes) + "];");
            w.Line("ref float tt = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(transposed);");
            if (s.BatchNorm)
            {
                w.Line("// Batch-norm scale and shift of the block's channels, once per item: scale j at j, shift j at " + CodeWriter.I(size) + " + j.");
                w.Line("global::System.Span<float> folded = stackalloc float[" + CodeWriter.I(2 * size) + "];");
                w.Line("ref float bn = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(folded);");
                w.Open("for (int j = 0; j < ocCount; j++)");
                w.Line("float scale = Scale(ref gamma, ref runningVar, ocBase + j);");
                w.Line("At(ref bn, j) = scale;");
                w.Line("At(ref bn, " + CodeWriter.I(size) + " + j) = Shift(ref beta, ref runningMean, scale, ocBase + j);");
                w.Close();
            }

            // A row of the group with its own buffer, rb (RowGroup256).
            void OpenGroupRow()
            {
                OpenRowLoop(w, s, "g0", "g1");
                w.Line("ref float rb = ref At(ref rbs, (" + RowVariable(s) + " - g0) * " + CodeWriter.I(rowBuffer) + ");");
            }

            if (group > 1)
            {
                w.Open("for (int g0 = from; g0 < to; g0 += " + CodeWriter.I(group) + ")");
                w.Line("int g1 = global::System.Math.Min(g0 + " + CodeWriter.I(group) + ", to);");
            }
            else
            {
                OpenRowLoop(w, s);
            }

            bool sliced = Sliced(s, t);
            if (t.Bits == 256)
            {
                int slice = ChannelLaneTiling.InputSlice256(s);
                if (sliced)
                {
                    // (RowGroup256 groups rows only where the input channels are sliced.)
                    w.Line("// Input channels in slices of " + CodeWriter.I(slice) + ": one sub-block's weights for a slice and the slice's input rows stay in L1 while");
                    w.Line(group > 1
                        ? "// every tile of the group's rows uses them; each tile continues the chains its previous slice left in its row's buffer."
                        : "// every tile of the row uses them; each tile continues the chains its previous slice left in the row buffer.");
                    w.Open("for (int ic0 = 0; ic0 < " + CodeWriter.I(s.InChannels) + "; ic0 += " + CodeWriter.I(slice) + ")");
                    w.Line("int ic1 = global::System.Math.Min(ic0 + " + CodeWriter.I(slice) + ", " + CodeWriter.I(s.InChannels) + ");");
                }
                else
                {
                    w.Line("// Sub-block by sub-block: a sub-block's weights stay in L1 while every tile of the row uses them.");
                }

                int lastBlock = ChannelLaneTiling.LastBlockChannels(s);
                // The tail tiles (ChannelLaneTiling.TailTile256): the last block's last full sub-block and the half one after it.
                VectorTile? tail = ChannelLaneTiling.TailTile256(s);
                int tailFirst = tail is null ? -1 : lastBlock / ChannelLaneTiling.WeightSubBlock * ChannelLaneTiling.WeightSubBlock - ChannelLaneTiling.WeightSubBlock;
                List<Position>? tailPositions = tail is null ? null : Positions(s, tail.Channels);

                // One sub-block's tile calls over the row (over each row of a row group: this sub-block's slice of weights
                // stays in L1 across the group's rows).
                void Calls(VectorTile tile, List<Position> at, string? sub, string kind)
                {
                    if (group > 1)
                    {
                        OpenGroupRow();
                    }

                    WriteTileCalls(w, s, tile, at, sub, sliced, kind);
                    if (group > 1)
                    {
                        w.Close();
                    }
                }

                for (int sb = 0; sb < subBlocks; sb++)
                {
                    int first = sb * t.Vectors * t.Lanes;
                    if (tail is not null && first == tailFirst)
                    {
                        string what = "channels " + CodeWriter.I(first) + ".." + CodeWriter.I(lastBlock - 1) + " (sub-block " + CodeWriter.I(sb) + " and half of the next) in tail tiles of " + CodeWriter.I(tail.Channels) + " pixels x 24 channels";
                        if (blocks == 1)
                        {
                            w.Line("// The layer's last " + CodeWriter.I(lastBlock - first) + " channels: " + what + ".");
                            Calls(tail, tailPositions!, CodeWriter.I(first), TailKind);
                        }
                        else
                        {
                            w.Line("// The last block (" + CodeWriter.I(lastBlock) + " channels): " + what + "; the full blocks: sub-block " + CodeWriter.I(sb) + " as the others.");
                            w.Open("if (ocCount == " + CodeWriter.I(lastBlock) + ")");
                            Calls(tail, tailPositions!, CodeWriter.I(first), TailKind);
                            w.Close();
                            w.Open("else");
                            Calls(t, positions, CodeWriter.I(first), "Tile");
                            w.Close();
                        }

                        continue;
                    }

                    bool inTail = tail is not null && first == tailFirst + ChannelLaneTiling.WeightSubBlock;
                    bool mayBeEmpty = first >= lastBlock || inTail;
                    if (mayBeEmpty && blocks == 1)
                    {
                        w.Line(inTail
                            ? "// Sub-block " + CodeWriter.I(sb) + ": its " + CodeWriter.I(lastBlock - first) + " channels are in the tail tiles."
                            : "// Sub-block " + CodeWriter.I(sb) + " lies past the layer's " + CodeWriter.I(s.OutChannels) + " output channels: not computed.");
                        continue;
                    }

                    if (mayBeEmpty)
                    {
                        w.Line(inTail
                            ? "// Sub-block " + CodeWriter.I(sb) + ": in the full blocks only (the last block's are in its tail tiles)."
                            : "// Sub-block " + CodeWriter.I(sb) + " holds channels only in the full blocks (the last block has " + CodeWriter.I(lastBlock) + "): skipped there, not computed.");
                        w.Open("if (ocCount > " + CodeWriter.I(inTail ? lastBlock : first) + ")");
                    }

                    Calls(t, positions, subBlocks > 1 ? CodeWriter.I(first) : null, "Tile");
                    if (mayBeEmpty)
                    {
                        w.Close();
                    }
                }

                if (sliced)
                {
                    w.Close();
                }

                if (group > 1)
                {
                    // Then each row of the group leaves through its own buffer.
                    OpenGroupRow();
                }
            }
            else
            {
                foreach ((int first, int last) in PositionRuns(positions))
                {
                    Position p = positions[first];
                    string name = TileName(t, positions, first);
                    if (p.Interior)
                    {
                        w.Open("for (int ox0 = " + CodeWriter.I(p.Start) + "; ox0 <= " + CodeWriter.I(positions[last].Start) + "; ox0 += " + CodeWriter.I(t.Channels) + ")");
                    }
                    else
                    {
                        w.Open();
                    }

                    for (int sb = 0; sb < subBlocks; sb++)
                    {
                        w.Line(TileCall(s, t, p, name, subBlocks > 1 ? CodeWriter.I(sb * t.Vectors * t.Lanes) : null, sliced));
                    }

                    w.Close();
                }
            }

            w.Line("StoreRow" + bits + "(ref rb, ref tt" + (s.BatchNorm ? ", ref bn" : "") + (s.Bias ? ", ref bias" : "") + ", ref yn" + rn + LeadArgs(s) + ", ocBase, ocCount);");
            w.Close();
            if (group > 1)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>True when the tile runs the input channels in slices (<see cref="ChannelLaneTiling.InputSlice256"/>; 256-bit only).</summary>
        private static bool Sliced(LayerShape s, VectorTile t) => t.Bits == 256 && ChannelLaneTiling.InputSlice256(s) < s.InChannels;

        /// <summary>The calls of one sub-block's tiles over a row: border positions one call each, interior runs in a loop over their columns.</summary>
        private static void WriteTileCalls(CodeWriter w, LayerShape s, VectorTile t, List<Position> positions, string? sub, bool sliced, string kind)
        {
            foreach ((int first, int last) in PositionRuns(positions))
            {
                Position p = positions[first];
                string call = TileCall(s, t, p, TileName(t, positions, first, kind), sub, sliced);
                if (p.Interior && last > first)
                {
                    w.Open("for (int ox0 = " + CodeWriter.I(p.Start) + "; ox0 <= " + CodeWriter.I(positions[last].Start) + "; ox0 += " + CodeWriter.I(t.Channels) + ")");
                    w.Line(call);
                    w.Close();
                }
                else if (p.Interior)
                {
                    w.Line("{ const int ox0 = " + CodeWriter.I(p.Start) + "; " + call + " }");
                }
                else
                {
                    w.Line(call);
                }
            }
        }

        /// <summary>One tile call: interior tiles take their column <c>ox0</c>, sub-blocks their first channel, slices their input channels.</summary>
        private static string TileCall(LayerShape s, VectorTile t, Position p, string name, string? sub, bool sliced)
        {
            int size = ChannelLaneTiling.BlockChannels(s);
            return name + "(ref xn, ref wb, ref At(ref rb, " + (p.Interior ? "ox0 * " + CodeWriter.I(size) : CodeWriter.I((long)p.Start * size)) + ")" + LeadArgs(s)
                + (p.Interior ? ", ox0" : "") + (sub is null ? "" : ", " + sub) + (sliced ? ", ic0, ic1" : "") + ");";
        }

        /// <summary>Pixels of the row buffer: the row rounded up to whole transposed groups of <see cref="VectorTile.Lanes"/>.</summary>
        private static int RowPixels(LayerShape s, VectorTile t) => (s.Output[s.Rank - 1] + t.Lanes - 1) / t.Lanes * t.Lanes;

        /// <summary>The output indices of a row (all axes but the last) as arguments: <c>, od, oy</c> (3-D), <c>, oy</c> (2-D) or nothing (1-D).</summary>
        internal static string LeadArgs(LayerShape s) => s.Rank == 3 ? ", od, oy" : s.Rank == 2 ? ", oy" : "";

        /// <summary>The parameters of <see cref="LeadArgs"/>.</summary>
        internal static string LeadParams(LayerShape s) => s.Rank == 3 ? ", int od, int oy" : s.Rank == 2 ? ", int oy" : "";

        /// <summary>Names of a row's leading axes (output index, input start, kernel index): depth then height.</summary>
        internal static (string Out, string In, string K)[] LeadNames(LayerShape s)
            => s.Rank == 3 ? new[] { ("od", "id0", "kd"), ("oy", "iy0", "kh") } : s.Rank == 2 ? new[] { ("oy", "iy0", "kh") } : new (string, string, string)[0];

        private static void WriteTile(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t, Position p, string name, bool sliced)
        {
            int block = ChannelLaneTiling.BlockChannels(s);
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            // The tile's first channel in its block, a parameter where the block holds several tiles' channels; a tail tile
            // always takes it from its caller.
            bool takesSub = IsTail(t) || block / (t.Vectors * t.Lanes) > 1;
            int a = s.Rank - 1;
            int kw = s.Kernel[a], sw = s.Stride[a], dw = s.Dilation[a];
            int width = p.Width;
            long taps = s.KernelSpatial;
            w.Line("/// <summary>");
            w.Line("/// " + (p.Interior ? "Interior tiles (every tap inside the row) at column <paramref name=\"ox0\"/>" : "The tile at column " + CodeWriter.I(p.Start) + " (taps in the padding left out)") + ": "
                + CodeWriter.I(width) + " pixels x " + CodeWriter.I(t.Vectors * t.Lanes) + " channels" + (IsTail(t) ? " (the last block's sub-block <paramref name=\"sub\"/> and the first 8 channels of the next, where the layer's channels end)" : takesSub ? " (sub-block <paramref name=\"sub\"/> of the block)" : "")
                + ", " + CodeWriter.I((long)width * t.Vectors) + " accumulators" + (s.Rank > 1 ? "; kernel rows in the padding are skipped." : ".")
                + (sliced ? " Input channels [<paramref name=\"icFrom\"/>, <paramref name=\"icTo\"/>): the chains start at zero on the first slice and continue from the row buffer on the others." : ""));
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            string sub = takesSub ? " + sub" : "";
            // The weights in sub-blocks of WeightSubBlock channels (ChannelBlocks.Pack): this tile's first channel's sub-block
            // and place in it, and a tap's step within the sub-block.
            int wsb = ChannelLaneTiling.WeightSubBlock;
            string wsub = takesSub ? WeightSubBlockOffset(s, t, "sub") : "0";
            w.Open("private static void " + name + "(ref float xn, ref float wb, ref float tb" + LeadParams(s) + (p.Interior ? ", int ox0" : "") + (takesSub ? ", int sub" : "") + (sliced ? ", int icFrom, int icTo" : "") + ")");
            if (sliced)
            {
                w.Line("bool first = icFrom == 0;");
            }

            for (int r = 0; r < width; r++)
            {
                var decl = new List<string>();
                for (int v = 0; v < t.Vectors; v++)
                {
                    decl.Add(Acc(r, v) + " = " + (sliced ? "first ? " + vt + ".Zero : " + vec + ".LoadUnsafe(ref At(ref tb, " + CodeWriter.I((long)r * block + (long)v * t.Lanes) + sub + "))" : vt + ".Zero"));
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
            }

            var lead = LeadNames(s);
            bool transposed = s.Kind == LayerKind.ConvTranspose;
            for (int d = 0; d < lead.Length; d++)
            {
                if (transposed)
                {
                    WriteTransposedLeadStart(w, s, d);
                }
                else
                {
                    WriteLeadStart(w, s, d, skipPadding: true);
                }
            }

            // A transposed tile starts on phase 0 of its stride (its width and its column are multiples of it), so pixel r's
            // tap k reads input column ix0 + (r + P - k D) / S whenever that division is exact.
            string ix0 = transposed
                ? (p.Interior ? (sw == 1 ? "ox0" : "ox0 / " + CodeWriter.I(sw)) : CodeWriter.I(p.Start / sw))
                : p.Interior ? KernelGeometry.Lin("ox0", sw, -s.PadBefore[a]) : CodeWriter.I((long)p.Start * sw - s.PadBefore[a]);
            w.Line("int ix0 = " + ix0 + ";");
            string icStart = sliced ? "icFrom" : "0";
            // 256-bit: the input channel's refs advance by one channel per iteration (the JIT recomputed the products, 12
            // integer instructions per 10 FMAs in a 1x1 tile), and a one-row kernel's padding test runs once, not per channel.
            bool stepped = t.Bits == 256;
            bool oneRow = stepped && lead.Length > 0 && !transposed;
            for (int d = 0; d < lead.Length; d++)
            {
                oneRow &= s.Kernel[d] == 1;
            }

            int opened = 0;
            string xp = "xc", wp = "wc";
            if (stepped)
            {
                w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Sum(KernelGeometry.Times(icStart, g.InChannelStride), KernelGeometry.Times("ix0", g.InPositionStride)) + ");");
                w.Line("ref float wc = ref At(ref wb, " + KernelGeometry.Sum(KernelGeometry.Times(icStart, taps * wsb), wsub) + ");");
                if (oneRow)
                {
                    var tests = new List<string>();
                    string offset = "0";
                    for (int d = 0; d < lead.Length; d++)
                    {
                        tests.Add(lead[d].K + "From < " + lead[d].K + "To");
                        offset = KernelGeometry.Sum(offset, lead[d].In + " * " + CodeWriter.I(g.InAxisStride[d]));
                    }

                    w.Line("// One kernel row: an output row whose input row lies in the padding keeps the chains as they are.");
                    w.Open("if (" + string.Join(" && ", tests) + ")");
                    w.Line("xc = ref At(ref xc, " + offset + ");");
                }

                w.Open("for (int ic = " + icStart + "; ic < " + (sliced ? "icTo" : CodeWriter.I(s.InChannels)) + "; ic++)");
            }
            else
            {
                w.Open(sliced ? "for (int ic = icFrom; ic < icTo; ic++)" : "for (int ic = 0; ic < " + CodeWriter.I(s.InChannels) + "; ic++)");
                w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Sum(KernelGeometry.Times("ic", g.InChannelStride), KernelGeometry.Times("ix0", g.InPositionStride)) + ");");
                w.Line("ref float wc = ref At(ref wb, " + KernelGeometry.Sum(KernelGeometry.Times("ic", taps * wsb), wsub) + ");");
            }

            // The leading axes' kernel loops (depth, then rows), innermost giving the input row xr and its weights wr.
            if (lead.Length == 0 || oneRow)
            {
                w.Line("ref float xr = ref xc;");
                w.Line("ref float wr = ref wc;");
            }

            for (int d = 0; d < lead.Length && !oneRow; d++)
            {
                string kv = lead[d].K, i0 = lead[d].In;
                bool last = d == lead.Length - 1;
                string xs = last ? "xr" : "x" + kv, ws = last ? "wr" : "w" + kv;
                long wstride = (long)kw * wsb;
                for (int e = d + 1; e < lead.Length; e++)
                {
                    wstride *= s.Kernel[e];
                }

                if (transposed)
                {
                    // The row's phase: kernel rows khFrom, khFrom + step, ... below khTo (WriteTransposedLeadStart).
                    int step = TransposedKernelStep(s, d);
                    w.Open("for (int " + kv + " = " + kv + "From; " + kv + " < " + kv + "To; " + kv + (step == 1 ? "++" : " += " + CodeWriter.I(step)) + ")");
                    string at = i0 + " - " + KernelGeometry.Times(kv, s.Dilation[d]);
                    w.Line("ref float " + xs + " = ref At(ref " + xp + ", " + (s.Stride[d] == 1 ? "(" + at + ")" : "((" + at + ") / " + CodeWriter.I(s.Stride[d]) + ")") + " * " + CodeWriter.I(g.InAxisStride[d]) + ");");
                    w.Line("ref float " + ws + " = ref At(ref " + wp + ", " + KernelGeometry.Times(kv, wstride) + ");");
                }
                else if (s.Kernel[d] == 1)
                {
                    // One kernel row: no loop (the range is empty when the row lies in the padding; the tile's outputs stay 0).
                    w.Open("if (" + kv + "From < " + kv + "To)");
                    w.Line("ref float " + xs + " = ref At(ref " + xp + ", " + i0 + " * " + CodeWriter.I(g.InAxisStride[d]) + ");");
                    w.Line("ref float " + ws + " = ref " + wp + ";");
                }
                else
                {
                    w.Open("for (int " + kv + " = " + kv + "From; " + kv + " < " + kv + "To; " + kv + "++)");
                    w.Line("ref float " + xs + " = ref At(ref " + xp + ", (" + i0 + " + " + KernelGeometry.Times(kv, s.Dilation[d]) + ") * " + CodeWriter.I(g.InAxisStride[d]) + ");");
                    w.Line("ref float " + ws + " = ref At(ref " + wp + ", " + KernelGeometry.Times(kv, wstride) + ");");
                }

                opened++;
                xp = xs;
                wp = ws;
            }

            bool held = t.Bits == 256 && ChannelLaneTiling.HeldWeights256(s);
            if (held)
            {
                WriteHeldColumns(w, s, g, p);
            }

            for (int k = 0; k < kw && !held; k++)
            {
                var used = new List<int>();
                for (int r = 0; r < width; r++)
                {
                    if (TileTap(s, p, r, k, out _))
                    {
                        used.Add(r);
                    }
                }

                if (used.Count == 0)
                {
                    w.Line("// Kernel column " + CodeWriter.I(k) + ": " + (transposed ? "no pixel of this tile takes it (other phases, or the input's border)." : "every pixel of this tile reads the padding."));
                    continue;
                }

                w.Open();
                var wdecl = new List<string>();
                for (int v = 0; v < t.Vectors; v++)
                {
                    wdecl.Add("w" + CodeWriter.I(v) + " = " + vec + ".LoadUnsafe(ref At(ref wr, " + CodeWriter.I((long)k * wsb + KernelGeometry.BlockedChannelOffset(v * t.Lanes, wsb, (long)s.InChannels * s.KernelSpatial)) + "))");
                }

                w.Line(vt + " " + string.Join(", ", wdecl) + ";");
                if (used.Count < width)
                {
                    var missing = new List<string>(Missing(used, width));
                    w.Line("// " + (missing.Count == 1 ? "Pixel " + missing[0] + (transposed ? " takes" : " reads") : "Pixels " + string.Join(", ", missing) + (transposed ? " take" : " read"))
                        + (transposed ? " no input at kernel column " + CodeWriter.I(k) + " (another phase, or the input's border)." : " the padding at kernel column " + CodeWriter.I(k) + "."));
                }

                foreach (int r in used)
                {
                    TileTap(s, p, r, k, out long offset);
                    w.Line("{");
                    string pixel = "At(ref xr, " + CodeWriter.I(offset * g.InPositionStride) + ")";
                    // Kernel rows wider than one tap read a pixel from several (pixel, tap) pairs: both vector paths broadcast
                    // from memory so that RyuJIT does not merge those into one spilled value (KernelParts.Broadcast; C3D,
                    // DeepLab and the ResNet stem 6-10% faster on Zen 3; on Zen 5's 512-bit path the stem 7%, C3D and the
                    // 3x3/2 layer 4%, U-Net's transposed layer 2.5%). A pointwise row has nothing to merge and keeps Create.
                    w.Line("    " + vt + " b = " + (s.Kernel[s.Rank - 1] > 1 ? KernelParts.Broadcast(vec, pixel) : vec + ".Create(" + pixel + ")") + ";");
                    for (int v = 0; v < t.Vectors; v++)
                    {
                        w.Line("    " + Acc(r, v) + " = " + vec + ".FusedMultiplyAdd(w" + CodeWriter.I(v) + ", b, " + Acc(r, v) + ");");
                    }

                    w.Line("}");
                }

                w.Close();
            }

            for (int d = 0; d < opened; d++)
            {
                w.Close();
            }

            if (stepped)
            {
                w.Line("xc = ref At(ref xc, " + CodeWriter.I(g.InChannelStride) + ");");
                w.Line("wc = ref At(ref wc, " + CodeWriter.I(taps * wsb) + ");");
            }

            w.Close();
            if (oneRow)
            {
                w.Close();
            }

            for (int r = 0; r < width; r++)
            {
                for (int v = 0; v < t.Vectors; v++)
                {
                    w.Line(vec + ".StoreUnsafe(" + Acc(r, v) + ", ref At(ref tb, " + CodeWriter.I((long)r * block + (long)v * t.Lanes) + sub + "));");
                }
            }

            w.Close();
        }

        /// <summary>
        /// The weight offset of the tile at channel <paramref name="sub"/> of its block (a multiple of the tile's channels,
        /// which are whole sub-blocks or lie inside one): its sub-block's run and its place in it.
        /// </summary>
        private static string WeightSubBlockOffset(LayerShape s, VectorTile t, string sub)
        {
            int wsb = ChannelLaneTiling.WeightSubBlock;
            long run = (long)s.InChannels * s.KernelSpatial;
            return (t.Vectors * t.Lanes) % wsb == 0
                ? KernelGeometry.Times(sub, run)
                : sub + " / " + CodeWriter.I(wsb) + " * " + CodeWriter.I(run * wsb) + " + " + sub + " % " + CodeWriter.I(wsb);
        }

        /// <summary>
        /// Whether pixel <paramref name="r"/> of tile <paramref name="p"/> takes kernel column <paramref name="k"/> (every
        /// tap of an interior tile's phase; in a border tile only those reading inside the row), and the input column it
        /// reads, <paramref name="offset"/> positions from the tile's <c>ix0</c>.
        /// </summary>
        private static bool TileTap(LayerShape s, Position p, int r, int k, out long offset)
        {
            int a = s.Rank - 1;
            if (s.Kind == LayerKind.ConvTranspose)
            {
                // The tile starts on phase 0 of the stride, so pixel r's column is ix0 + (r + P - k D) / S.
                ChannelLaneTiling.ColumnTap(s, r, k, out offset);
            }
            else
            {
                offset = (long)r * s.Stride[a] + (long)k * s.Dilation[a];
            }

            return p.Interior ? ChannelLaneTiling.ColumnTap(s, p.Start + r, k, out _) : ColumnInside(s, p.Start + r, k);
        }

        /// <summary>
        /// The kernel columns of one (input channel, kernel row) of a transposed layer with the weights held
        /// (<see cref="ChannelLaneTiling.HeldWeights256"/>): every column's weight vector loaded once, then each input column
        /// broadcast once and multiplied into every pixel that reads it, descending columns (a pixel's later taps read
        /// earlier columns), so each pixel's taps stay in kernel order.
        /// </summary>
        private static void WriteHeldColumns(CodeWriter w, LayerShape s, KernelGeometry g, Position p)
        {
            int kw = s.Kernel[s.Rank - 1];
            var byColumn = new SortedDictionary<long, List<(int R, int K)>>();
            var needed = new SortedSet<int>();
            for (int r = 0; r < p.Width; r++)
            {
                for (int k = 0; k < kw; k++)
                {
                    if (!TileTap(s, p, r, k, out long offset))
                    {
                        continue;
                    }

                    if (!byColumn.TryGetValue(offset, out var list))
                    {
                        byColumn[offset] = list = new List<(int, int)>();
                    }

                    list.Add((r, k));
                    needed.Add(k);
                }
            }

            if (byColumn.Count == 0)
            {
                w.Line("// No pixel of this tile reads an input column in this row.");
                return;
            }

            w.Open();
            var wdecl = new List<string>();
            foreach (int k in needed)
            {
                wdecl.Add("w" + CodeWriter.I(k) + " = Vec256.LoadUnsafe(ref At(ref wr, " + CodeWriter.I((long)k * ChannelLaneTiling.WeightSubBlock) + "))");
            }

            w.Line("F32x8 " + string.Join(", ", wdecl) + ";");
            var columns = new List<long>(byColumn.Keys);
            columns.Reverse();

            foreach (long c in columns)
            {
                w.Line("{");
                w.Line("    F32x8 b = Vec256.Create(At(ref xr, " + CodeWriter.I(c * g.InPositionStride) + "));");
                foreach ((int r, int k) in byColumn[c])
                {
                    w.Line("    " + Acc(r, 0) + " = Vec256.FusedMultiplyAdd(w" + CodeWriter.I(k) + ", b, " + Acc(r, 0) + ");");
                }

                w.Line("}");
            }

            w.Close();
        }

        private static IEnumerable<string> Missing(List<int> used, int width)
        {
            for (int r = 0; r < width; r++)
            {
                if (!used.Contains(r))
                {
                    yield return CodeWriter.I(r);
                }
            }
        }

        private static void WriteStore(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            if (s.Layout == TensorLayout.Nhwc)
            {
                WriteStoreChannelsLast(w, s, g, t);
                return;
            }

            int block = ChannelLaneTiling.BlockChannels(s);
            int ow = s.Output[s.Rank - 1], lanes = t.Lanes;
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            string l = CodeWriter.I(lanes);
            bool vectorActivation = KernelParts.HasVectorActivation(s);
            string rp = s.Residual ? ", ref float rn" : "";
            w.Line("/// <summary>");
            w.Line("/// " + (s.Rank == 3 ? "Output row <paramref name=\"oy\"/> of plane <paramref name=\"od\"/>" : s.Rank == 2 ? "Output row <paramref name=\"oy\"/>" : "The output signal") + " of the block from the row buffer: blocks of " + l + " pixels x " + l + " channels transposed so that a vector holds " + l + " pixels");
            w.Line("/// of one channel, then the epilogue in registers (the scalar epilogue's operations in its order) and a vector store, clipped at the row's end.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void StoreRow" + bits + "(ref float rb, ref float tt" + (s.BatchNorm ? ", ref float bn" : "") + (s.Bias ? ", ref float bias" : "") + ", ref float yn" + rp + LeadParams(s) + ", int ocBase, int ocCount)");
            w.Open("for (int j0 = 0; j0 < ocCount; j0 += " + l + ")");
            w.Open("for (int x0 = 0; x0 < " + CodeWriter.I(ow) + "; x0 += " + l + ")");
            w.Line(Rt + "VectorTranspose.Transpose" + l + "x" + l + "(ref At(ref rb, x0 * " + CodeWriter.I(block) + " + j0), " + CodeWriter.I(block) + ", ref tt);");
            bool ragged = ow % lanes != 0;
            if (ragged)
            {
                w.Line("bool whole = x0 + " + l + " <= " + CodeWriter.I(ow) + "; // the last group reaches past the row");
            }

            w.Open("for (int j = 0; j < " + l + " && j0 + j < ocCount; j++)");
            w.Line("int oc = ocBase + j0 + j;");
            if (s.BatchNorm)
            {
                w.Line("float scale = At(ref bn, j0 + j), shift = At(ref bn, " + CodeWriter.I(block) + " + j0 + j);");
            }

            string rowAt = KernelGeometry.Times("oc", g.OutChannelStride);
            var lead = LeadNames(s);
            for (int d = 0; d < lead.Length; d++)
            {
                rowAt = KernelGeometry.Sum(rowAt, KernelGeometry.Times(lead[d].Out, g.OutAxisStride[d]));
            }

            w.Line("int row = " + rowAt + ";");
            string residual = ragged
                ? "(whole ? " + vec + ".LoadUnsafe(ref At(ref rn, row + x0)) : " + Rt + "VectorLoads.MaskLoad" + bits + "(ref At(ref rn, row), x0, " + Rt + "VectorLoads.ColumnMask" + bits + "(x0, " + CodeWriter.I(ow) + ")))"
                : vec + ".LoadUnsafe(ref At(ref rn, row + x0))";
            string e = KernelParts.VectorEpilogue(s, vec, vec + ".LoadUnsafe(ref At(ref tt, j * " + l + "))", "At(ref bias, oc)", "scale", "shift", residual);
            w.Line(vt + " value = " + e + ";");
            if (!vectorActivation)
            {
                w.Line("// The " + s.Activation + " activation runs through the scalar function on each lane (bitwise equal to the scalar path).");
                w.Line(vec + ".StoreUnsafe(value, ref At(ref tt, j * " + l + "));");
                string count = ragged ? "global::System.Math.Min(" + l + ", " + CodeWriter.I(ow) + " - x0)" : l;
                w.Line("for (int i = 0; i < " + count + "; i++) { At(ref yn, row + x0 + i) = " + KernelParts.Activate(s, "At(ref tt, j * " + l + " + i)") + "; }");
            }
            else if (ragged)
            {
                w.Line("if (whole) { " + vec + ".StoreUnsafe(value, ref At(ref yn, row + x0)); } else { " + Rt + "VectorLanes.StoreColumns" + bits + "(value, ref At(ref yn, row), x0, " + CodeWriter.I(ow) + "); }");
            }
            else
            {
                w.Line(vec + ".StoreUnsafe(value, ref At(ref yn, row + x0));");
            }

            w.Close();
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The channels-last store: the row buffer already holds each pixel's channels consecutively (pixel x, channel j at
        /// <c>x * block + j</c>), which is the NHWC order, so each vector of channels takes the epilogue (bias, batch-norm
        /// scale and shift and the residual as vectors of channels) and is stored at <c>row + x * Cout + oc</c>; a vector
        /// reaching past the last output channel is loaded and stored masked.
        /// </summary>
        private static void WriteStoreChannelsLast(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            int block = ChannelLaneTiling.BlockChannels(s);
            int ow = s.Output[s.Rank - 1], lanes = t.Lanes;
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            string l = CodeWriter.I(lanes);
            bool vectorActivation = KernelParts.HasVectorActivation(s);
            bool ragged = s.OutChannels % lanes != 0;
            string rp = s.Residual ? ", ref float rn" : "";
            w.Line("/// <summary>");
            w.Line("/// " + (s.Rank == 3 ? "Output row <paramref name=\"oy\"/> of plane <paramref name=\"od\"/>" : s.Rank == 2 ? "Output row <paramref name=\"oy\"/>" : "The output signal") + " of the block from the row buffer into the NHWC output: pixel by pixel, " + l + " channels a vector,");
            w.Line("/// the epilogue in registers (the scalar epilogue's operations in its order)" + (ragged ? ", the vector past the last channel masked." : "."));
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void StoreRow" + bits + "(ref float rb, ref float tt" + (s.BatchNorm ? ", ref float bn" : "") + (s.Bias ? ", ref float bias" : "") + ", ref float yn" + rp + LeadParams(s) + ", int ocBase, int ocCount)");
            var leads = LeadNames(s);
            string rowAt = "0";
            for (int d = 0; d < leads.Length; d++)
            {
                rowAt = KernelGeometry.Sum(rowAt, KernelGeometry.Times(leads[d].Out, g.OutAxisStride[d]));
            }

            w.Line("int row = " + rowAt + ";");
            w.Open("for (int x = 0; x < " + CodeWriter.I(ow) + "; x++)");
            w.Line("// Pixel x's channels of this block: output at, row buffer x * " + CodeWriter.I(block) + ".");
            w.Line("int at = " + KernelGeometry.Sum("row", KernelGeometry.Times("x", g.OutPositionStride), "ocBase") + ";");
            w.Line("ref float px = ref At(ref rb, x * " + CodeWriter.I(block) + ");");
            w.Open("for (int j0 = 0; j0 < ocCount; j0 += " + l + ")");
            string mask = Rt + "VectorLoads.ColumnMask" + bits + "(j0, ocCount)";
            if (ragged)
            {
                w.Line("bool whole = j0 + " + l + " <= ocCount; // the last vector of the last block reaches past the channels");
            }

            string Load(string baseRef, string baseOffset)
                => ragged
                    ? "(whole ? " + vec + ".LoadUnsafe(ref At(ref " + baseRef + ", " + KernelGeometry.Sum(baseOffset, "j0") + ")) : " + Rt + "VectorLoads.MaskLoad" + bits + "(ref At(ref " + baseRef + ", " + baseOffset + "), j0, " + mask + "))"
                    : vec + ".LoadUnsafe(ref At(ref " + baseRef + ", " + KernelGeometry.Sum(baseOffset, "j0") + "))";
            string e = KernelParts.VectorEpilogueOfVectors(s, vec, vec + ".LoadUnsafe(ref At(ref px, j0))", Load("bias", "ocBase"),
                vec + ".LoadUnsafe(ref At(ref bn, j0))", vec + ".LoadUnsafe(ref At(ref bn, " + CodeWriter.I(block) + " + j0))", Load("rn", "at"));
            w.Line(vt + " value = " + e + ";");
            if (!vectorActivation)
            {
                w.Line("// The " + s.Activation + " activation runs through the scalar function on each lane (bitwise equal to the scalar path).");
                w.Line(vec + ".StoreUnsafe(value, ref tt);");
                string count = ragged ? "global::System.Math.Min(" + l + ", ocCount - j0)" : l;
                w.Line("for (int i = 0; i < " + count + "; i++) { At(ref yn, at + j0 + i) = " + KernelParts.Activate(s, "At(ref tt, i)") + "; }");
            }
            else if (ragged)
            {
                w.Line("if (whole) { " + vec + ".StoreUnsafe(value, ref At(ref yn, at + j0)); } else { " + Rt + "VectorLanes.StoreColumns" + bits + "(value, ref At(ref yn, at), j0, ocCount); }");
            }
            else
            {
                w.Line(vec + ".StoreUnsafe(value, ref At(ref yn, at + j0));");
            }

            w.Close();
            w.Close();
            w.Close();
        }

        private static string Acc(int r, int v) => "a" + CodeWriter.I(r) + "_" + CodeWriter.I(v);
    }
}
