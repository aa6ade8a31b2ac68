using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// The Winograd GEMM stage with output channels on the vector lanes, for maps whose tiles would leave tile lanes
    /// empty (<see cref="WinogradTiling.LaneGemm"/>: ResNet's 7x7 stage has 4 tiles, which the tile-lane GEMM of
    /// <see cref="Winograd"/> would run in a block of 16 lanes, three quarters empty; its 28x28 stage 49 in 64). A register tile is
    /// T tiles x V vectors of output channels: each input channel loads V vectors of the transformed weights
    /// <c>U[xi][ic][oc0 ..]</c> (consecutive output channels, from weights transformed into blocks of
    /// <see cref="WinogradTiling.LaneGemmBlock"/> output channels so that one block is consecutive memory: a 256-bit
    /// tile's channels of every input channel are one run, a 512-bit tile's four runs) and
    /// broadcasts each tile's <c>V[xi][ic][tile]</c> once. The chains are those of the tile-lane GEMM and the scalar
    /// path (one fused multiply-add per input channel, in order, from zero), so the bits are the same on every path.
    /// The input and output stages are the tile-lane ones: V and M keep their layouts, so the GEMM writes its
    /// accumulators back into M's tile order (<c>M[xi][oc][tile]</c>): a group of 4 tiles by a 4 x lanes transpose in
    /// registers (<c>VectorLanes.StoreRowsOf4x512</c>), a smaller one through a buffer its item owns. In Winograd's
    /// channels-last form (<see cref="WinogradTiling.ChannelsLast"/>, <see cref="WinogradChannelsLast"/>) V is
    /// <c>V[tile][xi][ic]</c> and M <c>M[tile][xi][oc]</c>: the accumulators are stored as they are.
    /// </summary>
    internal static class WinogradLaneGemm
    {
        /// <summary>The (tiles, vectors) kernels one path needs: full tiles, the last tile group, and the channel remainders of the parts.</summary>
        internal static List<(int Tiles, int Vectors)> Sizes(LayerShape s, VectorTile t)
        {
            var tiles = new List<int>();
            var groups = new List<int>(GroupSizes(LastBlockTiles(s), t.Channels));
            if (WinogradTiling.Blocks(s) > 1)
            {
                groups.AddRange(GroupSizes(WinogradTiling.BlockTiles(s), t.Channels));
            }

            foreach (int g in groups)
            {
                if (!tiles.Contains(g))
                {
                    tiles.Add(g);
                }
            }

            var vectors = new List<int>();
            int part = WinogradTiling.PartChannels(s), parts = WinogradTiling.ChannelParts(s);
            foreach (int span in new[] { part, s.OutChannels - (parts - 1) * part })
            {
                int r = span / t.Lanes % t.Vectors;
                if (span >= t.Vectors * t.Lanes && !vectors.Contains(t.Vectors))
                {
                    vectors.Insert(0, t.Vectors);
                }

                if (r != 0 && !vectors.Contains(r))
                {
                    vectors.Add(r);
                }
            }

            var sizes = new List<(int, int)>();
            foreach (int tc in tiles)
            {
                foreach (int vc in vectors)
                {
                    sizes.Add((tc, vc));
                }
            }

            return sizes;
        }

        private static string Name(VectorTile t, int tiles, int vectors)
            => "LaneGemm" + CodeWriter.I(t.Bits) + "x" + CodeWriter.I(tiles) + "x" + CodeWriter.I(vectors);

        /// <summary>
        /// The item's GEMM loop: element by element, output channels [ocFrom, ocTo) in chunks of the register tile's
        /// channels, every tile group of the block for each chunk (the chunk's weights, V x lanes x Cin floats, stay in
        /// L1 on 256-bit while the tile groups reuse them), then the chunk remainder. With <paramref name="images"/> above 1
        /// (<see cref="WinogradTiling.GemmImages"/>) each chunk runs the tile groups of every image of the item, image i's
        /// V at <c>vg + i * vStride</c> and M at <c>mg + i * mStride</c>.
        /// </summary>
        internal static void WriteItemLoop(CodeWriter w, LayerShape s, VectorTile t, int images = 1, long vStride = 0, long mStride = 0)
        {
            int chunk = t.Vectors * t.Lanes, tiles = WinogradTiling.Tiles(s);
            w.Line("// Element by element, output channels on the lanes: every weight of a chunk of " + CodeWriter.I(chunk) + " channels is loaded once per group of " + CodeWriter.I(t.Channels)
                + " tiles (" + CodeWriter.I(tiles) + " tiles in all" + (images > 1 ? " per image, the item's " + CodeWriter.I(images) + " images one after another" : "") + ").");
            List<(int Tiles, int Vectors)> sizes = Sizes(s, t);
            if (sizes.Exists(z => NeedsLaneBuffer(s, z.Tiles)))
            {
                w.Line("// The lane buffer of the GEMMs over other than a multiple of 4 tiles (their accumulators go back into M's tile order through it).");
                w.Line("global::System.Span<float> lanes = stackalloc float[" + CodeWriter.I(t.Channels * chunk) + "];");
                w.Line("ref float lb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(lanes);");
            }

            w.Open("for (int xi = 0; xi < " + CodeWriter.I(WinogradTiling.Elements(s)) + "; xi++)");
            w.Line("int oc0 = ocFrom;");
            if (sizes.Exists(z => z.Vectors == t.Vectors))
            {
                w.Open("for (; oc0 + " + CodeWriter.I(chunk) + " <= ocTo; oc0 += " + CodeWriter.I(chunk) + ")");
                WriteImages(w, s, t, t.Vectors, images, vStride, mStride);
                w.Close();
            }

            var seen = new List<int>();
            foreach ((int _, int vc) in sizes)
            {
                if (vc == t.Vectors || seen.Contains(vc))
                {
                    continue;
                }

                w.Open((seen.Count > 0 ? "else " : "") + "if (ocTo - oc0 == " + CodeWriter.I(vc * t.Lanes) + ")");
                WriteImages(w, s, t, vc, images, vStride, mStride);
                w.Close();
                seen.Add(vc);
            }

            w.Close();
        }

        /// <summary>The tile groups of one chunk: of the item's block, or of each of its images (their own V and M).</summary>
        private static void WriteImages(CodeWriter w, LayerShape s, VectorTile t, int vectors, int images, long vStride, long mStride)
        {
            if (images == 1)
            {
                WriteGroups(w, s, t, vectors);
                return;
            }

            w.Open("for (int i = 0; i < " + CodeWriter.I(images) + "; i++)");
            w.Line("ref float v = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref vg, (nint)i * " + CodeWriter.I(vStride) + ");");
            w.Line("ref float m = ref At(ref mg, " + KernelGeometry.Times("i", mStride) + ");");
            WriteGroups(w, s, t, vectors);
            w.Close();
        }

        /// <summary>Tiles in the last block of a batch item (every other block is full).</summary>
        private static int LastBlockTiles(LayerShape s) => WinogradTiling.Tiles(s) - (WinogradTiling.Blocks(s) - 1) * WinogradTiling.BlockTiles(s);

        /// <summary>
        /// The tile groups of a block of <paramref name="count"/> tiles, in order: groups of <paramref name="group"/> and
        /// what is left; a remainder of 1 to 3 after a full group of 6 (256-bit) or 8 (512-bit) joins it and the two split
        /// as 4 and the rest (6 + 2 -> 4 + 4: 32 tiles run 6, 6, 6, 6, 4, 4; 8 + 1 -> 4 + 5: 9 tiles run 4, 5), so no
        /// group is left with fewer than 4 tiles' chains where the block has more.
        /// </summary>
        internal static List<int> GroupSizes(int count, int group)
        {
            var sizes = new List<int>();
            for (int i = 0; i < count / group; i++)
            {
                sizes.Add(group);
            }

            int rest = count % group;
            if (rest > 0 && rest < 4 && group > 4 && sizes.Count > 0)
            {
                sizes[sizes.Count - 1] = 4;
                sizes.Add(group + rest - 4);
            }
            else if (rest > 0)
            {
                sizes.Add(rest);
            }

            return sizes;
        }

        private static void WriteGroups(CodeWriter w, LayerShape s, VectorTile t, int vectors)
        {
            int tb = WinogradTiling.BlockTiles(s), last = LastBlockTiles(s);
            if (WinogradTiling.Blocks(s) == 1 || last == tb)
            {
                WriteGroupCalls(w, s, t, vectors, GroupSizes(last, t.Channels));
                return;
            }

            // Several blocks: the full ones and the last, shorter one have their own sequences of groups.
            w.Open("if (block < " + CodeWriter.I(WinogradTiling.Blocks(s) - 1) + ")");
            WriteGroupCalls(w, s, t, vectors, GroupSizes(tb, t.Channels));
            w.Close();
            w.Open("else");
            WriteGroupCalls(w, s, t, vectors, GroupSizes(last, t.Channels));
            w.Close();
        }

        private static void WriteGroupCalls(CodeWriter w, LayerShape s, VectorTile t, int vectors, List<int> groups)
        {
            int t0 = 0;
            foreach (int g in groups)
            {
                w.Line(Call(s, t, g, vectors, CodeWriter.I(t0)));
                t0 += g;
            }
        }

        private static string Call(LayerShape s, VectorTile t, int tiles, int vectors, string t0)
            => Name(t, tiles, vectors) + "(ref u, ref v, ref m" + (NeedsLaneBuffer(s, tiles) ? ", ref lb" : "") + ", oc0, xi, " + t0 + ");";

        internal static void WriteGemm(CodeWriter w, LayerShape s, VectorTile t, int tiles, int vectors)
        {
            int tb = WinogradTiling.BlockTiles(s), cin = s.InChannels, cout = s.OutChannels, lanes = t.Lanes;
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            int channels = vectors * lanes;
            w.Line("/// <summary>");
            w.Line("/// Element <paramref name=\"xi\"/>: <c>M[xi][oc0 + c][t0 + t] = sum over ic of V[xi][ic][t0 + t] * U[xi][ic][oc0 + c]</c> for " + CodeWriter.I(tiles) + " tile(s) x "
                + CodeWriter.I(channels) + " channels on the lanes (" + CodeWriter.I(tiles * vectors) + " accumulators), one fused multiply-add chain per output in input-channel order.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void " + Name(t, tiles, vectors) + "(ref float u, ref float v, ref float m" + (NeedsLaneBuffer(s, tiles) ? ", ref float lb" : "") + ", int oc0, int xi, int t0)");
            int block = WinogradTiling.LaneGemmBlock;
            w.Line("// The weights of element xi in blocks of " + CodeWriter.I(block) + " output channels, input channel by input channel (Cin x " + CodeWriter.I(block)
                + " consecutive floats a block): this chunk starts a block, oc0 being a multiple of " + CodeWriter.I(block) + ".");
            w.Line("ref float ux = ref At(ref u, " + KernelGeometry.Sum(KernelGeometry.Times("xi", (long)cin * cout), KernelGeometry.Times("oc0", cin)) + ");");
            bool channelsLast = WinogradTiling.ChannelsLast(s);
            // V: the block's tiles of element xi, input channel by input channel (V[ic][xi][tile] at the channel stride), or
            // channels last, tile by tile (V[tile][xi][ic]: an element's input channels consecutive).
            int elements = WinogradTiling.Elements(s);
            long tileStride = channelsLast ? (long)elements * cin : 1;
            w.Line(channelsLast
                ? "ref float vx = ref At(ref v, " + KernelGeometry.Sum(KernelGeometry.Times("t0", (long)elements * cin), KernelGeometry.Times("xi", cin)) + "); // V[tile][xi][ic]: an element's input channels consecutive"
                : "ref float vx = ref At(ref v, " + KernelGeometry.Sum(KernelGeometry.Times("xi", tb), "t0") + ");");
            for (int i = 0; i < tiles; i++)
            {
                var decl = new List<string>();
                for (int q = 0; q < vectors; q++)
                {
                    decl.Add(Acc(i, q) + " = " + vt + ".Zero");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
            }

            w.Open("for (int ic = 0; ic < " + CodeWriter.I(cin) + "; ic++)");
            w.Line("ref float ur = ref At(ref ux, " + KernelGeometry.Times("ic", block) + ");");
            w.Line("ref float vr = ref At(ref vx, " + (channelsLast ? "ic" : KernelGeometry.Times("ic", WinogradTiling.InputChannelStride(s))) + ");");
            if (t.Bits == 256)
            {
                // The first tile group of a block streams the weight run from beyond L2 (the later groups find it in L1 or L2).
                w.Line("if (t0 == 0) " + Rt + "VectorLoads.PrefetchAhead(ref ur, " + CodeWriter.I(WinogradTiling.LaneGemmPrefetchBytes) + ");");
            }

            var loads = new List<string>();
            for (int q = 0; q < vectors; q++)
            {
                // Vector q's channels oc0 + q * lanes ..: in block q * lanes / block (Cin x block floats further on), at q * lanes % block in it.
                long offset = KernelGeometry.BlockedChannelOffset(q * lanes, block, cin);
                loads.Add("w" + CodeWriter.I(q) + " = " + vec + ".LoadUnsafe(ref At(ref ur, " + CodeWriter.I(offset) + "))");
            }

            w.Line(vt + " " + string.Join(", ", loads) + ";");
            for (int i = 0; i < tiles; i++)
            {
                w.Line("{");
                w.Line("    " + vt + " b = " + vec + ".Create(At(ref vr, " + CodeWriter.I(i * tileStride) + "));");
                for (int q = 0; q < vectors; q++)
                {
                    w.Line("    " + Acc(i, q) + " = " + vec + ".FusedMultiplyAdd(b, w" + CodeWriter.I(q) + ", " + Acc(i, q) + ");");
                }

                w.Line("}");
            }

            w.Close();
            if (channelsLast)
            {
                w.Line("// Into M with channels on the lanes, as they are (M[tile][xi][oc]: an element's output channels consecutive).");
                w.Line("ref float mx = ref At(ref m, " + KernelGeometry.Sum(KernelGeometry.Times("t0", (long)elements * cout), KernelGeometry.Times("xi", cout), "oc0") + ");");
                for (int i = 0; i < tiles; i++)
                {
                    for (int q = 0; q < vectors; q++)
                    {
                        w.Line(vec + ".StoreUnsafe(" + Acc(i, q) + ", ref At(ref mx, " + CodeWriter.I((long)i * elements * cout + (long)q * lanes) + "));");
                    }
                }

                w.Close();
                return;
            }

            if (Transposes(tiles))
            {
                int four = WinogradTiling.LaneGemmTransposeTiles;
                w.Line("// Back into M's tile order: the " + CodeWriter.I(tiles) + " tiles of channel oc0 + c are consecutive at M[xi][oc0 + c][t0], one 4x" + CodeWriter.I(lanes) + " transpose per "
                    + (tiles > four ? "4 tiles and " : "") + "vector of channels.");
                w.Line("ref float mx = ref At(ref m, " + KernelGeometry.Sum(KernelGeometry.Times("xi", (long)cout * tb), KernelGeometry.Times("oc0", tb), "t0") + ");");
                for (int g = 0; g < tiles; g += four)
                {
                    for (int q = 0; q < vectors; q++)
                    {
                        w.Line(Rt + "VectorLanes.StoreRowsOf4x" + CodeWriter.I(t.Bits) + "(" + Acc(g, q) + ", " + Acc(g + 1, q) + ", " + Acc(g + 2, q) + ", " + Acc(g + 3, q) + ", ref At(ref mx, "
                            + CodeWriter.I((long)q * lanes * tb + g) + "), " + CodeWriter.I(tb) + ");");
                    }
                }

                w.Close();
                return;
            }

            w.Line("// Back into M's tile order through the item's lane buffer lb (a stackalloc here would make the JIT keep the accumulators in memory):");
            w.Line("// tile t of channel oc0 + c at M[xi][oc0 + c][t0 + t].");
            for (int i = 0; i < tiles; i++)
            {
                for (int q = 0; q < vectors; q++)
                {
                    w.Line(vec + ".StoreUnsafe(" + Acc(i, q) + ", ref At(ref lb, " + CodeWriter.I((long)i * channels + (long)q * lanes) + "));");
                }
            }

            w.Line("ref float mx = ref At(ref m, " + KernelGeometry.Sum(KernelGeometry.Times("xi", (long)cout * tb), KernelGeometry.Times("oc0", tb), "t0") + ");");
            w.Open("for (int c = 0; c < " + CodeWriter.I(channels) + "; c++)");
            w.Line("ref float mc = ref At(ref mx, " + KernelGeometry.Times("c", tb) + ");");
            for (int i = 0; i < tiles; i++)
            {
                w.Line("At(ref mc, " + CodeWriter.I(i) + ") = At(ref lb, " + (i == 0 ? "c" : CodeWriter.I((long)i * channels) + " + c") + ");");
            }

            w.Close();
            w.Close();
        }

        /// <summary>
        /// The declaration of <c>c0</c> and <c>width</c>, the first channel and the width of the weight block holding channel
        /// <paramref name="channel"/> (<c>WinogradF43.BlockedOffset</c>'s layout: a block's weights of input channel ic start at
        /// <c>Cin * c0 + ic * width</c> within an element); the GEMMs and the scalar tile read the weights through it.
        /// </summary>
        internal static string WeightBlockStart(LayerShape s, string channel)
        {
            string block = CodeWriter.I(WinogradTiling.LaneGemmBlock);
            return "int c0 = " + channel + " / " + block + " * " + block + ", width = global::System.Math.Min(" + block + ", " + CodeWriter.I(s.OutChannels) + " - c0);";
        }

        /// <summary>
        /// True when a GEMM of <paramref name="tiles"/> tiles writes M by 4-row transposes in registers (a multiple of 4
        /// tiles: 4 or 8); other groups go through the item's lane buffer.
        /// </summary>
        private static bool Transposes(int tiles) => tiles % WinogradTiling.LaneGemmTransposeTiles == 0;

        /// <summary>True when a GEMM of <paramref name="tiles"/> tiles writes M through the item's lane buffer (NCHW, not a multiple of 4 tiles).</summary>
        private static bool NeedsLaneBuffer(LayerShape s, int tiles) => !WinogradTiling.ChannelsLast(s) && !Transposes(tiles);

        private const string Rt = "global::ConvGen.";

        private static string Acc(int tile, int q) => "a" + CodeWriter.I(tile) + "_" + CodeWriter.I(q);
    }
}
