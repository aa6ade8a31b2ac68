using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Direct convolution, output-stationary. Every output is one chain of fused multiply-adds over (input channel,
    /// kernel taps) in a fixed order, then the epilogue (bias, batch norm, residual, activation); the 512-bit, 256-bit
    /// and scalar paths all follow that chain, so their results are bitwise identical.
    /// Parts: Run (ISA dispatch per batch item), Item{512,256,Scalar} (channel blocks and groups), Block (the register
    /// tile: <c>B</c> output channels x <c>V</c> vectors of consecutive pixels, weights broadcast, input loaded
    /// contiguously or deinterleaved for stride 2), InteriorPixel (unchecked scalar), Pixel (border: taps resolved
    /// through the padding mode, never a padded copy), and the epilogue helpers.
    /// </summary>
    internal static class Direct
    {
        private const string Rt = "global::ConvGen.";
        private const string MathF = "global::System.MathF";

        public static void Emit(CodeWriter w, LayerPlan plan, KernelGeometry unused, string className)
        {
            LayerShape v = DirectTiling.View(plan.Shape);
            var g = new KernelGeometry(v);
            var k = new Ctx(plan, v, g);
            KernelParts.OpenClass(w, plan, className);
            KernelParts.WriteParallelRun(w, plan, v, plan.Kernel!.Tile512 is { } a512 ? ItemsPerBatch(k, a512) : null, plan.Kernel.Tile256 is { } a256 ? ItemsPerBatch(k, a256) : null);
            w.Line();
            WriteItemScalar(w, k);
            var edges = new SortedSet<int>();
            foreach (VectorTile? tile in new[] { plan.Kernel!.Tile512, plan.Kernel.Tile256 })
            {
                if (tile is null)
                {
                    continue;
                }

                w.Line();
                WriteItemVector(w, k, tile);
                int ocg = v.OutChannels / v.Groups;
                w.Line();
                if (tile.Rows > 1)
                {
                    DepthwiseRows.WriteRows(w, k, tile);
                    continue;
                }

                if (tile.Plane)
                {
                    WritePlaneMasks(w, k, tile);
                    w.Line();
                    WritePlaneBlock(w, k, tile, tile.Channels);
                    if (ocg % tile.Channels != 0)
                    {
                        w.Line();
                        WritePlaneBlock(w, k, tile, ocg % tile.Channels);
                    }

                    continue;
                }

                WriteBlock(w, k, tile, tile.Channels);
                edges.Add(tile.Channels);
                if (ocg % tile.Channels != 0)
                {
                    w.Line();
                    WriteBlock(w, k, tile, ocg % tile.Channels);
                    edges.Add(ocg % tile.Channels);
                }
            }

            foreach (int channels in edges)
            {
                w.Line();
                WriteEdge(w, k, channels, k.Cg * k.Kk);
            }

            w.Line();
            WritePixel(w, k, interior: true);
            w.Line();
            WritePixel(w, k, interior: false);
            if (v.BatchNorm)
            {
                w.Line();
                KernelParts.WriteBatchNormHelpers(w, v);
            }

            w.Close();
        }

        /// <summary>
        /// The scalar path alone (ItemScalar, Pixel, InteriorPixel), for a family that shares it: channel lanes run these
        /// below 256 bits, on the weights as PyTorch lays them out.
        /// </summary>
        internal static void WriteScalarPath(CodeWriter w, LayerPlan plan)
        {
            LayerShape v = plan.Shape;
            var k = new Ctx(plan, v, new KernelGeometry(v));
            WriteItemScalar(w, k);
            w.Line();
            WritePixel(w, k, interior: true);
            w.Line();
            WritePixel(w, k, interior: false);
        }

        /// <summary>Everything the parts share: the (possibly 1-D) view, its geometry and the operand lists.</summary>
        internal sealed class Ctx
        {
            public Ctx(LayerPlan plan, LayerShape v, KernelGeometry g)
            {
                Plan = plan;
                V = v;
                G = g;
                Cg = v.InChannels / v.Groups;
                Ocg = v.OutChannels / v.Groups;
                Kk = v.KernelSpatial;
                Last = v.Rank - 1;
                ItemParams = KernelParts.TileParams(v, "w");
                ItemArgs = KernelParts.TileArgs(v, "w");
            }

            public LayerPlan Plan { get; }

            public LayerShape V { get; }

            public KernelGeometry G { get; }

            public int Cg { get; }

            public int Ocg { get; }

            public long Kk { get; }

            public int Last { get; }

            public string ItemParams { get; }

            public string ItemArgs { get; }

            public string[] L => G.Letters;

            /// <summary>Transcendental activations are applied with the scalar function, also on the vector paths.</summary>
            public bool VectorActivation => KernelParts.HasVectorActivation(V);
        }

        /// <summary>
        /// True when the vector items run chunk-major (the channel blocks of one chunk consecutive) instead of block-major
        /// (the chunks of one block consecutive): with several blocks per group and several chunks, when a chunk's input is
        /// larger than a block's weights, so the larger operand is the one a thread's consecutive items share. WaveNet's
        /// dilated 1-D layer (64 channels x 16384, 5 blocks x 7 chunks) read its 600 KiB input chunk from L3 for every
        /// block, against 10 KiB of weights.
        /// </summary>
        private static bool ChunkOuter(Ctx k, VectorTile t)
            => t.Chunks > 1 && (k.Ocg + t.Channels - 1) / t.Channels > 1 && InputChunkBytes(k, t) > WeightBlockBytes(k, t);

        /// <summary>Bytes of one group's input a chunk reads (the input's spatial size over the chunks, halos left out).</summary>
        private static long InputChunkBytes(Ctx k, VectorTile t) => DirectTiling.GroupInputBytes(k.V) / t.Chunks;

        /// <summary>Bytes of one block's weights.</summary>
        private static long WeightBlockBytes(Ctx k, VectorTile t) => 4L * t.Channels * k.Cg * k.V.KernelSpatial;

        /// <summary>Items per batch item at a tile: groups x channel blocks x chunks.</summary>
        private static int ItemsPerBatch(Ctx k, VectorTile t) => k.V.Groups * ((k.Ocg + t.Channels - 1) / t.Channels) * t.Chunks;

        // ---- scalar ---------------------------------------------------------------------------------------------

        private static void WriteItemScalar(CodeWriter w, Ctx k)
        {
            LayerShape v = k.V;
            w.Line("/// <summary>One item, scalar: one output channel of one batch item, every output through InteriorPixel or Pixel, then the epilogue.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void ItemScalar(" + KernelParts.ItemParams(k.V) + ")");
            w.Line("int n = item / " + CodeWriter.I(v.OutChannels) + ";");
            w.Line("int oc = item - n * " + CodeWriter.I(v.OutChannels) + ";");
            KernelParts.WriteItemBases(w, k.V, k.G);
            w.Line("int icBase = " + (v.Groups > 1 ? "oc / " + CodeWriter.I(k.Ocg) + " * " + CodeWriter.I(k.Cg) : "0") + ";");
            w.Line("ref float wo = ref At(ref w, " + KernelGeometry.Times("oc", k.Cg * k.Kk) + ");");
            if (v.BatchNorm)
            {
                w.Line("float scale = Scale(ref gamma, ref runningVar, oc);");
                w.Line("float shift = Shift(ref beta, ref runningMean, scale, oc);");
            }

            WriteScalarPlane(w, k, "oc", "wo", v.Bias ? "At(ref bias, oc)" : null, "scale", "shift");
            w.Close();
        }

        /// <summary>Walks one output channel's plane with scalar pixels: interior ones unchecked, border ones through the padding mode.</summary>
        private static void WriteScalarPlane(CodeWriter w, Ctx k, string oc, string wRef, string? biasExpr, string scale, string shift)
        {
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            int last = k.Last;
            KernelParts.WritePlaneWalk(w, g, "o", v.Output, ("", "", g.OutAxisStride),
                () =>
                {
                    Pixels(w, k, oc, wRef, biasExpr, scale, shift, 0, g.Lo[last], interior: false);
                    Pixels(w, k, oc, wRef, biasExpr, scale, shift, g.Lo[last], g.Hi[last], interior: true);
                    Pixels(w, k, oc, wRef, biasExpr, scale, shift, g.Hi[last], v.Output[last], interior: false);
                },
                (from, to) => Pixels(w, k, oc, wRef, biasExpr, scale, shift, from, to, interior: false),
                "No output has its whole window inside the input: every output takes the border path.",
                "Border row: some taps fall in the padding.");
        }

        /// <summary>A loop of scalar pixels of one channel over [from, to) of the innermost axis.</summary>
        private static void Pixels(CodeWriter w, Ctx k, string oc, string wRef, string? biasExpr, string scale, string shift, int from, int to, bool interior)
        {
            if (from >= to)
            {
                return;
            }

            LayerShape v = k.V;
            KernelGeometry g = k.G;
            string x = "o" + k.L[k.Last];
            var args = new List<string> { "ref xn", "ref " + wRef, "icBase" };
            for (int a = 0; a < v.Rank; a++)
            {
                args.Add("o" + k.L[a]);
            }

            w.Line(interior ? "// Interior pixels, scalar: every tap in bounds." : "// Border pixels: taps in the padding go through the padding mode.");
            using (w.Block("for (int " + x + " = " + CodeWriter.I(from) + "; " + x + " < " + CodeWriter.I(to) + "; " + x + "++)"))
            {
                string pos = KernelGeometry.Sum(PlaneOffset(k), KernelGeometry.Times(x, g.OutAxisStride[k.Last]));
                string index = KernelGeometry.Sum(KernelGeometry.Times(oc, g.OutChannelStride), pos);
                string acc = (interior ? "InteriorPixel(" : "Pixel(") + string.Join(", ", args) + ")";
                w.Line("At(ref yn, " + index + ") = " + KernelParts.ScalarEpilogue(v, acc, biasExpr, scale, shift, "At(ref rn, " + index + ")") + ";");
            }
        }

        /// <summary>The offset of the current row inside a channel plane: <c>oz * OH*OW + oy * OW</c>.</summary>
        private static string PlaneOffset(Ctx k)
        {
            var terms = new List<string>();
            for (int a = 0; a < k.Last; a++)
            {
                terms.Add(KernelGeometry.Times("o" + k.L[a], k.G.OutAxisStride[a]));
            }

            return KernelGeometry.Sum(terms.ToArray());
        }

        // ---- the scalar pixels ------------------------------------------------------------------------------------

        private static void WritePixel(CodeWriter w, Ctx k, bool interior)
        {
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            string[] L = k.L;
            int last = k.Last;
            var ps = new List<string> { "ref float xn", "ref float wo", "int icBase" };
            for (int a = 0; a < v.Rank; a++)
            {
                ps.Add("int o" + L[a]);
            }

            w.Line(interior
                ? "/// <summary>One output whose window is inside the input: the fused multiply-add chain without checks.</summary>"
                : "/// <summary>One border output: the same chain, taps resolved through the padding mode (" + v.PaddingMode.ToString().ToLowerInvariant() + ").</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static float " + (interior ? "InteriorPixel(" : "Pixel(") + string.Join(", ", ps) + ")");
            w.Line("float acc = 0f;");
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(k.Cg) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("icBase + ic", g.InChannelStride) + ");");
            w.Line("ref float wc = ref At(ref wo, " + KernelGeometry.Times("ic", k.Kk) + ");");
            var rowTerms = new List<string>();
            var wTerms = new List<string>();
            for (int a = 0; a < last; a++)
            {
                string kk = "k" + L[a];
                string i = "i" + L[a];
                w.Open("for (int " + kk + " = 0; " + kk + " < " + CodeWriter.I(v.Kernel[a]) + "; " + kk + "++)");
                string coord = KernelGeometry.Lin("o" + L[a], v.Stride[a], -v.PadBefore[a]) + " + " + KernelGeometry.Times(kk, v.Dilation[a]);
                if (interior)
                {
                    w.Line("int " + i + " = " + coord + ";");
                }
                else
                {
                    w.Line("int " + i + " = " + KernelParts.Resolve(v.PaddingMode, coord, v.Input[a]) + ";");
                    if (v.PaddingMode == PaddingMode.Zeros)
                    {
                        using (w.Block("if (" + i + " < 0)"))
                        {
                            w.Line("continue;");
                        }
                    }
                }

                rowTerms.Add(KernelGeometry.Times(i, g.InAxisStride[a]));
                wTerms.Add(KernelGeometry.Times(kk, KernelStride(v, a)));
            }

            string row = "xc";
            string wr = "wc";
            if (last > 0)
            {
                w.Line("ref float xr = ref At(ref xc, " + KernelGeometry.Sum(rowTerms.ToArray()) + ");");
                w.Line("ref float wr = ref At(ref wc, " + KernelGeometry.Sum(wTerms.ToArray()) + ");");
                row = "xr";
                wr = "wr";
            }

            string xl = L[last];
            if (interior && v.Kernel[last] <= 16)
            {
                w.Line("int i" + xl + " = " + KernelGeometry.Lin("o" + xl, v.Stride[last], -v.PadBefore[last]) + ";");
                for (int t = 0; t < v.Kernel[last]; t++)
                {
                    w.Line("acc = " + MathF + ".FusedMultiplyAdd(At(ref " + wr + ", " + CodeWriter.I(t) + "), At(ref " + row + ", "
                        + KernelGeometry.Times(KernelGeometry.Lin("i" + xl, 1, (long)t * v.Dilation[last]), g.InAxisStride[last]) + "), acc);");
                }
            }
            else
            {
                w.Open("for (int k" + xl + " = 0; k" + xl + " < " + CodeWriter.I(v.Kernel[last]) + "; k" + xl + "++)");
                string coord = KernelGeometry.Lin("o" + xl, v.Stride[last], -v.PadBefore[last]) + " + " + KernelGeometry.Times("k" + xl, v.Dilation[last]);
                if (interior)
                {
                    w.Line("int i" + xl + " = " + coord + ";");
                }
                else
                {
                    w.Line("int i" + xl + " = " + KernelParts.Resolve(v.PaddingMode, coord, v.Input[last]) + ";");
                    if (v.PaddingMode == PaddingMode.Zeros)
                    {
                        using (w.Block("if (i" + xl + " < 0)"))
                        {
                            w.Line("continue;");
                        }
                    }
                }

                w.Line("acc = " + MathF + ".FusedMultiplyAdd(At(ref " + wr + ", k" + xl + "), At(ref " + row + ", " + KernelGeometry.Times("i" + xl, g.InAxisStride[last]) + "), acc);");
                w.Close();
            }

            for (int a = 0; a < last; a++)
            {
                w.Close();
            }

            w.Close();
            w.Line("return acc;");
            w.Close();
        }

        // ---- vector ---------------------------------------------------------------------------------------------

        private static void WriteItemVector(CodeWriter w, Ctx k, VectorTile t)
        {
            LayerShape v = k.V;
            string bits = CodeWriter.I(t.Bits);
            int blocks = (k.Ocg + t.Channels - 1) / t.Channels;
            int tail = k.Ocg % t.Channels;
            int per = ItemsPerBatch(k, t);
            DirectTiling.VectorInterior(v, out int lo, out int hiV);
            w.Line("/// <summary>One item, " + bits + "-bit: a block of " + CodeWriter.I(t.Channels) + " output channels" + (tail > 0 ? " (the group's last block has " + CodeWriter.I(tail) + ")" : "")
                + " over chunk " + "<c>chunk</c> of " + CodeWriter.I(t.Chunks) + " of the " + (v.Rank > 1 ? AxisNames.Word(v.Rank, 0) + " axis" : "tiles") + ", of one batch item.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Item" + bits + "(" + KernelParts.ItemParams(k.V) + ")");
            w.Line("int n = item / " + CodeWriter.I(per) + ";");
            w.Line("int r = item - n * " + CodeWriter.I(per) + ";");
            if (ChunkOuter(k, t))
            {
                w.Line("// Chunk-major: consecutive items (one thread's share) are the channel blocks of one chunk, which read the same input");
                w.Line("// (" + CodeWriter.I(InputChunkBytes(k, t)) + " bytes per chunk, against " + CodeWriter.I(WeightBlockBytes(k, t)) + " bytes of weights per block): the input stays in the cache across them.");
                w.Line("int block = r % " + CodeWriter.I(blocks) + ";");
                w.Line("r /= " + CodeWriter.I(blocks) + ";");
                if (k.V.Groups == 1)
                {
                    w.Line("const int g = 0;");
                    w.Line("int chunk = r;");
                }
                else
                {
                    w.Line("int g = r % " + CodeWriter.I(k.V.Groups) + ";");
                    w.Line("int chunk = r / " + CodeWriter.I(k.V.Groups) + ";");
                }
            }
            else
            {
                w.Line("int chunk = r % " + CodeWriter.I(t.Chunks) + ";");
                w.Line("r /= " + CodeWriter.I(t.Chunks) + ";");
                w.Line("int g = r / " + CodeWriter.I(blocks) + ";");
                w.Line("int block = r - g * " + CodeWriter.I(blocks) + ";");
            }
            w.Line("int icBase = " + KernelGeometry.Times("g", k.Cg) + ";");
            w.Line("int oc0 = " + KernelGeometry.Sum(KernelGeometry.Times("g", k.Ocg), KernelGeometry.Times("block", t.Channels)) + ";");
            if (t.Plane)
            {
                int tiles = PlaneTiles(v, t);
                w.Line("int from = chunk * " + CodeWriter.I(tiles) + " / " + CodeWriter.I(t.Chunks) + "; // tiles of the flattened plane");
                w.Line("int to = (chunk + 1) * " + CodeWriter.I(tiles) + " / " + CodeWriter.I(t.Chunks) + ";");
            }
            else if (v.Rank > 1)
            {
                int o0 = v.Output[0];
                w.Line("int from = chunk * " + CodeWriter.I(o0) + " / " + CodeWriter.I(t.Chunks) + ";");
                w.Line("int to = (chunk + 1) * " + CodeWriter.I(o0) + " / " + CodeWriter.I(t.Chunks) + ";");
            }
            else
            {
                // Chunks of whole tiles; the first also takes the left columns, the last the right ones and the overlap tile.
                int tiles = (hiV - lo) / t.Width;
                w.Line("int from = chunk == 0 ? 0 : " + CodeWriter.I(lo) + " + chunk * " + CodeWriter.I(tiles) + " / " + CodeWriter.I(t.Chunks) + " * " + CodeWriter.I(t.Width) + ";");
                w.Line("int to = chunk == " + CodeWriter.I(t.Chunks - 1) + " ? " + CodeWriter.I(v.Output[0]) + " : " + CodeWriter.I(lo) + " + (chunk + 1) * " + CodeWriter.I(tiles) + " / " + CodeWriter.I(t.Chunks) + " * " + CodeWriter.I(t.Width) + ";");
            }

            KernelParts.WriteItemBases(w, k.V, k.G);
            string args = k.ItemArgs + ", oc0, icBase, from, to";
            string kind = t.Plane ? "Plane" : t.Rows > 1 ? "Rows" : "Block";
            if (tail > 0)
            {
                w.Open("if (block < " + CodeWriter.I(blocks - 1) + ")");
                w.Line(kind + bits + "x" + CodeWriter.I(t.Channels) + "(" + args + ");");
                w.Close();
                w.Open("else");
                w.Line(kind + bits + "x" + CodeWriter.I(tail) + "(" + args + ");");
                w.Close();
            }
            else
            {
                w.Line(kind + bits + "x" + CodeWriter.I(t.Channels) + "(" + args + ");");
            }

            w.Close();
        }

        private static bool UsesEdgeTiles(LayerShape v, VectorTile t) => DirectTiling.UsesEdgeTiles(v, t);

        /// <summary>Tiles of the flattened plane: the last one overlaps the one before instead of a remainder.</summary>
        private static int PlaneTiles(LayerShape v, VectorTile t) => (v.Output[0] * v.Output[1] + t.Width - 1) / t.Width;

        /// <summary>
        /// The lane masks of a plane tile, computed once when the kernel class is first used: for tile j, tap (ky, kx) and
        /// vector q, lane i is set when output pixel p = start(j) + q*lanes + i reads a real input pixel at that tap.
        /// </summary>
        private static void WritePlaneMasks(CodeWriter w, Ctx k, VectorTile t)
        {
            LayerShape v = k.V;
            int plane = v.Output[0] * v.Output[1];
            string bits = CodeWriter.I(t.Bits);
            w.Line("private static readonly float[] s_mask" + bits + " = PlaneMasks" + bits + "();");
            w.Line();
            w.Line("/// <summary>Lane masks of the " + bits + "-bit plane tiles: -1 where the tap reads a real input pixel, 0 where it reads padding.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static float[] PlaneMasks" + bits + "()");
            int tiles = PlaneTiles(v, t);
            w.Line("var masks = new float[" + CodeWriter.I((long)tiles * k.Kk * t.Vectors * t.Lanes) + "];");
            w.Line("int at = 0;");
            w.Open("for (int j = 0; j < " + CodeWriter.I(tiles) + "; j++)");
            w.Line("int start = j * " + CodeWriter.I(t.Width) + " < " + CodeWriter.I(plane - t.Width) + " ? j * " + CodeWriter.I(t.Width) + " : " + CodeWriter.I(plane - t.Width) + ";");
            w.Open("for (int ky = 0; ky < " + CodeWriter.I(v.Kernel[0]) + "; ky++)");
            w.Open("for (int kx = 0; kx < " + CodeWriter.I(v.Kernel[1]) + "; kx++)");
            w.Open("for (int lane = 0; lane < " + CodeWriter.I(t.Width) + "; lane++)");
            w.Line("int p = start + lane;");
            w.Line("int iy = p / " + CodeWriter.I(v.Output[1]) + " - " + CodeWriter.I(v.PadBefore[0]) + " + ky * " + CodeWriter.I(v.Dilation[0]) + ";");
            w.Line("int ix = p % " + CodeWriter.I(v.Output[1]) + " - " + CodeWriter.I(v.PadBefore[1]) + " + kx * " + CodeWriter.I(v.Dilation[1]) + ";");
            w.Line("masks[at++] = (uint)iy < " + CodeWriter.I(v.Input[0]) + "u && (uint)ix < " + CodeWriter.I(v.Input[1]) + "u ? -1f : 0f;");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
            w.Line("return masks;");
            w.Close();
        }

        /// <summary>
        /// A plane block: <paramref name="channels"/> output channels over tiles <c>[from, to)</c> of the flattened output
        /// plane. Tap (ky, kx) reads input pixel <c>p + (ky*D - P)*W + kx*D - P</c> with a masked load; masked lanes are
        /// zero, which adds nothing to the fused multiply-add chain (the chain of Pixel, which skips those taps).
        /// </summary>
        private static void WritePlaneBlock(CodeWriter w, Ctx k, VectorTile t, int channels)
        {
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            string bits = CodeWriter.I(t.Bits);
            int plane = v.Output[0] * v.Output[1];
            long cgkk = k.Cg * k.Kk;
            int kx = v.Kernel[1];
            w.Line("/// <summary>" + CodeWriter.I(channels) + " output channels from <paramref name=\"oc0\"/> over plane tiles [from, to) of " + CodeWriter.I(t.Width)
                + " pixels (" + CodeWriter.I(channels * t.Vectors) + " accumulators).</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Plane" + bits + "x" + CodeWriter.I(channels) + "(" + k.ItemParams + ", int oc0, int icBase, int from, int to)");
            if (!k.VectorActivation)
            {
                w.Line("global::System.Span<float> laneBuffer = stackalloc float[" + CodeWriter.I(t.Lanes) + "];");
                w.Line("ref float lanes = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(laneBuffer);");
            }

            w.Line("ref float w0 = ref At(ref w, " + KernelGeometry.Times("oc0", cgkk) + ");");
            w.Line("ref float masks = ref global::System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(s_mask" + bits + ");");
            KernelParts.WriteChannelConstants(w, v, channels);

            w.Open("for (int j = from; j < to; j++)");
            w.Line("int p0 = j * " + CodeWriter.I(t.Width) + " < " + CodeWriter.I(plane - t.Width) + " ? j * " + CodeWriter.I(t.Width) + " : " + CodeWriter.I(plane - t.Width) + ";");
            for (int o = 0; o < channels; o++)
            {
                var decl = new List<string>();
                for (int q = 0; q < t.Vectors; q++)
                {
                    decl.Add("a" + CodeWriter.I(o) + "_" + CodeWriter.I(q) + " = " + vt + ".Zero");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
            }

            w.Open("for (int ic = 0; ic < " + CodeWriter.I(k.Cg) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("icBase + ic", g.InChannelStride) + ");");
            w.Line("ref float wc = ref At(ref w0, " + KernelGeometry.Times("ic", k.Kk) + ");");
            w.Open("for (int ky = 0; ky < " + CodeWriter.I(v.Kernel[0]) + "; ky++)");
            w.Line("int rowShift = " + KernelGeometry.Times(KernelGeometry.Lin("ky", v.Dilation[0], -v.PadBefore[0]), v.Input[1]) + ";");
            w.Line("ref float wr = ref At(ref wc, " + KernelGeometry.Times("ky", kx) + ");");
            w.Line("ref float mr = ref At(ref masks, " + KernelGeometry.Sum(KernelGeometry.Times("j", k.Kk * t.Width), KernelGeometry.Times("ky", (long)kx * t.Width)) + ");");
            for (int tap = 0; tap < kx; tap++)
            {
                string tapShift = CodeWriter.I((long)tap * v.Dilation[1] - v.PadBefore[1]);
                w.Line("// Tap kx = " + CodeWriter.I(tap) + ".");
                for (int q = 0; q < t.Vectors; q++)
                {
                    string offset = "p0 + rowShift" + (tapShift == "0" ? "" : tapShift.StartsWith("-", System.StringComparison.Ordinal) ? " - " + tapShift.Substring(1) : " + " + tapShift)
                        + (q == 0 ? "" : " + " + CodeWriter.I((long)q * t.Lanes));
                    string mask = vec + ".LoadUnsafe(ref At(ref mr, " + CodeWriter.I((long)tap * t.Width + (long)q * t.Lanes) + "))";
                    w.Line(vt + " x" + CodeWriter.I(q) + "_" + CodeWriter.I(tap) + " = " + Rt + "VectorLoads.MaskLoad" + bits + "(ref xc, " + offset + ", " + mask + ");");
                }

                for (int o = 0; o < channels; o++)
                {
                    w.Line("{");
                    w.Line("    " + vt + " b = " + vec + ".Create(At(ref wr, " + KernelGeometry.Sum(o == 0 ? "0" : CodeWriter.I(o * cgkk), CodeWriter.I(tap)) + "));");
                    for (int q = 0; q < t.Vectors; q++)
                    {
                        string a = "a" + CodeWriter.I(o) + "_" + CodeWriter.I(q);
                        w.Line("    " + a + " = " + vec + ".FusedMultiplyAdd(b, x" + CodeWriter.I(q) + "_" + CodeWriter.I(tap) + ", " + a + ");");
                    }

                    w.Line("}");
                }
            }

            w.Close();
            w.Close();
            WriteVectorEpilogue(w, k, t, channels, vec, vt, "p0");
            w.Close();
            w.Close();
        }

        private static void WriteBlock(CodeWriter w, Ctx k, VectorTile t, int channels)
        {
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            string[] L = k.L;
            int last = k.Last;
            // Short names come from the file's using aliases (LayerEmitter.VectorAliases).
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            DirectTiling.VectorInterior(v, out int lo, out int hiV);
            bool stride2 = v.Stride[last] == 2;
            long cgkk = k.Cg * k.Kk;
            w.Line("/// <summary>" + CodeWriter.I(channels) + " output channels from <paramref name=\"oc0\"/>: every row in tiles of "
                + CodeWriter.I(t.Width) + " pixels (" + CodeWriter.I(channels * t.Vectors) + " accumulators) over the columns whose window is inside the input;"
                + " the other columns through Edge" + CodeWriter.I(channels) + ".</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Block" + CodeWriter.I(t.Bits) + "x" + CodeWriter.I(channels) + "(" + k.ItemParams + ", int oc0, int icBase, int from, int to)");
            if (!k.VectorActivation)
            {
                w.Line("global::System.Span<float> laneBuffer = stackalloc float[" + CodeWriter.I(t.Lanes) + "];");
                w.Line("ref float lanes = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(laneBuffer);");
            }

            w.Line("ref float w0 = ref At(ref w, " + KernelGeometry.Times("oc0", cgkk) + ");");
            KernelParts.WriteChannelConstants(w, v, channels);

            for (int a = 0; a < last; a++)
            {
                // The outermost axis runs over this item's chunk [from, to); the others whole.
                string start = a == 0 ? "from" : "0";
                string end = a == 0 ? "to" : CodeWriter.I(v.Output[a]);
                w.Open("for (int o" + L[a] + " = " + start + "; o" + L[a] + " < " + end + "; o" + L[a] + "++)");
            }

            // With zero padding and stride 1 the whole row runs in tiles: those that reach the border read with masked loads.
            bool edgeTiles = UsesEdgeTiles(v, t);
            if (last > 0)
            {
                if (edgeTiles)
                {
                    WriteTiles(w, k, t, channels, "0", CodeWriter.I(v.Output[last]), vec, vt, stride2, cgkk, fixedRange: true, innerLo: lo, innerHi: hiV);
                }
                else
                {
                    EdgeLoop(w, k, channels, "0", CodeWriter.I(lo), lo > 0);
                    WriteTiles(w, k, t, channels, CodeWriter.I(lo), CodeWriter.I(hiV), vec, vt, stride2, cgkk, fixedRange: true);
                    EdgeLoop(w, k, channels, CodeWriter.I(hiV), CodeWriter.I(v.Output[last]), hiV < v.Output[last]);
                }
            }
            else if (edgeTiles)
            {
                // 1-D: this item's chunk [from, to) of the axis, all in tiles.
                WriteTiles(w, k, t, channels, "from", "to", vec, vt, stride2, cgkk, fixedRange: false, innerLo: lo, innerHi: hiV);
            }
            else
            {
                // 1-D: this item's chunk [from, to) of the axis: left columns, whole tiles, right columns.
                EdgeLoop(w, k, channels, "from", "global::System.Math.Min(to, " + CodeWriter.I(lo) + ")", lo > 0);
                w.Line("int tileStart = global::System.Math.Max(from, " + CodeWriter.I(lo) + "), tileEnd = global::System.Math.Min(to, " + CodeWriter.I(hiV) + ");");
                WriteTiles(w, k, t, channels, "tileStart", "tileEnd", vec, vt, stride2, cgkk, fixedRange: false);
                EdgeLoop(w, k, channels, "global::System.Math.Max(from, " + CodeWriter.I(hiV) + ")", "to", hiV < v.Output[last]);
            }

            for (int a = 0; a < last; a++)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>Calls Edge{B} for the columns [from, to) of the current row (bounds as C# expressions).</summary>
        private static void EdgeLoop(CodeWriter w, Ctx k, int channels, string from, string to, bool needed)
        {
            if (!needed)
            {
                return;
            }

            string x = "o" + k.L[k.Last];
            var args = new List<string> { KernelParts.TileArgs(k.V, "w0"), "oc0", "icBase" };
            for (int a = 0; a < k.V.Rank; a++)
            {
                args.Add("o" + k.L[a]);
            }

            w.Line("// Columns whose window leaves the input (or where no whole tile fits): scalar.");
            using (w.Block("for (int " + x + " = " + from + "; " + x + " < " + to + "; " + x + "++)"))
            {
                w.Line("Edge" + CodeWriter.I(channels) + "(" + string.Join(", ", args) + ");");
            }
        }

        /// <summary>
        /// One pixel of a channel block in scalar code: one fused multiply-add chain per channel, interleaved so the
        /// chains run in parallel (the same chains as Pixel, so the same bits), taps resolved through the padding mode.
        /// </summary>
        private static void WriteEdge(CodeWriter w, Ctx k, int channels, long cgkk)
        {
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            string[] L = k.L;
            int last = k.Last;
            var ps = new List<string> { KernelParts.TileParams(k.V, "w0"), "int oc0", "int icBase" };
            for (int a = 0; a < v.Rank; a++)
            {
                ps.Add("int o" + L[a]);
            }

            w.Line("/// <summary>One pixel of " + CodeWriter.I(channels) + " channels from <paramref name=\"oc0\"/>, scalar, taps through the padding mode.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Edge" + CodeWriter.I(channels) + "(" + string.Join(", ", ps) + ")");
            var accs = new List<string>();
            for (int o = 0; o < channels; o++)
            {
                accs.Add("a" + CodeWriter.I(o) + " = 0f");
            }

            w.Line("float " + string.Join(", ", accs) + ";");
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(k.Cg) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("icBase + ic", g.InChannelStride) + ");");
            w.Line("ref float wc = ref At(ref w0, " + KernelGeometry.Times("ic", k.Kk) + ");");
            var rowTerms = new List<string>();
            var wTerms = new List<string>();
            OpenResolvedTapLoops(w, k, v.Rank, rowTerms, wTerms);

            w.Line("float xv = At(ref xc, " + KernelGeometry.Sum(rowTerms.ToArray()) + ");");
            w.Line("ref float wt = ref At(ref wc, " + KernelGeometry.Sum(wTerms.ToArray()) + ");");
            for (int o = 0; o < channels; o++)
            {
                w.Line("a" + CodeWriter.I(o) + " = " + MathF + ".FusedMultiplyAdd(At(ref wt, " + CodeWriter.I(o * cgkk) + "), xv, a" + CodeWriter.I(o) + ");");
            }

            for (int a = 0; a < v.Rank; a++)
            {
                w.Close();
            }

            w.Close();
            string pos = KernelGeometry.Sum(PlaneOffset(k), KernelGeometry.Times("o" + L[last], g.OutAxisStride[last]));
            for (int o = 0; o < channels; o++)
            {
                string oc = "oc0 + " + CodeWriter.I(o);
                string index = KernelGeometry.Sum(KernelGeometry.Times("(" + oc + ")", g.OutChannelStride), pos);
                if (v.BatchNorm)
                {
                    w.Line("float scale" + CodeWriter.I(o) + " = Scale(ref gamma, ref runningVar, " + oc + ");");
                    w.Line("float shift" + CodeWriter.I(o) + " = Shift(ref beta, ref runningMean, scale" + CodeWriter.I(o) + ", " + oc + ");");
                }

                w.Line("At(ref yn, " + index + ") = " + KernelParts.ScalarEpilogue(v, "a" + CodeWriter.I(o), v.Bias ? "At(ref bias, " + oc + ")" : null,
                    "scale" + CodeWriter.I(o), "shift" + CodeWriter.I(o), "At(ref rn, " + index + ")") + ";");
            }

            w.Close();
        }

        /// <summary>
        /// The tile loop over columns [lo, hiV). With <paramref name="innerLo"/> set, the range is a whole row (or 1-D chunk)
        /// including its borders: tiles inside [innerLo, innerHi) load plainly, the others with masked loads whose masks
        /// come from the input column each lane reads (columns outside the input read zero, as zero padding does).
        /// </summary>
        private static void WriteTiles(CodeWriter w, Ctx k, VectorTile t, int channels, string lo, string hiV, string vec, string vt, bool stride2, long cgkk, bool fixedRange, int innerLo = -1, int innerHi = -1)
        {
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            string[] L = k.L;
            int last = k.Last;
            int width = t.Width;
            string xl = L[last];
            bool masked = innerLo >= 0;
            // A tile wider than the row (fixed ranges only) starts at 0 and stores only the columns inside the row.
            int clip = fixedRange && int.Parse(hiV, System.Globalization.CultureInfo.InvariantCulture) < width ? int.Parse(hiV, System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;
            string lastStart = fixedRange ? CodeWriter.I(System.Math.Max(0, int.Parse(hiV, System.Globalization.CultureInfo.InvariantCulture) - width)) : hiV + " - " + CodeWriter.I(width);
            w.Line("// Tiles of " + CodeWriter.I(width) + " pixels over columns [" + lo + ", " + hiV + ")" + (masked ? ", border tiles with masked loads" : "")
                + "; the last tile overlaps the one before instead of a remainder loop (same values, written twice).");
            w.Open("for (int t = " + lo + "; t < " + hiV + "; t += " + CodeWriter.I(width) + ")");
            w.Line("int o" + xl + " = t < " + lastStart + " ? t : " + lastStart + ";");
            w.Line("int i" + xl + " = " + KernelGeometry.Lin("o" + xl, v.Stride[last], -v.PadBefore[last]) + ";");
            if (masked)
            {
                w.Line("bool inner = o" + xl + " >= " + CodeWriter.I(innerLo) + " && o" + xl + " <= " + CodeWriter.I(innerHi - width) + ";");
            }

            for (int o = 0; o < channels; o++)
            {
                var decl = new List<string>();
                for (int q = 0; q < t.Vectors; q++)
                {
                    decl.Add("a" + CodeWriter.I(o) + "_" + CodeWriter.I(q) + " = " + vt + ".Zero");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
            }

            w.Open("for (int ic = 0; ic < " + CodeWriter.I(k.Cg) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("icBase + ic", g.InChannelStride) + ");");
            w.Line("ref float wc = ref At(ref w0, " + KernelGeometry.Times("ic", k.Kk) + ");");
            var rowTerms = new List<string>();
            var wTerms = new List<string>();
            // Rows go through the padding mode too, so border rows run the vector tiles as well.
            OpenResolvedTapLoops(w, k, last, rowTerms, wTerms);

            // Masked tiles keep the row start as their reference (a reference left of the row could point before the
            // tensor) and add the possibly negative column to every load.
            if (!masked)
            {
                rowTerms.Add("i" + xl);
            }

            w.Line("ref float xr = ref At(ref xc, " + KernelGeometry.Sum(rowTerms.ToArray()) + ");");
            w.Line("ref float wr = ref At(ref wc, " + KernelGeometry.Sum(wTerms.ToArray()) + ");");
            if (masked)
            {
                w.Open("if (inner)");
                WriteTaps(w, k, t, channels, vec, vt, stride2, cgkk, masked: false, rowIsStart: true);
                w.Close();
                w.Open("else");
                WriteTaps(w, k, t, channels, vec, vt, stride2, cgkk, masked: true, rowIsStart: true);
                w.Close();
            }
            else
            {
                WriteTaps(w, k, t, channels, vec, vt, stride2, cgkk, masked: false, rowIsStart: false);
            }

            for (int a = 0; a < last; a++)
            {
                w.Close();
            }

            w.Close();
            WriteVectorEpilogue(w, k, t, channels, vec, vt, clip: clip);
            w.Close();
        }

        /// <summary>The taps of the innermost kernel axis (unrolled up to 7): the input vectors, then one broadcast weight and FMAs per channel.</summary>
        private static void WriteTaps(CodeWriter w, Ctx k, VectorTile t, int channels, string vec, string vt, bool stride2, long cgkk, bool masked, bool rowIsStart)
        {
            LayerShape v = k.V;
            int last = k.Last;
            string xl = k.L[last];
            string bits = CodeWriter.I(t.Bits);
            bool unroll = v.Kernel[last] <= 7;
            if (!unroll)
            {
                w.Open("for (int k" + xl + " = 0; k" + xl + " < " + CodeWriter.I(v.Kernel[last]) + "; k" + xl + "++)");
            }

            int taps = unroll ? v.Kernel[last] : 1;
            for (int tap = 0; tap < taps; tap++)
            {
                string kx = unroll ? CodeWriter.I(tap) : "k" + xl;
                string tapOffset = unroll ? CodeWriter.I((long)tap * v.Dilation[last]) : KernelGeometry.Times("k" + xl, v.Dilation[last]);
                // Stride 2, dilation 1: the odd lanes of an even tap's 2-vector load are the next tap's window, so a pair of
                // taps shares its loads (border tiles keep one load per tap, each checked against the row's end).
                bool paired = unroll && stride2 && !masked && v.Dilation[last] == 1;
                bool pairHead = paired && tap % 2 == 0 && tap + 1 < taps;
                bool pairTail = paired && tap % 2 == 1;
                w.Line("// Tap k" + xl + " = " + kx + ": " + (pairTail ? "input from the odd lanes of tap " + CodeWriter.I(tap - 1) + "'s loads" : CodeWriter.I(t.Vectors) + " input vector(s)" + (pairHead ? " (their odd lanes are tap " + CodeWriter.I(tap + 1) + "'s)" : ""))
                    + ", then one broadcast weight per channel.");
                for (int q = 0; q < t.Vectors && !pairTail; q++)
                {
                    if (pairHead)
                    {
                        string pairOffset = KernelGeometry.Sum(tapOffset, CodeWriter.I((long)q * t.Lanes * v.Stride[last]));
                        string pairColumn = rowIsStart ? KernelGeometry.Sum("i" + xl, pairOffset) : pairOffset;
                        w.Line(Rt + "VectorLoads.LoadEvenOdd" + bits + "(ref At(ref xr, " + pairColumn + "), out " + vt + " x" + CodeWriter.I(q) + "_" + kx + ", out " + vt + " x" + CodeWriter.I(q) + "_" + CodeWriter.I(tap + 1) + ");");
                        continue;
                    }

                    string offset = KernelGeometry.Sum(tapOffset, CodeWriter.I((long)q * t.Lanes * v.Stride[last]));
                    string column = rowIsStart ? KernelGeometry.Sum("i" + xl, offset) : offset;
                    string load = KernelParts.RowLoad(t.Bits, "xr", column, v.Input[last], stride2, masked);
                    w.Line(vt + " x" + CodeWriter.I(q) + "_" + (unroll ? kx : "k") + " = " + load + ";");
                }

                for (int o = 0; o < channels; o++)
                {
                    string wIndex = KernelGeometry.Sum(o == 0 ? "0" : CodeWriter.I(o * cgkk), kx);
                    w.Line("{");
                    w.Line("    " + vt + " b = " + vec + ".Create(At(ref wr, " + wIndex + "));");
                    for (int q = 0; q < t.Vectors; q++)
                    {
                        string a = "a" + CodeWriter.I(o) + "_" + CodeWriter.I(q);
                        w.Line("    " + a + " = " + vec + ".FusedMultiplyAdd(b, x" + CodeWriter.I(q) + "_" + (unroll ? kx : "k") + ", " + a + ");");
                    }

                    w.Line("}");
                }
            }

            if (!unroll)
            {
                w.Close();
            }
        }

        /// <param name="position">The tile's output offset within the channel, when not the plane offset of the loops (depthwise rows).</param>
        /// <param name="clip">The row width when the tile (starting at column 0) is wider than the row: vectors reaching past it
        /// store only their columns inside the row (and read the residual masked).</param>
        internal static void WriteVectorEpilogue(CodeWriter w, Ctx k, VectorTile t, int channels, string vec, string vt, string? position = null, int clip = int.MaxValue, System.Func<int, int>? vectorColumn = null)
        {
            LayerShape v = k.V;
            KernelGeometry g = k.G;
            string xl = k.L[k.Last];
            w.Line("// Epilogue in registers, then store" + (k.VectorActivation ? "." : "; the " + v.Activation + " activation follows with the scalar function (bitwise equal to the scalar path)."));
            string rowBase = position ?? KernelGeometry.Sum(PlaneOffset(k), KernelGeometry.Times("o" + xl, g.OutAxisStride[k.Last]));
            for (int o = 0; o < channels; o++)
            {
                for (int q = 0; q < t.Vectors; q++)
                {
                    string a = "a" + CodeWriter.I(o) + "_" + CodeWriter.I(q);
                    // Vector q's first column: 8 q, or (a depthwise tile wider than its row) its last vector at the row's end.
                    string index = KernelGeometry.Sum(KernelGeometry.Times("oc0 + " + CodeWriter.I(o), g.OutChannelStride), rowBase, CodeWriter.I(vectorColumn?.Invoke(q) ?? (long)q * t.Lanes));
                    bool partial = (long)(q + 1) * t.Lanes > clip;
                    // A clipped tile starts at column 0 of its row: the given position (depthwise rows) or the plane offset.
                    string rowStart = KernelGeometry.Sum(KernelGeometry.Times("oc0 + " + CodeWriter.I(o), g.OutChannelStride), position ?? PlaneOffset(k));
                    string column = CodeWriter.I((long)q * t.Lanes);
                    string residual = partial
                        ? Rt + "VectorLoads.MaskLoad" + CodeWriter.I(t.Bits) + "(ref At(ref rn, " + rowStart + "), " + column + ", " + Rt + "VectorLoads.ColumnMask" + CodeWriter.I(t.Bits) + "(" + column + ", " + CodeWriter.I(clip) + "))"
                        : vec + ".LoadUnsafe(ref At(ref rn, " + index + "))";
                    string oi = CodeWriter.I(o);
                    string e = KernelParts.VectorEpilogue(v, vec, a, "bias" + oi, "scale" + oi, "shift" + oi, residual);

                    if (partial)
                    {
                        w.Line("// Columns " + column + ".." + CodeWriter.I((long)(q + 1) * t.Lanes - 1) + ": only those below " + CodeWriter.I(clip) + " are in the row.");
                        if (k.VectorActivation)
                        {
                            w.Line(Rt + "VectorLanes.StoreColumns" + CodeWriter.I(t.Bits) + "(" + e + ", ref At(ref yn, " + rowStart + "), " + column + ", " + CodeWriter.I(clip) + ");");
                        }
                        else
                        {
                            w.Line(vec + ".StoreUnsafe(" + e + ", ref lanes);");
                            w.Line("for (int i = 0; i < " + CodeWriter.I(clip - (long)q * t.Lanes) + "; i++) { At(ref yn, " + KernelGeometry.Sum(rowStart, column, "i") + ") = " + KernelParts.Activate(v, "At(ref lanes, i)") + "; }");
                        }
                    }
                    else if (k.VectorActivation)
                    {
                        w.Line(vec + ".StoreUnsafe(" + e + ", ref At(ref yn, " + index + "));");
                    }
                    else
                    {
                        // Through the lane buffer: the scalar activation on every lane, then one store. Applying it after the
                        // store would apply it twice where tiles of different threads overlap.
                        w.Line(vec + ".StoreUnsafe(" + e + ", ref lanes);");
                        w.Line("for (int i = 0; i < " + CodeWriter.I(t.Lanes) + "; i++) { At(ref lanes, i) = " + KernelParts.Activate(v, "At(ref lanes, i)") + "; }");
                        w.Line(vec + ".StoreUnsafe(" + vec + ".LoadUnsafe(ref lanes), ref At(ref yn, " + index + "));");
                    }
                }
            }
        }

        /// <summary>
        /// Opens one loop per kernel axis in [0, <paramref name="axes"/>): each resolves its input coordinate through the
        /// padding mode (with zero padding a tap outside the input is skipped, as Pixel does) and contributes the input
        /// row offset and the weight offset. The caller closes the loops.
        /// </summary>
        private static void OpenResolvedTapLoops(CodeWriter w, Ctx k, int axes, List<string> rowTerms, List<string> wTerms)
        {
            LayerShape v = k.V;
            for (int a = 0; a < axes; a++)
            {
                string kk = "k" + k.L[a];
                string i = "i" + k.L[a];
                w.Open("for (int " + kk + " = 0; " + kk + " < " + CodeWriter.I(v.Kernel[a]) + "; " + kk + "++)");
                string coord = KernelGeometry.Lin("o" + k.L[a], v.Stride[a], -v.PadBefore[a]) + " + " + KernelGeometry.Times(kk, v.Dilation[a]);
                w.Line("int " + i + " = " + KernelParts.Resolve(v.PaddingMode, coord, v.Input[a]) + ";");
                if (v.PaddingMode == PaddingMode.Zeros)
                {
                    using (w.Block("if (" + i + " < 0)"))
                    {
                        w.Line("continue;");
                    }
                }

                rowTerms.Add(KernelGeometry.Times(i, k.G.InAxisStride[a]));
                wTerms.Add(KernelGeometry.Times(kk, KernelStride(v, a)));
            }
        }

        /// <summary>Stride of kernel axis <paramref name="a"/> in the weight layout (product of the later kernel sizes).</summary>
        internal static long KernelStride(LayerShape s, int a)
        {
            long p = 1;
            for (int b = a + 1; b < s.Rank; b++)
            {
                p *= s.Kernel[b];
            }

            return p;
        }

        /// <summary>Every combination of outer-axis taps (all axes but the last), in weight order.</summary>
        internal static List<int[]> OuterTaps(LayerShape s)
        {
            var result = new List<int[]> { new int[0] };
            for (int a = 0; a < s.Rank - 1; a++)
            {
                var next = new List<int[]>();
                foreach (int[] prefix in result)
                {
                    for (int k = 0; k < s.Kernel[a]; k++)
                    {
                        var t = new int[prefix.Length + 1];
                        prefix.CopyTo(t, 0);
                        t[prefix.Length] = k;
                        next.Add(t);
                    }
                }

                result = next;
            }

            return result;
        }

        internal static IEnumerable<string> OuterTapNames(LayerShape s)
        {
            foreach (int[] t in OuterTaps(s))
            {
                yield return Join(t);
            }
        }

        internal static string Join(int[] taps)
        {
            var parts = new List<string>();
            foreach (int t in taps)
            {
                parts.Add(CodeWriter.I(t));
            }

            return string.Join("_", parts);
        }

        /// <summary><c>w1_2</c>: weight at outer taps "1" and innermost tap 2 (<c>w2</c> for 1-D).</summary>
        internal static string WeightName(string outer, int k) => "w" + (outer.Length > 0 ? outer + "_" : "") + CodeWriter.I(k);

        /// <summary>
        /// Row references of the interior window, one per outer-axis tap combination:
        /// <c>ref float r{taps} = ref At(ref {plane}, sum_a ({prefix}a * S - P + tap * D) * stride_a)</c>. Pooling walks
        /// output positions over the input plane; transposed convolution walks input positions over the output.
        /// </summary>
        internal static void WriteRowRefs(CodeWriter w, LayerShape s, KernelGeometry g, string prefix, string plane, long[] strides)
        {
            if (s.Rank == 1)
            {
                return;
            }

            string[] L = g.Letters;
            foreach (int[] taps in OuterTaps(s))
            {
                var terms = new List<string>();
                for (int a = 0; a < taps.Length; a++)
                {
                    terms.Add(KernelGeometry.Times(KernelGeometry.Lin(prefix + L[a], s.Stride[a], -s.PadBefore[a] + (long)taps[a] * s.Dilation[a]), strides[a]));
                }

                w.Line("ref float r" + Join(taps) + " = ref At(ref " + plane + ", " + KernelGeometry.Sum(terms.ToArray()) + ");");
            }
        }

        /// <summary>Weight locals of one channel pair, one line per innermost kernel row (transposed convolution).</summary>
        internal static void WriteWeightLocals(CodeWriter w, LayerShape s)
        {
            w.Line("// This channel pair's " + CodeWriter.I(s.KernelSpatial) + " weights, held in registers for the whole plane.");
            int kx = s.Kernel[s.Rank - 1];
            int tap = 0;
            foreach (string outer in OuterTapNames(s))
            {
                var decls = new List<string>();
                for (int k = 0; k < kx; k++)
                {
                    decls.Add(WeightName(outer, k) + " = At(ref wc, " + CodeWriter.I(tap++) + ")");
                }

                w.Line("float " + string.Join(", ", decls) + ";");
            }
        }
    }
}
