using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Winograd F(4x4, 3x3) and F(2x2, 3x3) (see <see cref="WinogradTiling"/> for the stages; the output tile m and the patch
    /// side alpha = m + 2 come from <see cref="WinogradTiling.OutputTile"/>, and every stage below is written for either). The transforms are written out as fixed
    /// sequences of additions and multiplications and the GEMM as fused multiply-add chains over input channels in
    /// order, identical on the 512-bit, 256-bit and scalar paths (lanes are tiles, so a path only changes how many
    /// tiles one instruction covers): results are bitwise identical across ISAs and thread counts.
    /// Parts: Run (weight transform, then items), Item{512,256,Scalar}, Input{bits} (patches -> V), Gemm{bits}x{B}
    /// (V -> M per output-channel block), Output{bits} (M -> outputs with the epilogue), Sample (one input element
    /// through the padding mode), the 1-D transforms as inline expressions.
    /// </summary>
    internal static class Winograd
    {
        private const string Rt = "global::ConvGen.";
        private const string MathF = "global::System.MathF";

        public static void Emit(CodeWriter w, LayerPlan plan, KernelGeometry g, string className)
        {
            LayerShape s = plan.Shape;
            VectorTile t512 = plan.Kernel!.Tile512!;
            VectorTile t256 = plan.Kernel.Tile256!;
            int items = WinogradTiling.Blocks(s) * WinogradTiling.ChannelParts(s);
            KernelParts.OpenClass(w, plan, className);
            bool staged = WinogradTiling.Staged(s);
            string input = staged ? "xs" : "x";
            int images = WinogradTiling.GemmImages(s);
            KernelParts.WriteParallelRun(w, plan, s, items, items, items, () =>
            {
                w.Line("// Transform the weights once for this call (G g G^T per channel pair), into this thread's scratch.");
                w.Line("ref float u = ref " + KernelParts.ScratchAt(w, 0, (long)WinogradTiling.Elements(s) * s.InChannels * s.OutChannels) + ";");
                w.Line(Rt + "ParallelKernels.For(" + CodeWriter.I(WeightParts(s)) + ", " + CodeWriter.I((long)WinogradTiling.Elements(s) * s.InChannels * s.OutChannels / WeightParts(s)) + ", s_transform, 0, ref w, ref w, " + NullRef + ", " + NullRef + ", " + NullRef + ", "
                    + NullRef + ", " + NullRef + ", " + NullRef + ", ref u);");
                if (staged)
                {
                    WriteInputStage(w, s);
                }
            }, "u", inputRef: input, imagesPerItem: images);
            w.Line();
            w.Line("// RunTransformed: the same with weights already transformed by PackWeights (w holds the " + CodeWriter.I(WinogradTiling.Elements(s)) + " x Cin x Cout transformed weights).");
            KernelParts.WriteParallelRun(w, plan, s, items, items, items, staged ? () => WriteInputStage(w, s) : null, "w", "RunTransformed", withBody: false, inputRef: input, imagesPerItem: images);
            w.Line();
            if (staged)
            {
                WriteInputPart(w, s, g);
                w.Line();
            }

            w.Line("private static readonly " + Rt + "KernelBody s_transform = TransformPart;");
            w.Line();
            int parts = WeightParts(s);
            w.Line("/// <summary>Part <paramref name=\"part\"/> of " + CodeWriter.I(parts) + " of the weight transform: input channels [part*" + CodeWriter.I(s.InChannels) + "/" + CodeWriter.I(parts) + ", (part+1)*" + CodeWriter.I(s.InChannels) + "/" + CodeWriter.I(parts) + ").</summary>");
            KernelParts.RunAttributes(w);
            w.Line("private static void TransformPart(int part, in " + Rt + "KernelOperands ops) => " + Rt + WeightClass(s) + ".TransformWeights(ref ops.Input, " + CodeWriter.I(s.OutChannels) + ", " + CodeWriter.I(s.InChannels)
                + ", ref ops.Output, part * " + CodeWriter.I(s.InChannels) + " / " + CodeWriter.I(parts) + ", (part + 1) * " + CodeWriter.I(s.InChannels) + " / " + CodeWriter.I(parts)
                + ", " + CodeWriter.I(WeightBlock(s)) + ");");
            w.Line();
            WriteItem(w, s, g, null);
            foreach (VectorTile t in new[] { t512, t256 })
            {
                w.Line();
                WriteItem(w, s, g, t);
                w.Line();
                if (InputBits(s, t) == t.Bits)
                {
                    WriteInput(w, s, g, t);
                }

                if (WinogradTiling.LaneGemm(s))
                {
                    foreach ((int tiles, int vectors) in WinogradLaneGemm.Sizes(s, t))
                    {
                        w.Line();
                        WinogradLaneGemm.WriteGemm(w, s, t, tiles, vectors);
                    }
                }
                else
                {
                    WriteGemms(w, s, t);
                }

                w.Line();
                WriteOutput(w, s, g, t);
            }

            w.Line();
            WriteScalarTile(w, s, g);
            w.Line();
            WriteSample(w, s, g);
            if (s.BatchNorm)
            {
                w.Line();
                KernelParts.WriteBatchNormHelpers(w, s);
            }

            w.Close();
        }

        private const string NullRef = KernelParts.NullRef;

        /// <summary>Floats of one block's transformed input: Cin x <see cref="WinogradTiling.InputChannelStride"/> (alpha^2 x the block's tiles, perhaps one unread cache line more).</summary>
        private static long BlockInputElements(LayerShape s) => (long)WinogradTiling.InputChannelStride(s) * s.InChannels;

        /// <summary>The runtime class holding the layer's weight transform: <c>WinogradF43</c> (F(4x4,3x3)) or <c>WinogradF23</c> (F(2x2,3x3)).</summary>
        internal static string WeightClass(LayerShape s) => WinogradTiling.F2x2(s) ? "WinogradF23" : "WinogradF43";

        /// <summary>The output-channel block of the transformed weights: the lane GEMM's blocks, else Cout (the plain layout).</summary>
        internal static int WeightBlock(LayerShape s) => WinogradTiling.LaneGemm(s) ? WinogradTiling.LaneGemmBlock : s.OutChannels;

        /// <summary>
        /// The staged input transform at the start of Run: every block of every batch item into one buffer of this
        /// thread (vector paths; the scalar path transforms per tile and reads <c>x</c>).
        /// </summary>
        private static void WriteInputStage(CodeWriter w, LayerShape s)
        {
            int blocks = WinogradTiling.Blocks(s), parts = WinogradTiling.InputParts(s);
            w.Line("// Staged: the input transform of every block once for this call (split over input channels), shared by the " + CodeWriter.I(WinogradTiling.ChannelParts(s)) + " channel parts.");
            w.Line("// (Work hint: a transformed element costs about 16 multiply-adds of gathers and transform arithmetic.)");
            w.Line("ref float xs = ref x;");
            w.Open("if (" + Rt + "Isa.Use256)");
            w.Line("xs = ref " + KernelParts.ScratchAt(w, 3, blocks * BlockInputElements(s), perBatch: true) + ";");
            w.Line(Rt + "ParallelKernels.For(batch * " + CodeWriter.I(blocks * parts) + ", " + CodeWriter.I(System.Math.Max(1, 16 * BlockInputElements(s) / parts)) + ", s_input, " + Rt + "Isa.Use512 ? 2 : 1, ref x, ref x, " + NullRef + ", " + NullRef + ", "
                + NullRef + ", " + NullRef + ", " + NullRef + ", " + NullRef + ", ref xs);");
            w.Close();
        }

        private static void WriteInputPart(CodeWriter w, LayerShape s, KernelGeometry g)
        {
            int blocks = WinogradTiling.Blocks(s), parts = WinogradTiling.InputParts(s), cin = s.InChannels;
            w.Line("private static readonly " + Rt + "KernelBody s_input = InputPart;");
            w.Line();
            w.Line("/// <summary>Staged input transform, one item: block <c>block</c> of batch item <c>n</c>, input channels of part <c>part</c> of " + CodeWriter.I(parts) + ".</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void InputPart(int item, in " + Rt + "KernelOperands ops)");
            w.Line("int n = item / " + CodeWriter.I(blocks * parts) + ";");
            w.Line("int block = (item - n * " + CodeWriter.I(blocks * parts) + ") / " + CodeWriter.I(parts) + ";");
            w.Line("int part = item - n * " + CodeWriter.I(blocks * parts) + " - block * " + CodeWriter.I(parts) + ";");
            w.Line(WinogradTiling.ChannelsLast(s)
                ? "int icFrom = part * " + CodeWriter.I(cin / WinogradTiling.ChannelsLastMultiple) + " / " + CodeWriter.I(parts) + " * " + CodeWriter.I(WinogradTiling.ChannelsLastMultiple) + ", icTo = (part + 1) * "
                  + CodeWriter.I(cin / WinogradTiling.ChannelsLastMultiple) + " / " + CodeWriter.I(parts) + " * " + CodeWriter.I(WinogradTiling.ChannelsLastMultiple) + "; // whole vectors of " + CodeWriter.I(WinogradTiling.ChannelsLastMultiple) + " channels"
                : "int icFrom = part * " + CodeWriter.I(cin) + " / " + CodeWriter.I(parts) + ", icTo = (part + 1) * " + CodeWriter.I(cin) + " / " + CodeWriter.I(parts) + ";");
            w.Line("ref float xn = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref ops.Input, (nint)n * " + CodeWriter.I(g.InItem) + ");");
            w.Line("ref float v = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref ops.Output, ((nint)n * " + CodeWriter.I(blocks) + " + block) * " + CodeWriter.I(BlockInputElements(s)) + ");");
            w.Line(InputBits(s, plan512: true) == 512 ? "if (ops.Tag == 2) { Input512(ref xn, ref v, block, icFrom, icTo); } else { Input256(ref xn, ref v, block, icFrom, icTo); }"
                : "Input256(ref xn, ref v, block, icFrom, icTo); // at most 8 tiles: one 256-bit vector of tiles holds them all on both vector paths");
            w.Close();
        }

        /// <summary>
        /// The GEMM kernels one path needs: the full register tile, and the remainders the channel parts leave (each part
        /// runs whole tiles from its first channel, then one remainder).
        /// </summary>
        internal static List<int> GemmSizes(LayerShape s, VectorTile t)
        {
            var sizes = new List<int> { t.Channels };
            int part = WinogradTiling.PartChannels(s), parts = WinogradTiling.ChannelParts(s);
            foreach (int span in new[] { part, s.OutChannels - (parts - 1) * part })
            {
                if (span % t.Channels != 0 && !sizes.Contains(span % t.Channels))
                {
                    sizes.Add(span % t.Channels);
                }
            }

            return sizes;
        }

        /// <summary>
        /// Vectors of tiles in a block on one path (the input and output stages; the tile-lane GEMM's tile is that wide too).
        /// The lane GEMM reads only the map's tiles, so its stages stop at the last vector holding one (7x7: 4 tiles, one vector).
        /// </summary>
        private static int TileVectors(LayerShape s, VectorTile t)
            => WinogradTiling.LaneGemm(s) ? (System.Math.Min(WinogradTiling.BlockTiles(s), WinogradTiling.Tiles(s)) + t.Lanes - 1) / t.Lanes : WinogradTiling.BlockTiles(s) / t.Lanes;

        /// <summary>
        /// The width of the input transform a path runs: the lane GEMM on a map of at most 8 tiles uses the 256-bit
        /// transform on the 512-bit path too (the tiles fill one 8-lane vector; 16 lanes would transform and gather 8 empty
        /// ones: ResNet's 7x7 256-channel layer spent 28% of its time in the 512-bit input stage). The arithmetic is
        /// per lane, so the bits are the same.
        /// </summary>
        private static int InputBits(LayerShape s, VectorTile t) => InputBits(s, t.Bits == 512);

        private static int InputBits(LayerShape s, bool plan512) => plan512 && (WinogradTiling.ChannelsLast(s) || !(WinogradTiling.LaneGemm(s) && WinogradTiling.Tiles(s) <= 8)) ? 512 : 256;

        /// <summary>Pieces the weight transform is split into for the threads (input-channel ranges).</summary>
        internal static int WeightParts(LayerShape s) => System.Math.Min(s.InChannels, 8);

        // ---- the 1-D transforms, as C# expressions over six (or three) operands ----------------------------------

        /// <summary><c>B^T x</c> (6 -> 6): the input transform along one axis.</summary>
        internal static string[] InputTransform(string[] x) => new[]
        {
            "(" + x[0] + " * 4f - " + x[2] + " * 5f) + " + x[4],
            "(" + x[3] + " + " + x[4] + ") - (" + x[1] + " + " + x[2] + ") * 4f",
            "(" + x[4] + " - " + x[3] + ") + (" + x[1] + " - " + x[2] + ") * 4f",
            "(" + x[4] + " - " + x[2] + ") + (" + x[3] + " - " + x[1] + ") * 2f",
            "(" + x[4] + " - " + x[2] + ") - (" + x[3] + " - " + x[1] + ") * 2f",
            "(" + x[1] + " * 4f - " + x[3] + " * 5f) + " + x[5],
        };

        /// <summary><c>A^T m</c> (6 -> 4): the output transform along one axis.</summary>
        internal static string[] OutputTransform(string[] m) => new[]
        {
            "(" + m[0] + " + (" + m[1] + " + " + m[2] + ")) + (" + m[3] + " + " + m[4] + ")",
            "(" + m[1] + " - " + m[2] + ") + (" + m[3] + " - " + m[4] + ") * 2f",
            "(" + m[1] + " + " + m[2] + ") + (" + m[3] + " + " + m[4] + ") * 4f",
            "((" + m[1] + " - " + m[2] + ") + (" + m[3] + " - " + m[4] + ") * 8f) + " + m[5],
        };

        /// <summary><c>B^T x</c> of F(2x2,3x3) (4 -> 4).</summary>
        internal static string[] InputTransform2(string[] x) => new[]
        {
            x[0] + " - " + x[2],
            x[1] + " + " + x[2],
            x[2] + " - " + x[1],
            x[1] + " - " + x[3],
        };

        /// <summary><c>A^T m</c> of F(2x2,3x3) (4 -> 2).</summary>
        internal static string[] OutputTransform2(string[] m) => new[]
        {
            "(" + m[0] + " + " + m[1] + ") + " + m[2],
            "(" + m[1] + " - " + m[2] + ") - " + m[3],
        };

        /// <summary>The layer's input transform along one axis (alpha -> alpha).</summary>
        private static string[] InputTransform(LayerShape s, string[] x) => WinogradTiling.F2x2(s) ? InputTransform2(x) : InputTransform(x);

        /// <summary>The layer's output transform along one axis (alpha -> m).</summary>
        internal static string[] OutputTransform(LayerShape s, string[] m) => WinogradTiling.F2x2(s) ? OutputTransform2(m) : OutputTransform(m);

        internal static string[] Names(string prefix, int count, System.Func<int, string> name)
        {
            var a = new string[count];
            for (int i = 0; i < count; i++)
            {
                a[i] = prefix + name(i);
            }

            return a;
        }

        /// <summary>
        /// Writes the 2-D input transform of the patch held in <c>d{r}_{c}</c> (type <paramref name="type"/>): along each row
        /// first (<c>d B</c>), then down each column (<c>B^T (d B)</c>), storing element xi = alpha r + c through <paramref name="store"/>.
        /// </summary>
        private static void WritePatchTransform(CodeWriter w, LayerShape s, string type, System.Func<int, string, string> store)
        {
            int n = WinogradTiling.Alpha(s);
            for (int r = 0; r < n; r++)
            {
                string[] row = InputTransform(s, Names("d" + CodeWriter.I(r) + "_", n, c => CodeWriter.I(c)));
                for (int c = 0; c < n; c++)
                {
                    w.Line(type + " h" + CodeWriter.I(r) + "_" + CodeWriter.I(c) + " = " + row[c] + ";");
                }
            }

            for (int c = 0; c < n; c++)
            {
                string[] col = InputTransform(s, Names("h", n, r => CodeWriter.I(r) + "_" + CodeWriter.I(c)));
                for (int r = 0; r < n; r++)
                {
                    w.Line(store(n * r + c, col[r]) + ";");
                }
            }
        }

        /// <summary>
        /// Writes the 2-D output transform of <c>m{xi}</c>: down each column first (<c>A^T m</c>, alpha -> m rows), then along each
        /// of the m rows (alpha -> m columns), into <c>o{i}_{j}</c>.
        /// </summary>
        private static void WriteTileOutputTransform(CodeWriter w, LayerShape s, string type)
        {
            int n = WinogradTiling.Alpha(s), m = WinogradTiling.OutputTile(s);
            for (int c = 0; c < n; c++)
            {
                string[] col = OutputTransform(s, Names("m", n, r => CodeWriter.I(n * r + c)));
                for (int i = 0; i < m; i++)
                {
                    w.Line(type + " p" + CodeWriter.I(i) + "_" + CodeWriter.I(c) + " = " + col[i] + ";");
                }
            }

            for (int i = 0; i < m; i++)
            {
                string[] row = OutputTransform(s, Names("p" + CodeWriter.I(i) + "_", n, c => CodeWriter.I(c)));
                for (int j = 0; j < m; j++)
                {
                    w.Line(type + " o" + CodeWriter.I(i) + "_" + CodeWriter.I(j) + " = " + row[j] + ";");
                }
            }
        }

        // ---- tables ---------------------------------------------------------------------------------------------

        // ---- items ----------------------------------------------------------------------------------------------

        private static void WriteItem(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile? t)
        {
            int tb = WinogradTiling.BlockTiles(s);
            int blocks = WinogradTiling.Blocks(s), parts = WinogradTiling.ChannelParts(s);
            string name = t is null ? "ItemScalar" : "Item" + CodeWriter.I(t.Bits);
            int images = WinogradTiling.GemmImages(s);
            if (images > 1)
            {
                WriteImagesItem(w, s, g, t, name, images);
                return;
            }

            w.Line("/// <summary>One item" + (t is null ? ", scalar" : ", " + CodeWriter.I(t.Bits) + "-bit") + ": block <c>block</c> of " + CodeWriter.I(tb) + " tiles of batch item <c>n</c>, "
                + (parts > 1 ? "output channels [ocFrom, ocTo) (part <c>part</c> of " + CodeWriter.I(parts) + ")" : "every output channel") + ".</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void " + name + "(" + KernelParts.ItemParams(s).Replace("ref float w", "ref float u") + ")");
            if (parts > 1)
            {
                w.Line("int n = item / " + CodeWriter.I(blocks * parts) + ";");
                // Part-major: a thread's contiguous share holds whole parts, each over every block, so when the last block is
                // short (49 tiles: 32 + 17) two threads still get equal work (block-major gave one 32 + 32, the other 17 + 17).
                w.Line("int part = (item - n * " + CodeWriter.I(blocks * parts) + ") / " + CodeWriter.I(blocks) + ";");
                w.Line("int block = item - n * " + CodeWriter.I(blocks * parts) + " - part * " + CodeWriter.I(blocks) + ";");
                w.Line(PartRange(s));
            }
            else
            {
                w.Line("int n = item / " + CodeWriter.I(blocks) + ";");
                w.Line("int block = item - n * " + CodeWriter.I(blocks) + ";");
                w.Line(AllChannels(s));
            }

            if (t is not null && WinogradTiling.Staged(s))
            {
                w.Line("ref float yn = ref At(ref y, " + KernelGeometry.Times("n", g.OutItem) + ");");
                if (s.Residual)
                {
                    w.Line("ref float rn = ref At(ref residual, " + KernelGeometry.Times("n", g.OutItem) + ");");
                }
            }
            else
            {
                KernelParts.WriteItemBases(w, s, g);
            }

            string rn = s.Residual ? ", ref rn" : "";
            if (t is null)
            {
                w.Line("ref float v = ref " + KernelParts.ScratchAt(w, 1, (long)WinogradTiling.Elements(s) * s.InChannels) + ";");
                w.Open("for (int t = block * " + CodeWriter.I(tb) + "; t < global::System.Math.Min(block * " + CodeWriter.I(tb) + " + " + CodeWriter.I(tb) + ", " + CodeWriter.I(WinogradTiling.Tiles(s)) + "); t++)");
                w.Line("Tile(ref xn, ref u" + KernelParts.ChannelArgs(s) + ", ref yn" + rn + ", ref v, t, ocFrom, ocTo);");
                w.Close();
                w.Close();
                return;
            }

            string bits = CodeWriter.I(t.Bits);
            if (WinogradTiling.Staged(s))
            {
                w.Line("// Staged: x holds the transformed input of every block (Run's input stage); M (" + CodeWriter.I(WinogradTiling.Elements(s)) + " x Cout x " + CodeWriter.I(tb) + " tiles) is this thread's scratch.");
                w.Line("ref float v = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, ((nint)n * " + CodeWriter.I(blocks) + " + block) * " + CodeWriter.I(BlockInputElements(s)) + ");");
                w.Line("ref float m = ref " + KernelParts.ScratchAt(w, 2, (long)WinogradTiling.Elements(s) * s.OutChannels * tb) + ";");
            }
            else
            {
                w.Line("// Scratch of this thread: V (" + CodeWriter.I(WinogradTiling.Elements(s)) + " x Cin x " + CodeWriter.I(tb) + " tiles) and M (" + CodeWriter.I(WinogradTiling.Elements(s)) + " x Cout x " + CodeWriter.I(tb) + " tiles).");
                w.Line("ref float v = ref " + KernelParts.ScratchAt(w, 1, BlockInputElements(s)) + ";");
                w.Line("ref float m = ref " + KernelParts.ScratchAt(w, 2, (long)WinogradTiling.Elements(s) * s.OutChannels * tb) + ";");
                w.Line("Input" + CodeWriter.I(InputBits(s, t)) + "(ref xn, ref v, block, 0, " + CodeWriter.I(s.InChannels) + ");");
            }

            if (WinogradTiling.LaneGemm(s))
            {
                WinogradLaneGemm.WriteItemLoop(w, s, t);
                w.Line("Output" + bits + "(ref m" + KernelParts.ChannelArgs(s) + ", ref yn" + rn + ", block, ocFrom, ocTo);");
                w.Close();
                return;
            }

            WriteGemmLoops(w, s, t, WinogradTiling.Elements(s), "ocFrom", "ocTo");
            w.Line("Output" + bits + "(ref m" + KernelParts.ChannelArgs(s) + ", ref yn" + rn + ", block, ocFrom, ocTo);");
            w.Close();
        }

        /// <summary>The output channels [ocFrom, ocTo) of channel part <c>part</c> (<see cref="WinogradTiling.PartChannels"/> each, the last perhaps fewer).</summary>
        private static string PartRange(LayerShape s)
        {
            string part = CodeWriter.I(WinogradTiling.PartChannels(s));
            return "int ocFrom = part * " + part + ", ocTo = global::System.Math.Min(ocFrom + " + part + ", " + CodeWriter.I(s.OutChannels) + ");";
        }

        /// <summary>The output channels [ocFrom, ocTo) of an item of every channel.</summary>
        private static string AllChannels(LayerShape s) => "const int ocFrom = 0, ocTo = " + CodeWriter.I(s.OutChannels) + ";";

        /// <summary>
        /// An item of <paramref name="images"/> batch images (<see cref="WinogradTiling.GemmImages"/>; one block each, the
        /// lane GEMM, staged): part <c>part</c>'s output channels of images [n0, n0 + images). The vector paths run the GEMM
        /// of every image for each element and chunk of channels before the next (the chunk's weights stay in L1), each
        /// image into its own M, then each image's output transform; the scalar path runs the images' tiles one by one.
        /// </summary>
        private static void WriteImagesItem(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile? t, string name, int images)
        {
            int tb = WinogradTiling.BlockTiles(s), parts = WinogradTiling.ChannelParts(s);
            w.Line("/// <summary>One item" + (t is null ? ", scalar" : ", " + CodeWriter.I(t.Bits) + "-bit") + ": the " + CodeWriter.I(tb) + " tiles of batch items [n0, n0 + " + CodeWriter.I(images) + "), "
                + (parts > 1 ? "output channels [ocFrom, ocTo) (part <c>part</c> of " + CodeWriter.I(parts) + ")" : "every output channel") + ".</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void " + name + "(" + KernelParts.ItemParams(s).Replace("ref float w", "ref float u") + ")");
            if (parts > 1)
            {
                w.Line("int n0 = item / " + CodeWriter.I(parts) + " * " + CodeWriter.I(images) + ";");
                w.Line("int part = item - item / " + CodeWriter.I(parts) + " * " + CodeWriter.I(parts) + ";");
                w.Line(PartRange(s));
            }
            else
            {
                w.Line("int n0 = item * " + CodeWriter.I(images) + ";");
                w.Line(AllChannels(s));
            }

            w.Line("const int block = 0;");
            string rn = s.Residual ? ", ref rn" : "";
            if (t is null)
            {
                w.Line("ref float v = ref " + KernelParts.ScratchAt(w, 1, (long)WinogradTiling.Elements(s) * s.InChannels) + ";");
                w.Open("for (int n = n0; n < n0 + " + CodeWriter.I(images) + "; n++)");
                KernelParts.WriteItemBases(w, s, g);
                w.Open("for (int t = 0; t < " + CodeWriter.I(WinogradTiling.Tiles(s)) + "; t++)");
                w.Line("Tile(ref xn, ref u" + KernelParts.ChannelArgs(s) + ", ref yn" + rn + ", ref v, t, ocFrom, ocTo);");
                w.Close();
                w.Close();
                w.Close();
                return;
            }

            long mElements = (long)WinogradTiling.Elements(s) * s.OutChannels * tb;
            w.Line("// Staged: x holds the transformed input of every image (Run's input stage); M (" + CodeWriter.I(WinogradTiling.Elements(s)) + " x Cout x " + CodeWriter.I(tb)
                + " tiles per image, " + CodeWriter.I(images) + " images) is this thread's scratch.");
            w.Line("ref float vg = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, (nint)n0 * " + CodeWriter.I(BlockInputElements(s)) + ");");
            w.Line("ref float mg = ref " + KernelParts.ScratchAt(w, 2, mElements * images) + ";");
            WinogradLaneGemm.WriteItemLoop(w, s, t, images, BlockInputElements(s), mElements);
            w.Open("for (int n = n0; n < n0 + " + CodeWriter.I(images) + "; n++)");
            w.Line("ref float m = ref At(ref mg, " + KernelGeometry.Times("n - n0", mElements) + ");");
            w.Line("ref float yn = ref At(ref y, " + KernelGeometry.Times("n", g.OutItem) + ");");
            if (s.Residual)
            {
                w.Line("ref float rn = ref At(ref residual, " + KernelGeometry.Times("n", g.OutItem) + ");");
            }

            w.Line("Output" + CodeWriter.I(t.Bits) + "(ref m" + KernelParts.ChannelArgs(s) + ", ref yn" + rn + ", block, ocFrom, ocTo);");
            w.Close();
            w.Close();
        }

        // ---- vector stages --------------------------------------------------------------------------------------

        /// <summary>
        /// True when the input stage reads patches with contiguous row loads instead of gathers: F(4x4,3x3), zero padding
        /// (masked loads read it) and at least 4 tiles per tile row (a vector of 16 tiles spans at most 5 tile rows, one of
        /// 8 at most 3).
        /// </summary>
        private static bool RowLoads(LayerShape s) => !WinogradTiling.F2x2(s) && s.PaddingMode == PaddingMode.Zeros && WinogradTiling.TilesWide(s) >= 4;

        private static void WriteInput(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            if (WinogradTiling.ChannelsLast(s))
            {
                WinogradChannelsLast.WriteInput(w, s, g, t);
                return;
            }

            if (RowLoads(s))
            {
                WriteInputRows(w, s, g, t);
                return;
            }

            int tb = WinogradTiling.BlockTiles(s);
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            int lanes = t.Lanes;
            int tiles = WinogradTiling.Tiles(s), tw = WinogradTiling.TilesWide(s);
            int n = WinogradTiling.Alpha(s), mt = WinogradTiling.OutputTile(s), elements = n * n;
            w.Line("/// <summary>");
            w.Line("/// Input transform of one block, input channels [icFrom, icTo): for each vector of " + CodeWriter.I(lanes) + " tiles, the " + CodeWriter.I(elements) + " patch offsets of every lane are resolved once");
            w.Line("/// through the padding mode (lanes reading zero padding, or past the last tile, masked off); then for each input channel");
            w.Line("/// the patches are gathered and transformed, <c>B^T d B</c>, into <c>v[ic * " + CodeWriter.I(WinogradTiling.InputChannelStride(s)) + " + xi * " + CodeWriter.I(tb) + " + tile]</c> (one input channel's " + CodeWriter.I(elements) + " elements together).");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Input" + bits + "(ref float xn, ref float v, int block, int icFrom, int icTo)");
            w.Line("global::System.Span<int> offsets = stackalloc int[" + CodeWriter.I(elements * lanes) + "];");
            w.Line("global::System.Span<float> masks = stackalloc float[" + CodeWriter.I(elements * lanes) + "];");
            w.Line("ref int ob = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(offsets);");
            w.Line("ref float mb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(masks);");
            w.Line("global::System.Span<float> rows = stackalloc float[" + CodeWriter.I(elements * lanes) + "];");
            w.Line("ref float hb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(rows);");
            w.Open("for (int q = 0; q < " + CodeWriter.I(TileVectors(s, t)) + "; q++)");
            w.Line("int t0 = block * " + CodeWriter.I(tb) + " + q * " + CodeWriter.I(lanes) + ";");
            w.Open("for (int l = 0; l < " + CodeWriter.I(lanes) + "; l++)");
            w.Line("int tile = t0 + l;");
            w.Line("int iy0 = " + CodeWriter.I(mt) + " * (tile / " + CodeWriter.I(tw) + ") - " + CodeWriter.I(s.PadBefore[0]) + ", ix0 = " + CodeWriter.I(mt) + " * (tile % " + CodeWriter.I(tw) + ") - " + CodeWriter.I(s.PadBefore[1]) + ";");
            w.Open("for (int e = 0; e < " + CodeWriter.I(elements) + "; e++)");
            w.Line("int iy = " + KernelParts.Resolve(s.PaddingMode, "iy0 + e / " + CodeWriter.I(n), s.Input[0]) + ", ix = " + KernelParts.Resolve(s.PaddingMode, "ix0 + e % " + CodeWriter.I(n), s.Input[1]) + ";");
            w.Line("bool real = tile < " + CodeWriter.I(tiles) + " && iy >= 0 && ix >= 0;");
            w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref ob, e * " + CodeWriter.I(lanes) + " + l) = real ? " + KernelGeometry.Sum(KernelGeometry.Times("iy", g.InAxisStride[0]), "ix") + " : 0;");
            w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref mb, e * " + CodeWriter.I(lanes) + " + l) = real ? -1f : 0f;");
            w.Close();
            w.Close();
            w.Open("for (int ic = icFrom; ic < icTo; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("ic", g.InChannelStride) + ");");
            w.Line("ref float vt = ref At(ref v, " + KernelGeometry.Sum(KernelGeometry.Times("ic", WinogradTiling.InputChannelStride(s)), KernelGeometry.Times("q", lanes)) + ");");
            w.Line("// Row by row: gather the patch row, transform it along the columns (d B) into the row buffer; then column by column (B^T).");
            for (int r = 0; r < n; r++)
            {
                w.Open();
                var decl = new List<string>();
                for (int c = 0; c < n; c++)
                {
                    string e = CodeWriter.I(((long)n * r + c) * lanes);
                    decl.Add("d" + CodeWriter.I(c) + " = " + Rt + "VectorLoads.GatherMasked" + bits + "(ref xc, " + vec + ".LoadUnsafe(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref ob, " + e + ")), "
                        + vec + ".LoadUnsafe(ref At(ref mb, " + e + ")))");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
                WritePatchRowTransform(w, s, vec, r, lanes);
                w.Close();
            }

            WritePatchColumnTransforms(w, s, vec, vt, lanes, tb);
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// Patch row <paramref name="row"/> (<c>d0..d5</c>, one lane per tile) transformed along the columns (<c>d B</c>)
        /// into the row buffer <c>hb</c>: element c of row r at <c>(alpha r + c) * lanes</c>. A null row is the loop variable <c>r</c>.
        /// </summary>
        internal static void WritePatchRowTransform(CodeWriter w, LayerShape s, string vec, int? row, int lanes)
        {
            int n = WinogradTiling.Alpha(s);
            string[] values = InputTransform(s, Names("d", n, c => CodeWriter.I(c)));
            for (int c = 0; c < n; c++)
            {
                string at = row is int r ? CodeWriter.I(((long)n * r + c) * lanes) : "r * " + CodeWriter.I((long)n * lanes) + " + " + CodeWriter.I(c * (long)lanes);
                w.Line(vec + ".StoreUnsafe(" + values[c] + ", ref At(ref hb, " + at + "));");
            }
        }

        /// <summary>
        /// The second half of <c>B^T d B</c>: each column of the row buffer <c>hb</c> transformed along the rows and stored
        /// into <c>vt</c> at <c>(alpha r + c) * blockTiles</c> (the input channel's elements of this vector of tiles).
        /// </summary>
        internal static void WritePatchColumnTransforms(CodeWriter w, LayerShape s, string vec, string vt, int lanes, int blockTiles)
        {
            int n = WinogradTiling.Alpha(s);
            for (int c = 0; c < n; c++)
            {
                w.Open();
                var decl = new List<string>();
                for (int r = 0; r < n; r++)
                {
                    decl.Add("h" + CodeWriter.I(r) + " = " + vec + ".LoadUnsafe(ref At(ref hb, " + CodeWriter.I(((long)n * r + c) * lanes) + "))");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
                string[] col = InputTransform(s, Names("h", n, r => CodeWriter.I(r)));
                for (int r = 0; r < n; r++)
                {
                    w.Line(vec + ".StoreUnsafe(" + col[r] + ", ref At(ref vt, " + CodeWriter.I(((long)n * r + c) * blockTiles) + "));");
                }

                w.Close();
            }
        }

        /// <summary>
        /// The input stage without gathers (<see cref="RowLoads"/>). The tiles of a vector (16 on 512-bit, 8 on 256-bit) lie
        /// in a few tile rows (segments); in one input row, lane l of a segment needs columns <c>c0 + 4 l + c</c> for patch
        /// column c = 0..5, so five contiguous loads (80 or 40 columns, masked where they leave the row: zero padding) are
        /// split into the four column phases and the last two columns by lane shifts (<see cref="WritePhases"/>), then
        /// merged into the patch row under the segment's lane mask. Rows outside the input leave zero. The values are those
        /// the gathers read, so the results are the same bits on every path. Contiguous rows also keep the hardware
        /// prefetcher working where gathers over many channel planes did not (Zen 5, VGG's 224x224 layer: input stage
        /// 10.8 ms of 16.8 with gathers), and AVX2 gathers are slow on AMD cores (Zen 3: VGG spent 9 of its 27.5 ms in
        /// them; 18.7 ms with this stage, ResNet's 56x56 layer 1.315 -> 1.167).
        /// </summary>
        private static void WriteInputRows(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            int tb = WinogradTiling.BlockTiles(s);
            int tiles = WinogradTiling.Tiles(s), tw = WinogradTiling.TilesWide(s);
            int ih = s.Input[0], iw = s.Input[1], lanes = t.Lanes;
            int maxSegments = lanes / tw + 2;
            string bits = CodeWriter.I(t.Bits), ln = CodeWriter.I(lanes);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            string ints = "global::System.Runtime.Intrinsics.Vector" + bits + "<int>";
            w.Line("/// <summary>");
            w.Line("/// Input transform of one block, input channels [icFrom, icTo), <c>B^T d B</c> into <c>v[ic * " + CodeWriter.I(WinogradTiling.InputChannelStride(s)) + " + xi * " + CodeWriter.I(tb) + " + tile]</c>: patch rows read with");
            w.Line("/// contiguous (masked at the row's ends) loads, split into column phases by " + (t.Bits == 512 ? "permutes" : "a 4 x 8 transpose") + ", per tile-row segment of each vector.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Input" + bits + "(ref float xn, ref float v, int block, int icFrom, int icTo)");
            w.Line("global::System.Span<float> rows = stackalloc float[" + CodeWriter.I(36 * lanes) + "];");
            w.Line("ref float hb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(rows);");
            w.Line("// Segments of a vector: its lanes in one tile row. Per segment: the first input row of its tiles, the column of lane 0's patch, the lane mask.");
            w.Line("global::System.Span<int> segRow = stackalloc int[" + CodeWriter.I(maxSegments) + "];");
            w.Line("global::System.Span<int> segColumn = stackalloc int[" + CodeWriter.I(maxSegments) + "];");
            w.Line("global::System.Span<float> segLanes = stackalloc float[" + CodeWriter.I(maxSegments * lanes) + "];");
            w.Line("ref float lb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(segLanes);");
            WritePhaseIndices(w, t.Bits);
            w.Open("for (int q = 0; q < " + CodeWriter.I(TileVectors(s, t)) + "; q++)");
            w.Line("int t0 = block * " + CodeWriter.I(tb) + " + q * " + ln + ";");
            w.Line("int real = global::System.Math.Min(" + ln + ", " + CodeWriter.I(tiles) + " - t0); // lanes past the last tile stay zero");
            w.Line("int segments = 0;");
            w.Open("for (int lane = 0; lane < real; segments++)");
            w.Line("int tile = t0 + lane;");
            w.Line("int ty = tile / " + CodeWriter.I(tw) + ", tx = tile - ty * " + CodeWriter.I(tw) + ";");
            w.Line("int run = global::System.Math.Min(" + CodeWriter.I(tw) + " - tx, real - lane);");
            w.Line("segRow[segments] = 4 * ty - " + CodeWriter.I(s.PadBefore[0]) + ";");
            w.Line("segColumn[segments] = 4 * (tx - lane) - " + CodeWriter.I(s.PadBefore[1]) + ";");
            w.Line(vec + ".StoreUnsafe(" + vec + ".AsSingle(" + vec + ".LessThan(" + vec + ".AsUInt32(" + ints + ".Indices - " + vec + ".Create(lane)), " + vec + ".Create((uint)run))), ref At(ref lb, segments * " + ln + "));");
            w.Line("lane += run;");
            w.Close();
            w.Open("for (int ic = icFrom; ic < icTo; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("ic", g.InChannelStride) + ");");
            w.Line("ref float vt = ref At(ref v, " + KernelGeometry.Sum(KernelGeometry.Times("ic", WinogradTiling.InputChannelStride(s)), "q * " + ln) + ");");
            w.Line("// Row by row: assemble the patch row from the segments, transform it along the columns (d B) into the row buffer; then column by column (B^T).");
            w.Open("for (int r = 0; r < 6; r++)");
            w.Line(vt + " d0 = " + vt + ".Zero, d1 = " + vt + ".Zero, d2 = " + vt + ".Zero, d3 = " + vt + ".Zero, d4 = " + vt + ".Zero, d5 = " + vt + ".Zero;");
            w.Open("for (int sg = 0; sg < segments; sg++)");
            w.Line("int iy = segRow[sg] + r;");
            w.Open("if ((uint)iy >= " + CodeWriter.I(ih) + "u)");
            w.Line("continue; // the zero padding above or below the input");
            w.Close();
            w.Line("ref float xr = ref At(ref xc, " + KernelGeometry.Times("iy", g.InAxisStride[0]) + ");");
            w.Line("int c0 = segColumn[sg];");
            long ahead = (long)WinogradTiling.InputPrefetchChannels * g.InChannelStride * sizeof(float);
            if (ahead <= int.MaxValue)
            {
                // One prefetch per cache line (16 floats) of the segment's five loads.
                w.Line("// The same row segment " + CodeWriter.I(WinogradTiling.InputPrefetchChannels) + " input channels on, asked for in L1 now: the stage's rows jump a channel plane at a time, too many streams for the hardware prefetcher.");
                w.Line("for (int k = 0; k < " + CodeWriter.I(5 * lanes) + "; k += 16) " + Rt + "VectorLoads.PrefetchAhead(ref At(ref xr, c0 + k), " + CodeWriter.I(ahead) + ");");
            }

            WritePhases(w, t.Bits, "xr", "c0", iw);
            w.Line(vt + " m = " + vec + ".LoadUnsafe(ref At(ref lb, sg * " + ln + "));");
            w.Line("d0 = " + vec + ".ConditionalSelect(m, p0, d0); d1 = " + vec + ".ConditionalSelect(m, p1, d1); d2 = " + vec + ".ConditionalSelect(m, p2, d2);");
            w.Line("d3 = " + vec + ".ConditionalSelect(m, p3, d3); d4 = " + vec + ".ConditionalSelect(m, p4, d4); d5 = " + vec + ".ConditionalSelect(m, p5, d5);");
            w.Close();
            WritePatchRowTransform(w, s, vec, null, lanes);
            w.Close();
            WritePatchColumnTransforms(w, s, vec, vt, lanes, tb);

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>The 512-bit phase split's permute indices (<see cref="WritePhases"/>), declared once per method; nothing on 256-bit.</summary>
        internal static void WritePhaseIndices(CodeWriter w, int bits)
        {
            if (bits != 512)
            {
                return;
            }

            w.Line("// Element j of the first 32 columns (two loads) at j = 4 lane + phase, for lanes 0..7: the permute indices of phases 0..3.");
            w.Line("global::System.Runtime.Intrinsics.Vector512<int> i0 = global::System.Runtime.Intrinsics.Vector512<int>.Indices * 4, i1 = i0 + global::System.Runtime.Intrinsics.Vector512<int>.One;");
            w.Line("global::System.Runtime.Intrinsics.Vector512<int> i2 = i1 + global::System.Runtime.Intrinsics.Vector512<int>.One, i3 = i2 + global::System.Runtime.Intrinsics.Vector512<int>.One;");
        }

        /// <summary>
        /// Five loads <c>l0..l4</c> of consecutive vectors from column <paramref name="column"/> of <paramref name="row"/>
        /// (masked where they leave <c>[0, width)</c>: the zero padding), split into <c>p0..p5</c>: lane l of <c>p{c}</c> is
        /// column <c>column + 4 l + c</c>. 512-bit: phases 0..3 by two-source permutes of the first four loads (indices from
        /// <see cref="WritePhaseIndices"/>), 4 and 5 by <c>valignd</c>; 256-bit: a 4 x 8 transpose
        /// (<c>VectorLanes.Phases4x256</c>) and <c>NextLane256</c>.
        /// </summary>
        internal static void WritePhases(CodeWriter w, int bits, string row, string column, int width)
        {
            int lanes = bits / 32;
            string vt = bits == 512 ? "F32x16" : "F32x8";
            for (int k = 0; k < 5; k++)
            {
                w.Line(vt + " l" + CodeWriter.I(k) + " = " + KernelParts.RowLoad(bits, row, k == 0 ? column : column + " + " + CodeWriter.I((long)lanes * k), width, stride2: false, masked: true) + ";");
            }

            if (bits == 512)
            {
                string perm = Rt + "VectorLanes.Permute2x512", align = Rt + "VectorLanes.AlignRight512";
                for (int c = 0; c < 4; c++)
                {
                    string ic = "i" + CodeWriter.I(c);
                    w.Line("F32x16 p" + CodeWriter.I(c) + " = Vec512.Create(Vec512.GetLower(" + perm + "(l0, " + ic + ", l1)), Vec512.GetLower(" + perm + "(l2, " + ic + ", l3)));");
                }

                w.Line("F32x16 p4 = " + align + "(l4, p0, 1);");
                w.Line("F32x16 p5 = " + align + "(" + align + "(l4, l4, 1), p1, 1);");
            }
            else
            {
                w.Line(Rt + "VectorLanes.Phases4x256(l0, l1, l2, l3, out F32x8 p0, out F32x8 p1, out F32x8 p2, out F32x8 p3);");
                w.Line("F32x8 p4 = " + Rt + "VectorLanes.NextLane256(p0, l4), p5 = " + Rt + "VectorLanes.NextLaneOfSecond256(p1, l4);");
            }
        }

        /// <summary>
        /// The tile-lane GEMM register tile of the last block when the map's tiles leave it partly empty: only the vectors
        /// that hold tiles, with as many more channels as keep the accumulators at the full tile's count (256-bit 12 x 1,
        /// 6 x 2 or 4 x 3 for the 3 x 4 tile; 512-bit 24 x 1 for 12 x 2). Null when the last block is full (or the lane
        /// GEMM runs). ResNet's 56x56 layer (196 tiles: 6 blocks of 32 and one of 4) ran its last block at 86% of a full
        /// one's time, so on two threads its 7 items split 4 + 3.
        /// </summary>
        internal static VectorTile? LastBlockTile(LayerShape s, VectorTile t)
        {
            if (WinogradTiling.LaneGemm(s))
            {
                return null;
            }

            int vectors = (LastBlockTiles(s) + t.Lanes - 1) / t.Lanes;
            return vectors >= t.Vectors ? null : new VectorTile(t.Bits, t.Lanes, System.Math.Max(1, System.Math.Min(s.OutChannels, t.Channels * t.Vectors / vectors)), vectors);
        }

        /// <summary>Tiles of the map in its last block.</summary>
        internal static int LastBlockTiles(LayerShape s) => WinogradTiling.Tiles(s) - (WinogradTiling.Blocks(s) - 1) * WinogradTiling.BlockTiles(s);

        /// <summary>The GEMM kernels of one path: the full tile's sizes (<see cref="GemmSizes"/>), then the last block's (<see cref="LastBlockTile"/>).</summary>
        internal static void WriteGemms(CodeWriter w, LayerShape s, VectorTile t, int run = 0)
        {
            VectorTile? lastTile = LastBlockTile(s, t);
            // A map of one block runs only the last block's GEMMs.
            foreach (int channels in lastTile is not null && WinogradTiling.Blocks(s) == 1 ? new List<int>() : GemmSizes(s, t))
            {
                w.Line();
                WriteGemm(w, s, t, channels, "", run);
            }

            if (lastTile is VectorTile last)
            {
                foreach (int channels in GemmSizes(s, last))
                {
                    w.Line();
                    WriteGemm(w, s, last, channels, LastSuffix(last), run);
                }
            }
        }

        /// <summary>The name suffix of the last block's GEMMs: their vector count (<c>Gemm256x12x1</c>: 12 channels x 1 vector).</summary>
        private static string LastSuffix(VectorTile last) => "x" + CodeWriter.I(last.Vectors);

        /// <summary>
        /// An item's GEMMs, element by element, over output channels [<paramref name="from"/>, <paramref name="to"/>): full
        /// register tiles, then the remainder; the last block, when partly empty, with its own tiles (<see cref="LastBlockTile"/>).
        /// </summary>
        internal static void WriteGemmLoops(CodeWriter w, LayerShape s, VectorTile t, int elements, string from, string to)
        {
            if (LastBlockTile(s, t) is not VectorTile last)
            {
                WriteGemmLoop(w, s, t, elements, from, to, "");
                return;
            }

            w.Line("// The last block holds " + CodeWriter.I(LastBlockTiles(s)) + " of its " + CodeWriter.I(WinogradTiling.BlockTiles(s)) + " tiles: its GEMMs run over the " + CodeWriter.I(last.Vectors) + " vector(s) holding them, "
                + CodeWriter.I(last.Channels) + " channels at a time.");
            if (WinogradTiling.Blocks(s) == 1)
            {
                WriteGemmLoop(w, s, last, elements, from, to, LastSuffix(last));
                return;
            }

            w.Open("if (block == " + CodeWriter.I(WinogradTiling.Blocks(s) - 1) + ")");
            WriteGemmLoop(w, s, last, elements, from, to, LastSuffix(last));
            w.Close();
            w.Open("else");
            WriteGemmLoop(w, s, t, elements, from, to, "");
            w.Close();
        }

        private static void WriteGemmLoop(CodeWriter w, LayerShape s, VectorTile t, int elements, string from, string to, string suffix)
        {
            string bits = CodeWriter.I(t.Bits);
            w.Line("// Element by element: V[xi] (Cin x " + CodeWriter.I(WinogradTiling.BlockTiles(s)) + ") stays in L1 while every channel block multiplies it.");
            w.Open("for (int xi = 0; xi < " + CodeWriter.I(elements) + "; xi++)");
            w.Line("int oc0 = " + from + ";");
            w.Open("for (; oc0 + " + CodeWriter.I(t.Channels) + " <= " + to + "; oc0 += " + CodeWriter.I(t.Channels) + ")");
            w.Line("Gemm" + bits + "x" + CodeWriter.I(t.Channels) + suffix + "(ref u, ref v, ref m, oc0, xi);");
            w.Close();
            List<int> rest = GemmSizes(s, t);
            for (int i = 1; i < rest.Count; i++)
            {
                w.Line((i > 1 ? "else " : "") + "if (" + to + " - oc0 == " + CodeWriter.I(rest[i]) + ") { Gemm" + bits + "x" + CodeWriter.I(rest[i]) + suffix + "(ref u, ref v, ref m, oc0, xi); }");
            }

            w.Close();
        }

        /// <summary>
        /// One tile-lane GEMM kernel. <paramref name="run"/>: 0 for the plain weights <c>U[xi][ic][oc]</c>, or the width of the
        /// output-channel runs the weights are packed in (<c>WinogradF43.BlockedOffset</c>; the 1-D form's
        /// <see cref="Winograd1D.WeightRun"/>), every call's channels inside one run.
        /// </summary>
        internal static void WriteGemm(CodeWriter w, LayerShape s, VectorTile t, int channels, string suffix = "", int run = 0)
        {
            int tb = WinogradTiling.BlockTiles(s);
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            int cin = s.InChannels, cout = s.OutChannels;
            w.Line("/// <summary>");
            w.Line("/// Element <paramref name=\"xi\"/>: <c>M[xi][oc0 + b][tile] = sum over ic of U[xi][ic][oc0 + b] * V[xi][ic][tile]</c> for " + CodeWriter.I(channels)
                + " channels x " + CodeWriter.I(System.Math.Min(tb, t.Vectors * t.Lanes)) + " tiles" + (suffix.Length > 0 ? " (the last block's first " + CodeWriter.I(t.Vectors) + " vector(s))" : "") + " (" + CodeWriter.I(channels * t.Vectors) + " accumulators), one fused multiply-add chain per output in input-channel order.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Gemm" + bits + "x" + CodeWriter.I(channels) + suffix + "(ref float u, ref float v, ref float m, int oc0, int xi)");
            string uStride = CodeWriter.I(cout);
            if (run > 0 && run < cout)
            {
                w.Line("// The weights of element xi in runs of " + CodeWriter.I(run) + " output channels, input channel by input channel (Cin x width consecutive floats a run" + (cout % run == 0 ? "" : "; the last run " + CodeWriter.I(cout % run) + " wide")
                    + "): oc0's run starts at channel runStart, and every channel of this call lies in it.");
                uStride = Winograd1D.WriteRunStart(w, "oc0", run, cout);
                w.Line("ref float ux = ref At(ref u, " + KernelGeometry.Sum(KernelGeometry.Times("xi", (long)cin * cout), KernelGeometry.Times("runStart", cin), "oc0 - runStart") + ");");
            }
            else
            {
                w.Line("ref float ux = ref At(ref u, " + KernelGeometry.Sum(KernelGeometry.Times("xi", (long)cin * cout), "oc0") + ");");
            }

            w.Line("ref float vx = ref At(ref v, " + KernelGeometry.Times("xi", tb) + ");");
            for (int b = 0; b < channels; b++)
            {
                var decl = new List<string>();
                for (int q = 0; q < t.Vectors; q++)
                {
                    decl.Add("a" + CodeWriter.I(b) + "_" + CodeWriter.I(q) + " = " + vt + ".Zero");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
            }

            if (WinogradTiling.StreamsInput256(t, channels))
            {
                // The channels' weights broadcast once per input channel and held; each V vector loaded once and multiplied
                // into every channel's accumulator (WinogradTiling.StreamsInput256: the V vectors would not fit beside them).
                w.Line("ref float vr = ref vx;");
                w.Line("ref float ur = ref ux;");
                w.Open("for (int ic = 0; ic < " + CodeWriter.I(cin) + "; ic++)");
                for (int b = 0; b < channels; b++)
                {
                    w.Line(vt + " c" + CodeWriter.I(b) + " = " + KernelParts.Broadcast(vec, "At(ref ur, " + CodeWriter.I(b) + ")") + ";");
                }

                for (int q = 0; q < t.Vectors; q++)
                {
                    w.Line("{");
                    w.Line("    " + vt + " x = " + vec + ".LoadUnsafe(ref At(ref vr, " + CodeWriter.I((long)q * t.Lanes) + "));");
                    for (int b = 0; b < channels; b++)
                    {
                        string a = "a" + CodeWriter.I(b) + "_" + CodeWriter.I(q);
                        w.Line("    " + a + " = " + vec + ".FusedMultiplyAdd(c" + CodeWriter.I(b) + ", x, " + a + ");");
                    }

                    w.Line("}");
                }

                w.Line("vr = ref At(ref vr, " + CodeWriter.I(WinogradTiling.InputChannelStride(s)) + ");");
                w.Line("ur = ref At(ref ur, " + uStride + ");");
                w.Close();
                WriteGemmStores(w, t, channels, vec, cout, tb);
                w.Close();
                return;
            }

            w.Open("for (int ic = 0; ic < " + CodeWriter.I(cin) + "; ic++)");
            w.Line("ref float vr = ref At(ref vx, " + KernelGeometry.Times("ic", WinogradTiling.InputChannelStride(s)) + ");");
            w.Line("ref float ur = ref At(ref ux, " + (uStride == CodeWriter.I(cout) ? KernelGeometry.Times("ic", cout) : "ic * " + uStride) + ");");
            for (int q = 0; q < t.Vectors; q++)
            {
                w.Line(vt + " x" + CodeWriter.I(q) + " = " + vec + ".LoadUnsafe(ref At(ref vr, " + CodeWriter.I((long)q * t.Lanes) + "));");
            }

            for (int b = 0; b < channels; b++)
            {
                w.Line("{");
                w.Line("    " + vt + " c = " + vec + ".Create(At(ref ur, " + CodeWriter.I(b) + "));");
                for (int q = 0; q < t.Vectors; q++)
                {
                    string a = "a" + CodeWriter.I(b) + "_" + CodeWriter.I(q);
                    w.Line("    " + a + " = " + vec + ".FusedMultiplyAdd(c, x" + CodeWriter.I(q) + ", " + a + ");");
                }

                w.Line("}");
            }

            w.Close();
            WriteGemmStores(w, t, channels, vec, cout, tb);
            w.Close();
        }

        /// <summary>The GEMM tile's accumulators into M: <c>m[xi][oc0 + b][tile]</c>.</summary>
        private static void WriteGemmStores(CodeWriter w, VectorTile t, int channels, string vec, int cout, int tb)
        {
            w.Line("ref float mx = ref At(ref m, " + KernelGeometry.Sum(KernelGeometry.Times("xi", (long)cout * tb), KernelGeometry.Times("oc0", tb)) + ");");
            for (int b = 0; b < channels; b++)
            {
                for (int q = 0; q < t.Vectors; q++)
                {
                    w.Line(vec + ".StoreUnsafe(a" + CodeWriter.I(b) + "_" + CodeWriter.I(q) + ", ref At(ref mx, " + CodeWriter.I((long)b * tb + (long)q * t.Lanes) + "));");
                }
            }
        }

        private static void WriteOutput(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            if (WinogradTiling.ChannelsLast(s))
            {
                WinogradChannelsLast.WriteOutput(w, s, g, t);
                return;
            }

            int tb = WinogradTiling.BlockTiles(s);
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            int lanes = t.Lanes;
            int n = WinogradTiling.Alpha(s), mt = WinogradTiling.OutputTile(s);
            string ms = CodeWriter.I(mt);
            w.Line("/// <summary>");
            w.Line("/// Output transform of channels [ocFrom, ocTo) for one block: <c>A^T M A</c> per tile, in registers over");
            w.Line("/// " + CodeWriter.I(lanes) + " tiles, then each tile's " + ms + "x" + ms + " outputs (clipped at the edges) with the epilogue.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            string rp = s.Residual ? ", ref float rn" : "";
            w.Open("private static void Output" + bits + "(ref float m" + KernelParts.ChannelParams(s) + ", ref float yn" + rp + ", int block, int ocFrom, int ocTo)");
            w.Line("global::System.Span<float> result = stackalloc float[" + CodeWriter.I((mt * mt + 1) * lanes) + "]; // " + ms + " rows x " + ms + " columns x lanes, and one vector of slack for the last partial load");
            w.Line("ref float ob = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(result);");
            w.Line("global::System.Span<float> columnTransforms = stackalloc float[" + CodeWriter.I(mt * n * lanes) + "];");
            w.Line("ref float pb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(columnTransforms);");
            w.Open("for (int oc = ocFrom; oc < ocTo; oc++)");
            WriteChannelScalars(w, s);
            w.Open("for (int q = 0; q < " + CodeWriter.I(TileVectors(s, t)) + "; q++)");
            w.Line("ref float mb = ref At(ref m, " + KernelGeometry.Sum(KernelGeometry.Times("oc", tb), KernelGeometry.Times("q", lanes)) + ");");
            bool direct = KernelParts.HasVectorActivation(s);
            int tilesAll = WinogradTiling.Tiles(s), twAll = WinogradTiling.TilesWide(s);
            if (direct)
            {
                w.Line("// A full run: the " + CodeWriter.I(lanes) + " tiles lie in one tile row, whole inside the output; their rows go straight from registers to the output.");
                w.Line("int f0 = block * " + CodeWriter.I(tb) + " + q * " + CodeWriter.I(lanes) + ", fy = f0 / " + CodeWriter.I(twAll) + ", fx = f0 - fy * " + CodeWriter.I(twAll) + ";");
                w.Line("bool full = f0 + " + CodeWriter.I(lanes) + " <= " + CodeWriter.I(tilesAll) + " && fx + " + CodeWriter.I(lanes) + " <= " + CodeWriter.I(twAll) + " && " + ms + " * (fx + " + CodeWriter.I(lanes) + ") <= "
                    + CodeWriter.I(s.Output[1]) + " && " + ms + " * (fy + 1) <= " + CodeWriter.I(s.Output[0]) + ";");
            }

            w.Line("// Column by column (A^T, " + CodeWriter.I(n) + " -> " + ms + " rows) into the row buffer; then row by row (" + CodeWriter.I(n) + " -> " + ms + " columns), interleaving each output row's");
            w.Line("// " + ms + " column vectors into tile order (tile l's " + ms + " columns at " + ms + "l .. " + ms + "l+" + CodeWriter.I(mt - 1) + "), row i at " + CodeWriter.I(mt * lanes) + "*i.");
            for (int c = 0; c < n; c++)
            {
                w.Open();
                var decl = new List<string>();
                for (int r = 0; r < n; r++)
                {
                    decl.Add("m" + CodeWriter.I(r) + " = " + vec + ".LoadUnsafe(ref At(ref mb, " + CodeWriter.I(((long)n * r + c) * s.OutChannels * tb) + "))");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
                string[] col = OutputTransform(s, Names("m", n, r => CodeWriter.I(r)));
                for (int i = 0; i < mt; i++)
                {
                    w.Line(vec + ".StoreUnsafe(" + col[i] + ", ref At(ref pb, " + CodeWriter.I(((long)n * i + c) * lanes) + "));");
                }

                w.Close();
            }

            string il = Rt + "VectorLanes.InterleaveLower" + bits, iu = Rt + "VectorLanes.InterleaveUpper" + bits;
            for (int i = 0; i < mt; i++)
            {
                w.Open();
                var decl = new List<string>();
                for (int c = 0; c < n; c++)
                {
                    decl.Add("p" + CodeWriter.I(c) + " = " + vec + ".LoadUnsafe(ref At(ref pb, " + CodeWriter.I(((long)n * i + c) * lanes) + "))");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
                string[] row = OutputTransform(s, Names("p", n, c => CodeWriter.I(c)));
                string at = CodeWriter.I((long)mt * i * lanes);
                string[] rowVectors;
                if (mt == 2)
                {
                    w.Line(vt + " o0 = " + row[0] + ", o1 = " + row[1] + ";");
                    rowVectors = new[] { il + "(o0, o1)", iu + "(o0, o1)" };
                }
                else
                {
                    w.Line(vt + " o0 = " + row[0] + ", o1 = " + row[1] + ", o2 = " + row[2] + ", o3 = " + row[3] + ";");
                    w.Line(vt + " ac0 = " + il + "(o0, o2), ac1 = " + iu + "(o0, o2), bd0 = " + il + "(o1, o3), bd1 = " + iu + "(o1, o3);");
                    rowVectors = new[] { il + "(ac0, bd0)", iu + "(ac0, bd0)", il + "(ac1, bd1)", iu + "(ac1, bd1)" };
                }

                if (direct)
                {
                    string rowAt = KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), KernelGeometry.Times("(" + ms + " * fy + " + CodeWriter.I(i) + ")", g.OutAxisStride[0]), ms + " * fx");
                    w.Open("if (full)");
                    w.Line("ref float dst = ref At(ref yn, " + rowAt + ");");
                    if (s.Residual)
                    {
                        w.Line("ref float res = ref At(ref rn, " + rowAt + ");");
                    }

                    for (int k = 0; k < rowVectors.Length; k++)
                    {
                        string off = CodeWriter.I((long)k * lanes);
                        string e = KernelParts.VectorEpilogue(s, vec, rowVectors[k], "At(ref bias, oc)", "scale", "shift", vec + ".LoadUnsafe(ref At(ref res, " + off + "))");
                        w.Line(vec + ".StoreUnsafe(" + e + ", ref At(ref dst, " + off + "));");
                    }

                    w.Close();
                    w.Open("else");
                }

                for (int k = 0; k < rowVectors.Length; k++)
                {
                    w.Line(vec + ".StoreUnsafe(" + rowVectors[k] + ", ref At(ref ob, " + at + (k == 0 ? "" : " + " + CodeWriter.I((long)k * lanes)) + "));");
                }

                if (direct)
                {
                    w.Close();
                }

                w.Close();
            }

            int tiles = WinogradTiling.Tiles(s), tw = WinogradTiling.TilesWide(s), oh = s.Output[0], ow = s.Output[1];
            if (direct)
            {
                w.Open("if (full)");
                w.Line("continue;");
                w.Close();
            }

            w.Line("// Runs of lanes in one tile row are consecutive columns of the output rows: epilogue and store by vectors (clipped at the edges).");
            w.Line("int t0 = block * " + CodeWriter.I(tb) + " + q * " + CodeWriter.I(lanes) + ";");
            w.Open("for (int l = 0; l < " + CodeWriter.I(lanes) + " && t0 + l < " + CodeWriter.I(tiles) + ";)");
            w.Line("int tile = t0 + l;");
            w.Line("int ty = tile / " + CodeWriter.I(tw) + ", tx = tile - ty * " + CodeWriter.I(tw) + ";");
            w.Line("int run = global::System.Math.Min(global::System.Math.Min(" + CodeWriter.I(lanes) + " - l, " + CodeWriter.I(tw) + " - tx), " + CodeWriter.I(tiles) + " - tile);");
            w.Line("int columns = global::System.Math.Min(" + ms + " * run, " + CodeWriter.I(ow) + " - " + ms + " * tx), rows = global::System.Math.Min(" + ms + ", " + CodeWriter.I(oh) + " - " + ms + " * ty);");
            w.Open("for (int i = 0; i < rows; i++)");
            w.Line("ref float src = ref At(ref ob, " + CodeWriter.I(mt * lanes) + " * i + " + ms + " * l);");
            w.Line("ref float dst = ref At(ref yn, " + KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), KernelGeometry.Times("(" + ms + " * ty + i)", g.OutAxisStride[0]), ms + " * tx") + ");");
            if (s.Residual)
            {
                w.Line("ref float res = ref At(ref rn, " + KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), KernelGeometry.Times("(" + ms + " * ty + i)", g.OutAxisStride[0]), ms + " * tx") + ");");
            }

            WriteRowStore(w, s, t, "src");
            w.Close();
            w.Line("l += run;");
            w.Close();
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The store of one output row piece of channel <c>oc</c>: <c>columns</c> values from <paramref name="source"/> to
        /// <c>dst</c> (residual at <c>res</c>) with the epilogue, by vectors (the last one masked) where the activation has a
        /// vector form, else element by element through the scalar function (bitwise equal to the scalar path).
        /// </summary>
        internal static void WriteRowStore(CodeWriter w, LayerShape s, VectorTile t, string source)
        {
            string bits = CodeWriter.I(t.Bits), l = CodeWriter.I(t.Lanes);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            if (KernelParts.HasVectorActivation(s))
            {
                w.Open("for (int c = 0; c < columns; c += " + l + ")");
                w.Line("bool whole = c + " + l + " <= columns;");
                string residual = "(whole ? " + vec + ".LoadUnsafe(ref At(ref res, c)) : " + Rt + "VectorLoads.MaskLoad" + bits + "(ref res, c, " + Rt + "VectorLoads.ColumnMask" + bits + "(c, columns)))";
                string e = KernelParts.VectorEpilogue(s, vec, vec + ".LoadUnsafe(ref At(ref " + source + ", c))", "At(ref bias, oc)", "scale", "shift", residual);
                w.Line(vt + " value = " + e + ";");
                w.Line("if (whole) { " + vec + ".StoreUnsafe(value, ref At(ref dst, c)); } else { " + Rt + "VectorLanes.StoreColumns" + bits + "(value, ref dst, c, columns); }");
                w.Close();
            }
            else
            {
                WriteScalarEpilogueLoop(w, s, source, "columns");
            }
        }

        /// <summary>
        /// Channel <c>oc</c>'s outputs <c>dst[0 .. bound)</c> from <c>source[c]</c> through the scalar epilogue, for an
        /// activation without a vector form (bitwise the scalar path's); <paramref name="fill"/>, when given, is the
        /// statement that first puts the values in <c>source</c>.
        /// </summary>
        internal static void WriteScalarEpilogueLoop(CodeWriter w, LayerShape s, string source, string bound, string? fill = null)
        {
            w.Line("// The " + s.Activation + " activation runs through the scalar function (bitwise equal to the scalar path).");
            if (fill is not null)
            {
                w.Line(fill);
            }

            w.Open("for (int c = 0; c < " + bound + "; c++)");
            w.Line("At(ref dst, c) = " + KernelParts.ScalarEpilogue(s, "At(ref " + source + ", c)", s.Bias ? "At(ref bias, oc)" : null, "scale", "shift", "At(ref res, c)") + ";");
            w.Close();
        }

        internal static void WriteChannelScalars(CodeWriter w, LayerShape s)
        {
            if (s.BatchNorm)
            {
                w.Line("float scale = Scale(ref gamma, ref runningVar, oc);");
                w.Line("float shift = Shift(ref beta, ref runningMean, scale, oc);");
            }
        }

        /// <summary>Stores one tile's m x m outputs of channel <c>oc</c> (value i*m+j from <paramref name="value"/>) with the epilogue, clipped at the edges.</summary>
        private static void WriteTileStore(CodeWriter w, LayerShape s, KernelGeometry g, string tile, System.Func<int, string> value)
        {
            int oh = s.Output[0], ow = s.Output[1], tw = WinogradTiling.TilesWide(s), mt = WinogradTiling.OutputTile(s);
            string ms = CodeWriter.I(mt);
            w.Line("int oy = " + ms + " * ((" + tile + ") / " + CodeWriter.I(tw) + "), ox = " + ms + " * ((" + tile + ") % " + CodeWriter.I(tw) + ");");
            w.Line("int rows = global::System.Math.Min(" + ms + ", " + CodeWriter.I(oh) + " - oy), columns = global::System.Math.Min(" + ms + ", " + CodeWriter.I(ow) + " - ox);");
            for (int i = 0; i < mt; i++)
            {
                w.Open("if (" + CodeWriter.I(i) + " < rows)");
                w.Line("int row = " + KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), KernelGeometry.Times("(oy + " + CodeWriter.I(i) + ")", g.OutAxisStride[0]), KernelGeometry.Times("ox", g.OutAxisStride[1])) + ";");
                for (int j = 0; j < mt; j++)
                {
                    string index = "row + " + CodeWriter.I(j * g.OutAxisStride[1]);
                    string e = KernelParts.ScalarEpilogue(s, value(mt * i + j), s.Bias ? "At(ref bias, oc)" : null, "scale", "shift", "At(ref rn, " + index + ")");
                    w.Line("if (" + CodeWriter.I(j) + " < columns) { At(ref yn, " + index + ") = " + e + "; }");
                }

                w.Close();
            }
        }

        // ---- scalar ---------------------------------------------------------------------------------------------

        private static void WriteScalarTile(CodeWriter w, LayerShape s, KernelGeometry g)
        {
            int cin = s.InChannels, cout = s.OutChannels, tw = WinogradTiling.TilesWide(s);
            int n = WinogradTiling.Alpha(s), elements = n * n, mt = WinogradTiling.OutputTile(s);
            w.Line("/// <summary>One tile, scalar, output channels [ocFrom, ocTo): the same transforms and chains as the vector paths, for one lane.</summary>");
            KernelParts.RunAttributes(w);
            string rp = s.Residual ? ", ref float rn" : "";
            w.Open("private static void Tile(ref float xn, ref float u" + KernelParts.ChannelParams(s) + ", ref float yn" + rp + ", ref float v, int t, int ocFrom, int ocTo)");
            w.Line("int iy = " + CodeWriter.I(mt) + " * (t / " + CodeWriter.I(tw) + ") - " + CodeWriter.I(s.PadBefore[0]) + ", ix = " + CodeWriter.I(mt) + " * (t % " + CodeWriter.I(tw) + ") - " + CodeWriter.I(s.PadBefore[1]) + ";");
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(cin) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("ic", g.InChannelStride) + ");");
            for (int r = 0; r < n; r++)
            {
                var decl = new List<string>();
                for (int c = 0; c < n; c++)
                {
                    decl.Add("d" + CodeWriter.I(r) + "_" + CodeWriter.I(c) + " = Sample(ref xc, iy + " + CodeWriter.I(r) + ", ix + " + CodeWriter.I(c) + ")");
                }

                w.Line("float " + string.Join(", ", decl) + ";");
            }

            WritePatchTransform(w, s, "float", (xi, e) => "At(ref v, " + KernelGeometry.Sum(CodeWriter.I((long)xi * cin), "ic") + ") = " + e);
            w.Close();
            w.Open("for (int oc = ocFrom; oc < ocTo; oc++)");
            WriteChannelScalars(w, s);
            for (int xi = 0; xi < elements; xi++)
            {
                w.Line("float m" + CodeWriter.I(xi) + " = 0f;");
            }

            string uo = "ref u";
            if (WinogradTiling.LaneGemm(s))
            {
                int block = WinogradTiling.LaneGemmBlock;
                w.Line("// The weights are in blocks of " + CodeWriter.I(block) + " output channels (the lane GEMM's layout): this channel's block, input channel by input channel.");
                w.Line(WinogradLaneGemm.WeightBlockStart(s, "oc"));
                w.Line("ref float uo = ref At(ref u, " + CodeWriter.I(cin) + " * c0 + oc - c0);");
                uo = "ref uo";
            }

            w.Open("for (int ic = 0; ic < " + CodeWriter.I(cin) + "; ic++)");
            for (int xi = 0; xi < elements; xi++)
            {
                string ui = WinogradTiling.LaneGemm(s)
                    ? KernelGeometry.Sum(CodeWriter.I((long)xi * cin * cout), "ic * width")
                    : KernelGeometry.Sum(CodeWriter.I((long)xi * cin * cout), KernelGeometry.Times("ic", cout), "oc");
                w.Line("m" + CodeWriter.I(xi) + " = " + MathF + ".FusedMultiplyAdd(At(" + uo + ", " + ui + "), At(ref v, "
                    + KernelGeometry.Sum(CodeWriter.I((long)xi * cin), "ic") + "), m" + CodeWriter.I(xi) + ");");
            }

            w.Close();
            WriteTileOutputTransform(w, s, "float");
            WriteTileStore(w, s, g, "t", e => "o" + CodeWriter.I(e / mt) + "_" + CodeWriter.I(e % mt));
            w.Close();
            w.Close();
        }

        private static void WriteSample(CodeWriter w, LayerShape s, KernelGeometry g)
        {
            w.Line("/// <summary>One input element of a patch, through the padding mode (" + s.PaddingMode.ToString().ToLowerInvariant() + ").</summary>");
            KernelParts.InlineAttributes(w);
            w.Open("private static float Sample(ref float xc, int iy, int ix)");
            w.Line("iy = " + KernelParts.Resolve(s.PaddingMode, "iy", s.Input[0]) + ";");
            w.Line("ix = " + KernelParts.Resolve(s.PaddingMode, "ix", s.Input[1]) + ";");
            w.Line(s.PaddingMode == PaddingMode.Zeros
                ? "return iy < 0 || ix < 0 ? 0f : At(ref xc, " + KernelGeometry.Sum(KernelGeometry.Times("iy", g.InAxisStride[0]), KernelGeometry.Times("ix", g.InAxisStride[1])) + ");"
                : "return At(ref xc, " + KernelGeometry.Sum(KernelGeometry.Times("iy", g.InAxisStride[0]), KernelGeometry.Times("ix", g.InAxisStride[1])) + ");");
            w.Close();
        }
    }
}
