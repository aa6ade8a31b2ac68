using System.Collections.Generic;
using System.Linq;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Winograd F(4,3), the 1-D form of <see cref="Winograd"/>, for 1-D convolutions with a kernel of 3, stride 1 and
    /// dilation 1 or an even dilation (NCL, one group). The output signal is cut into tiles of 4 outputs (tile t: outputs
    /// 4t .. 4t+3, input points 4t - pad .. 4t - pad + 5; dilated by d, outputs o, o + d, o + 2d, o + 3d with
    /// o = 4d (t / d) + t % d, <see cref="WinogradTiling.TileDilation"/>); an item is a block of
    /// <see cref="WinogradTiling.BlockTiles"/> consecutive tiles of one batch item and runs the three stages of the 2-D
    /// form with 6 transformed elements instead of 36:
    /// <list type="number">
    /// <item>input transform <c>V = B^T d</c> of each tile's 6 input points, vectorised over the block's tiles (lanes):
    /// the points gathered, borders through the padding mode;</item>
    /// <item>6 GEMMs <c>M[xi] = U[xi] V[xi]</c> over input channels (the 2-D form's micro-kernel, <see cref="Winograd.WriteGemm"/>);</item>
    /// <item>output transform <c>A^T M</c>: 4 vectors, one per output of the tile, interleaved into signal order, then the
    /// epilogue and a vector store (clipped at the signal's end).</item>
    /// </list>
    /// The transforms and the GEMM's fused multiply-add chains are the same expressions on the 512-bit, 256-bit and scalar
    /// paths, so the results are bitwise identical across ISAs and thread counts. The weights (<c>G g</c>, 6 x Cin x Cout)
    /// are transformed on each call (<c>ConvGen.WinogradF43.TransformWeights1D</c>) or once by PackWeights.
    /// </summary>
    internal static class Winograd1D
    {
        private const string Rt = "global::ConvGen.";
        private const string MathF = "global::System.MathF";

        public static void Emit(CodeWriter w, LayerPlan plan, KernelGeometry g, string className)
        {
            LayerShape s = plan.Shape;
            VectorTile t512 = plan.Kernel!.Tile512!;
            VectorTile t256 = plan.Kernel.Tile256!;
            int items = WinogradTiling.Blocks(s);
            int parts = Winograd.WeightParts(s);
            long transformed = 6L * s.InChannels * s.OutChannels;
            int run = WeightRun(s, t512, t256);
            KernelParts.OpenClass(w, plan, className);
            KernelParts.WriteParallelRun(w, plan, s, items, items, items, () =>
            {
                w.Line("// Transform the weights once for this call (G g per channel pair), into this thread's scratch.");
                w.Line("ref float u = ref " + KernelParts.ScratchAt(w, 0, transformed) + ";");
                w.Line(Rt + "ParallelKernels.For(" + CodeWriter.I(parts) + ", " + CodeWriter.I(System.Math.Max(1, transformed / parts)) + ", s_transform, 0, ref w, ref w, " + KernelParts.NullRef + ", " + KernelParts.NullRef + ", "
                    + KernelParts.NullRef + ", " + KernelParts.NullRef + ", " + KernelParts.NullRef + ", " + KernelParts.NullRef + ", ref u);");
            }, "u");
            w.Line();
            w.Line("// RunTransformed: the same with weights already transformed by PackWeights (w holds the 6 x Cin x Cout transformed weights).");
            KernelParts.WriteParallelRun(w, plan, s, items, items, items, null, "w", "RunTransformed", withBody: false);
            w.Line();
            w.Line("private static readonly " + Rt + "KernelBody s_transform = TransformPart;");
            w.Line();
            w.Line("/// <summary>Part <paramref name=\"part\"/> of " + CodeWriter.I(parts) + " of the weight transform: input channels [part*" + CodeWriter.I(s.InChannels) + "/" + CodeWriter.I(parts) + ", (part+1)*" + CodeWriter.I(s.InChannels) + "/" + CodeWriter.I(parts) + ").</summary>");
            KernelParts.RunAttributes(w);
            w.Line("private static void TransformPart(int part, in " + Rt + "KernelOperands ops) => " + Rt + "WinogradF43.TransformWeights1D(ref ops.Input, " + CodeWriter.I(s.OutChannels) + ", " + CodeWriter.I(s.InChannels)
                + ", ref ops.Output, part * " + CodeWriter.I(s.InChannels) + " / " + CodeWriter.I(parts) + ", (part + 1) * " + CodeWriter.I(s.InChannels) + " / " + CodeWriter.I(parts) + RunArgument(s, run) + ");");
            w.Line();
            WriteItem(w, s, g, null);
            foreach (VectorTile t in new[] { t512, t256 })
            {
                w.Line();
                WriteItem(w, s, g, t);
                w.Line();
                WriteInput(w, s, g, t);
                Winograd.WriteGemms(w, s, t, run);

                w.Line();
                WriteOutput(w, s, g, t);
            }

            w.Line();
            WriteScalarTile(w, s, g, run);
            w.Line();
            WriteSample(w, s);
            if (s.BatchNorm)
            {
                w.Line();
                KernelParts.WriteBatchNormHelpers(w, s);
            }

            w.Close();
        }

        private static void WriteItem(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile? t)
        {
            int tb = WinogradTiling.BlockTiles(s), blocks = WinogradTiling.Blocks(s), tiles = WinogradTiling.Tiles(s);
            string name = t is null ? "ItemScalar" : "Item" + CodeWriter.I(t.Bits);
            w.Line("/// <summary>One item" + (t is null ? ", scalar" : ", " + CodeWriter.I(t.Bits) + "-bit") + ": block <c>block</c> of " + CodeWriter.I(tb) + " tiles (" + CodeWriter.I(4 * tb) + " outputs) of batch item <c>n</c>, every output channel.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void " + name + "(" + KernelParts.ItemParams(s).Replace("ref float w", "ref float u") + ")");
            w.Line("int n = item / " + CodeWriter.I(blocks) + ";");
            w.Line("int block = item - n * " + CodeWriter.I(blocks) + ";");
            KernelParts.WriteItemBases(w, s, g);
            string rn = s.Residual ? ", ref rn" : "";
            if (t is null)
            {
                w.Line("ref float v = ref " + KernelParts.ScratchAt(w, 1, 6L * s.InChannels) + ";");
                w.Open("for (int t = block * " + CodeWriter.I(tb) + "; t < global::System.Math.Min(block * " + CodeWriter.I(tb) + " + " + CodeWriter.I(tb) + ", " + CodeWriter.I(tiles) + "); t++)");
                w.Line("Tile(ref xn, ref u" + KernelParts.ChannelArgs(s) + ", ref yn" + rn + ", ref v, t);");
                w.Close();
                w.Close();
                return;
            }

            string bits = CodeWriter.I(t.Bits);
            w.Line("// Scratch of this thread: V (Cin x 6 x " + CodeWriter.I(tb) + " tiles) and M (6 x Cout x " + CodeWriter.I(tb) + " tiles).");
            w.Line("ref float v = ref " + KernelParts.ScratchAt(w, 1, (long)WinogradTiling.InputChannelStride(s) * s.InChannels) + ";");
            w.Line("ref float m = ref " + KernelParts.ScratchAt(w, 2, 6L * s.OutChannels * tb) + ";");
            w.Line("Input" + bits + "(ref xn, ref v, block);");
            Winograd.WriteGemmLoops(w, s, t, 6, "0", CodeWriter.I(s.OutChannels));
            w.Line("Output" + bits + "(ref m" + KernelParts.ChannelArgs(s) + ", ref yn" + rn + ", block);");
            w.Close();
        }

        /// <summary>
        /// The input stage with contiguous loads instead of gathers (zero padding: masked loads read it). The tiles of a
        /// vector are consecutive along the signal, so lane l needs points <c>c0 + 4 l + e</c>, e = 0..5, from one base
        /// <c>c0</c>: five loads (masked where they leave the signal) split into the four point phases by a transpose
        /// (256-bit: <c>VectorLanes.Phases4x256</c>; 512-bit: two-source permutes, as the 2-D stage) and points 4 and 5 by
        /// lane shifts; lanes past the last tile are cleared, as the gathers' masks left them. The same values the gathers
        /// read, so the same bits. Zen 3, one thread, the suite's 1-D layer (128 channels, 4096 points): 3.02 -> 2.80 ms.
        /// </summary>
        private static void WriteInputLoads(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            int tb = WinogradTiling.BlockTiles(s), tiles = WinogradTiling.Tiles(s), lanes = t.Lanes, length = s.Input[0];
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            w.Line("/// <summary>");
            w.Line("/// Input transform of one block: for each vector of " + CodeWriter.I(lanes) + " consecutive tiles, each input channel's 6 points per tile read with five");
            w.Line("/// contiguous loads (masked at the signal's ends: the zero padding) split into phases, then transformed, <c>B^T d</c>, into <c>v[ic * " + CodeWriter.I(WinogradTiling.InputChannelStride(s)) + " + xi * " + CodeWriter.I(tb) + " + tile]</c>.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Input" + bits + "(ref float xn, ref float v, int block)");
            Winograd.WritePhaseIndices(w, t.Bits);
            w.Open("for (int q = 0; q < " + CodeWriter.I(t.Vectors) + "; q++)");
            w.Line("int t0 = block * " + CodeWriter.I(tb) + " + q * " + CodeWriter.I(lanes) + ";");
            w.Line("int c0 = 4 * t0 - " + CodeWriter.I(s.PadBefore[0]) + ";");
            w.Line("int real = global::System.Math.Min(" + CodeWriter.I(lanes) + ", " + CodeWriter.I(tiles) + " - t0);");
            w.Line("// Lanes past the last tile are cleared (the gathers' masks left them zero; a vector wholly past it is all zero).");
            w.Line(vt + " live = " + vec + ".AsSingle(" + vec + ".LessThan(global::System.Runtime.Intrinsics.Vector" + bits + "<int>.Indices, " + vec + ".Create(real)));");
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(s.InChannels) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("ic", g.InChannelStride) + ");");
            w.Line("ref float vt = ref At(ref v, " + KernelGeometry.Sum(KernelGeometry.Times("ic", WinogradTiling.InputChannelStride(s)), KernelGeometry.Times("q", lanes)) + ");");
            Winograd.WritePhases(w, t.Bits, "xc", "c0", length);
            WritePointTransform(w, vec, vt, tb, e => vec + ".ConditionalSelect(live, p" + CodeWriter.I(e) + ", " + vt + ".Zero)");

            w.Close();
            w.Close();
            w.Close();
        }

        private static void WriteInput(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            if (s.PaddingMode == PaddingMode.Zeros)
            {
                if (WinogradTiling.TileDilation(s) > 1)
                {
                    WriteDilatedInputLoads(w, s, g, t);
                }
                else
                {
                    WriteInputLoads(w, s, g, t);
                }

                return;
            }

            int tb = WinogradTiling.BlockTiles(s), tiles = WinogradTiling.Tiles(s), lanes = t.Lanes;
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            w.Line("/// <summary>");
            w.Line("/// Input transform of one block: for each vector of " + CodeWriter.I(lanes) + " tiles, the 6 input points of every lane are resolved once through the");
            w.Line("/// padding mode (lanes reading zero padding, or past the last tile, masked off); then for each input channel the points are");
            w.Line("/// gathered and transformed, <c>B^T d</c>, into <c>v[ic * " + CodeWriter.I(WinogradTiling.InputChannelStride(s)) + " + xi * " + CodeWriter.I(tb) + " + tile]</c>.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Input" + bits + "(ref float xn, ref float v, int block)");
            w.Line("global::System.Span<int> offsets = stackalloc int[" + CodeWriter.I(6 * lanes) + "];");
            w.Line("global::System.Span<float> masks = stackalloc float[" + CodeWriter.I(6 * lanes) + "];");
            w.Line("ref int ob = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(offsets);");
            w.Line("ref float mb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(masks);");
            w.Open("for (int q = 0; q < " + CodeWriter.I(t.Vectors) + "; q++)");
            w.Line("int t0 = block * " + CodeWriter.I(tb) + " + q * " + CodeWriter.I(lanes) + ";");
            w.Open("for (int l = 0; l < " + CodeWriter.I(lanes) + "; l++)");
            w.Line("int tile = t0 + l;");
            int d = WinogradTiling.TileDilation(s);
            if (d > 1)
            {
                w.Line("int origin = " + Origin(s, "tile") + ";");
            }

            w.Open("for (int e = 0; e < 6; e++)");
            w.Line("int ix = " + KernelParts.Resolve(s.PaddingMode, (d > 1 ? "origin - " + CodeWriter.I(s.PadBefore[0]) + " + " + CodeWriter.I(d) + " * e" : "4 * tile - " + CodeWriter.I(s.PadBefore[0]) + " + e"), s.Input[0]) + ";");
            w.Line("bool real = " + (d > 1 ? "origin < " + CodeWriter.I(s.Output[0]) : "tile < " + CodeWriter.I(tiles)) + " && ix >= 0;");
            w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref ob, e * " + CodeWriter.I(lanes) + " + l) = real ? ix : 0;");
            w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref mb, e * " + CodeWriter.I(lanes) + " + l) = real ? -1f : 0f;");
            w.Close();
            w.Close();
            var offsets = new List<string>();
            var masks = new List<string>();
            for (int e = 0; e < 6; e++)
            {
                string at = CodeWriter.I((long)e * lanes);
                offsets.Add("o" + CodeWriter.I(e) + " = " + vec + ".LoadUnsafe(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref ob, " + at + "))");
                masks.Add("k" + CodeWriter.I(e) + " = " + vec + ".LoadUnsafe(ref At(ref mb, " + at + "))");
            }

            string intVec = "global::System.Runtime.Intrinsics.Vector" + bits + "<int>";
            w.Line(intVec + " " + string.Join(", ", offsets) + ";");
            w.Line(vt + " " + string.Join(", ", masks) + ";");
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(s.InChannels) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("ic", g.InChannelStride) + ");");
            w.Line("ref float vt = ref At(ref v, " + KernelGeometry.Sum(KernelGeometry.Times("ic", WinogradTiling.InputChannelStride(s)), KernelGeometry.Times("q", lanes)) + ");");
            WritePointTransform(w, vec, vt, tb, e => Rt + "VectorLoads.GatherMasked" + bits + "(ref xc, o" + CodeWriter.I(e) + ", k" + CodeWriter.I(e) + ")");

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>The six points of a vector of tiles, <c>d0..d5 = point(e)</c>, transformed (<c>B^T d</c>) and stored at <c>vt + xi * blockTiles</c>.</summary>
        private static void WritePointTransform(CodeWriter w, string vec, string vt, int blockTiles, System.Func<int, string> point)
        {
            var decl = new List<string>();
            for (int e = 0; e < 6; e++)
            {
                decl.Add("d" + CodeWriter.I(e) + " = " + point(e));
            }

            w.Line(vt + " " + string.Join(", ", decl) + ";");
            string[] values = Winograd.InputTransform(Winograd.Names("d", 6, e => CodeWriter.I(e)));
            for (int xi = 0; xi < 6; xi++)
            {
                w.Line(vec + ".StoreUnsafe(" + values[xi] + ", ref At(ref vt, " + CodeWriter.I((long)xi * blockTiles) + "));");
            }
        }

        /// <summary>
        /// The first output of tile <paramref name="tile"/> (an expression): <c>4 tile</c>, or with the tiles of a dilated
        /// layer (<see cref="WinogradTiling.TileDilation"/> d) <c>4d (tile / d) + tile % d</c>: the tile's outputs are then
        /// that one and the next three d apart.
        /// </summary>
        private static string Origin(LayerShape s, string tile)
        {
            int d = WinogradTiling.TileDilation(s);
            return d == 1 ? "4 * " + tile : CodeWriter.I(4L * d) + " * (" + tile + " / " + CodeWriter.I(d) + ") + " + tile + " % " + CodeWriter.I(d);
        }

        /// <summary>
        /// Halves of a 512-bit vector of tiles of a dilated layer whose dilation is not a multiple of 16: its two 8-tile
        /// halves are each 8 consecutive outputs, but in different steps of 4d outputs, so each is loaded and stored on its own.
        /// </summary>
        private static bool SplitHalves(LayerShape s, VectorTile t) => t.Bits == 512 && RunTiles(s, t) < 16;

        /// <summary>
        /// Tiles of one run of consecutive outputs in a vector of a dilated layer: a step of 4d outputs is d tiles (each 4
        /// outputs d apart), so the largest power of two dividing d, up to the vector's lanes: 16 or 8 (one or two runs of a
        /// 512-bit vector), 8 (one run of 256 bits), 4 (a dilation of 4 mod 8: two runs of 4 in each 256 bits, loaded and
        /// stored as 128-bit halves, <c>VectorLoads.LoadRuns256</c>, <c>VectorLanes.StoreRuns256</c>) or 2 (2 mod 4: four
        /// runs of 2 in each 256 bits, 64-bit pieces, <c>LoadPairs256</c>, <c>StorePairs256</c>).
        /// </summary>
        private static int RunTiles(LayerShape s, VectorTile t)
        {
            int d = WinogradTiling.TileDilation(s);
            return System.Math.Min(t.Lanes, d & -d);
        }

        /// <summary>How a vector of tiles splits into runs of consecutive outputs (<see cref="RunTiles"/>), for the emitted summaries: "" for one run.</summary>
        private static string RunsText(LayerShape s, VectorTile t)
        {
            int run = RunTiles(s, t);
            return run == t.Lanes ? "" : run == 8 ? " (two 8-tile halves, each its own run)" : " (" + CodeWriter.I(t.Lanes / run) + " runs of " + CodeWriter.I(run) + " tiles, each its own run, read and written in pieces)";
        }

        /// <summary>The names of a vector's run starts (tile <c>t0 + k RunTiles</c>): c0, c1, ... (inputs, padding subtracted) or x0, x1, ... (outputs).</summary>
        private static void WriteRunStarts(CodeWriter w, LayerShape s, VectorTile t, string name, string minusPad, int every = 1, int from = 0)
        {
            int run = RunTiles(s, t);
            for (int k = from; k < t.Lanes / run; k += every)
            {
                w.Line("int " + name + CodeWriter.I(k) + " = " + Origin(s, k == 0 ? "t0" : "(t0 + " + CodeWriter.I((long)k * run) + ")") + minusPad + ";");
            }
        }

        /// <summary>
        /// The 256-bit part of a vector of tiles whose first run start is number <paramref name="first"/> (c{first}): one load
        /// of 8 when a run is 8 tiles, else the part's runs (<see cref="RunStarts256"/>: two of 4, or four of 2) from their starts.
        /// </summary>
        private static string PointLoad256(LayerShape s, VectorTile t, int first, string shift)
        {
            int run = RunTiles(s, t);
            if (run >= 8)
            {
                return KernelParts.RowLoad(256, "xc", "c" + CodeWriter.I(first) + shift, s.Input[0], stride2: false, masked: true);
            }

            return Rt + "VectorLoads." + (run == 4 ? "LoadRuns256" : "LoadPairs256") + "(ref xc, " + RunStarts256(s, t, "c", first, shift) + ", " + CodeWriter.I(s.Input[0]) + ")";
        }

        /// <summary>The run starts of one 256-bit part of a vector of tiles, from start number <paramref name="first"/>: <c>c0 + shift, c1 + shift, ...</c>.</summary>
        private static string RunStarts256(LayerShape s, VectorTile t, string name, int first, string shift)
        {
            var starts = new List<string>();
            for (int k = 0; k < 8 / RunTiles(s, t); k++)
            {
                starts.Add(name + CodeWriter.I(first + k) + shift);
            }

            return string.Join(", ", starts);
        }

        /// <summary>
        /// The input stage of a dilated layer (<see cref="WinogradTiling.TileDilation"/> d, even) with zero
        /// padding: the tiles of a vector are consecutive outputs <c>o0 .. o0 + lanes - 1</c>, so point e of every lane is
        /// the contiguous run at <c>o0 - pad + d e</c>: six points per input channel (one load each, or its runs in pieces; masked where they leave the signal), no
        /// transposes, no phase images. A 512-bit vector whose two halves lie in different steps (d not a multiple of 16)
        /// is built from two 256-bit loads; where d is 4 mod 8 (2 mod 4), each 256 bits are two runs of 4 (four of 2) in
        /// different steps, two 128-bit (four 64-bit) loads (<see cref="RunTiles"/>). Lanes past the signal's end hold values
        /// no store reads.
        /// </summary>
        private static void WriteDilatedInputLoads(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            int tb = WinogradTiling.BlockTiles(s), lanes = t.Lanes, length = s.Input[0], d = WinogradTiling.TileDilation(s);
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            bool halves = SplitHalves(s, t);
            string pad = CodeWriter.I(s.PadBefore[0]);
            w.Line("/// <summary>");
            w.Line("/// Input transform of one block: for each vector of " + CodeWriter.I(lanes) + " tiles (consecutive first outputs <c>o0 ..</c>; a tile's outputs are " + CodeWriter.I(d) + " apart), each input channel's");
            w.Line("/// point e of every tile is the contiguous run at <c>o0 - " + pad + " + " + CodeWriter.I(d) + " e</c>" + RunsText(s, t) + ": six points (masked at the signal's ends: the zero padding),");
            w.Line("/// transformed, <c>B^T d</c>, into <c>v[ic * " + CodeWriter.I(WinogradTiling.InputChannelStride(s)) + " + xi * " + CodeWriter.I(tb) + " + tile]</c>.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Input" + bits + "(ref float xn, ref float v, int block)");
            w.Line("// Channel by channel: a block's vectors of tiles read overlapping runs of a channel (run q + 1 starts where run q's");
            w.Line("// later points are), reused from L1 while the channel is current; the channels' rows, a power of two apart, would");
            w.Line("// evict each other between two vectors taken channel-major the other way round.");
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(s.InChannels) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("ic", g.InChannelStride) + ");");
            w.Open("for (int q = 0; q < " + CodeWriter.I(t.Vectors) + "; q++)");
            w.Line("int t0 = block * " + CodeWriter.I(tb) + " + q * " + CodeWriter.I(lanes) + ";");
            // (Dilation 2 needs only each 256 bits' first start: DilatedPairs256 below.)
            WriteRunStarts(w, s, t, "c", " - " + pad, d == 2 ? 8 / RunTiles(s, t) : 1);
            w.Line("ref float vt = ref At(ref v, " + KernelGeometry.Sum(KernelGeometry.Times("ic", WinogradTiling.InputChannelStride(s)), KernelGeometry.Times("q", lanes)) + ");");
            int perHalf = 8 / RunTiles(s, t);
            if (d == 2)
            {
                // Dilation 2: the six points of each 8 tiles from five loads and shuffles (VectorLoads.DilatedPairs256).
                for (int h = 0; h < (halves ? 2 : 1); h++)
                {
                    w.Line(Rt + "VectorLoads.DilatedPairs256(ref xc, c" + CodeWriter.I(h * perHalf) + ", " + CodeWriter.I(length) + ", "
                        + string.Join(", ", System.Linq.Enumerable.Range(0, 6).Select(e => "out F32x8 p" + CodeWriter.I(h) + "_" + CodeWriter.I(e))) + ");");
                }
            }

            WritePointTransform(w, vec, vt, tb, e =>
            {
                string shift = e == 0 ? "" : " + " + CodeWriter.I((long)d * e);
                string pe = "_" + CodeWriter.I(e);
                return d == 2 ? (halves ? "Vec512.Create(p0" + pe + ", p1" + pe + ")" : "p0" + pe)
                    : halves ? "Vec512.Create(" + PointLoad256(s, t, 0, shift) + ", " + PointLoad256(s, t, perHalf, shift) + ")"
                    : t.Bits == 256 ? "(" + PointLoad256(s, t, 0, shift) + ")"
                    : "(" + KernelParts.RowLoad(t.Bits, "xc", "c0" + shift, length, stride2: false, masked: true) + ")";
            });

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The output stage of a dilated layer: output i of a vector of tiles is the contiguous run at <c>o0 + d i</c>
        /// (two runs for <see cref="SplitHalves"/>), stored with the epilogue and clipped at the signal's end; no interleave.
        /// </summary>
        private static void WriteDilatedOutput(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            int tb = WinogradTiling.BlockTiles(s), lanes = t.Lanes, length = s.Output[0], d = WinogradTiling.TileDilation(s);
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            bool halves = SplitHalves(s, t);
            string rp = s.Residual ? ", ref float rn" : "";
            w.Line("/// <summary>");
            w.Line("/// Output transform of one block: <c>A^T M</c> in registers over " + CodeWriter.I(lanes) + " tiles (one vector per output of the tile); output i of the");
            w.Line("/// tiles is the contiguous run at <c>o0 + " + CodeWriter.I(d) + " i</c>" + RunsText(s, t) + ", stored with the epilogue, clipped at the signal's end.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Output" + bits + "(ref float m" + KernelParts.ChannelParams(s) + ", ref float yn" + rp + ", int block)");
            if (!KernelParts.HasVectorActivation(s))
            {
                w.Line("global::System.Span<float> result = stackalloc float[" + CodeWriter.I(halves ? 8 : lanes) + "];");
                w.Line("ref float ob = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(result);");
            }

            w.Open("for (int oc = 0; oc < " + CodeWriter.I(s.OutChannels) + "; oc++)");
            Winograd.WriteChannelScalars(w, s);

            w.Open("for (int q = 0; q < " + CodeWriter.I(t.Vectors) + "; q++)");
            w.Line("int t0 = block * " + CodeWriter.I(tb) + " + q * " + CodeWriter.I(lanes) + ";");
            w.Line("int x0 = " + Origin(s, "t0") + ";");
            w.Open("if (x0 >= " + CodeWriter.I(length) + ")");
            w.Line("break; // past the signal's end");
            w.Close();
            int run = RunTiles(s, t), perHalf = 8 / run;
            // The other run starts (x0 above).
            WriteRunStarts(w, s, t, "x", "", from: 1);

            WriteOutputTransform(w, s, tb, lanes, vec, vt);
            for (int i = 0; i < 4; i++)
            {
                string shift = i == 0 ? "" : " + " + CodeWriter.I((long)d * i);
                string oi = "o" + CodeWriter.I(i);
                if (run == lanes)
                {
                    WriteRunStore(w, s, g, t.Bits, "x0" + shift, oi);
                    continue;
                }

                // The vector's 256-bit parts (both halves of a 512-bit one), each one run of 8 or its runs of 4 or 2.
                for (int h = 0; h < (halves ? 2 : 1); h++)
                {
                    string part = !halves ? oi : "Vec512." + (h == 0 ? "GetLower(" : "GetUpper(") + oi + ")";
                    if (run == 8)
                    {
                        WriteRunStore(w, s, g, 256, "x" + CodeWriter.I(h) + shift, part);
                    }
                    else
                    {
                        WriteRunsStore(w, s, g, t, h * perHalf, shift, part);
                    }
                }
            }

            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// Channel <c>oc</c>'s M vectors of the block's vector <c>q</c> of tiles (one per element) and their output transform
        /// <c>A^T M</c>: <c>o0 .. o3</c>, one vector per output of the tiles.
        /// </summary>
        private static void WriteOutputTransform(CodeWriter w, LayerShape s, int tb, int lanes, string vec, string vt)
        {
            w.Line("ref float mb = ref At(ref m, " + KernelGeometry.Sum(KernelGeometry.Times("oc", tb), KernelGeometry.Times("q", lanes)) + ");");
            var decl = new List<string>();
            for (int xi = 0; xi < 6; xi++)
            {
                decl.Add("m" + CodeWriter.I(xi) + " = " + vec + ".LoadUnsafe(ref At(ref mb, " + CodeWriter.I((long)xi * s.OutChannels * tb) + "))");
            }

            w.Line(vt + " " + string.Join(", ", decl) + ";");
            string[] o = Winograd.OutputTransform(Winograd.Names("m", 6, xi => CodeWriter.I(xi)));
            w.Line(vt + " o0 = " + o[0] + ", o1 = " + o[1] + ", o2 = " + o[2] + ", o3 = " + o[3] + ";");
        }

        /// <summary>
        /// Stores the vector <paramref name="value"/> (<paramref name="bits"/> wide) of channel <c>oc</c> at output
        /// <paramref name="at"/> and on, with the epilogue, clipped at the signal's end (nothing when it starts past it).
        /// </summary>
        private static void WriteRunStore(CodeWriter w, LayerShape s, KernelGeometry g, int bits, string at, string value)
        {
            int lanes = bits / 32, length = s.Output[0];
            string b = CodeWriter.I(bits), l = CodeWriter.I(lanes);
            string vec = bits == 512 ? "Vec512" : "Vec256";
            string vt = bits == 512 ? "F32x16" : "F32x8";
            w.Open();
            w.Line("int columns = " + CodeWriter.I(length) + " - " + (at.Contains(" ") ? "(" + at + ")" : at) + "; // outputs from " + at + " to the signal's end");
            w.Open("if (columns > 0)");
            w.Line("ref float dst = ref At(ref yn, " + KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), at) + ");");
            if (s.Residual)
            {
                w.Line("ref float res = ref At(ref rn, " + KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), at) + ");");
            }

            if (KernelParts.HasVectorActivation(s))
            {
                string residual = "(columns >= " + l + " ? " + vec + ".LoadUnsafe(ref res) : " + Rt + "VectorLoads.MaskLoad" + b + "(ref res, 0, " + Rt + "VectorLoads.ColumnMask" + b + "(0, columns)))";
                w.Line(vt + " value = " + KernelParts.VectorEpilogue(s, vec, value, "At(ref bias, oc)", "scale", "shift", residual) + ";");
                w.Line("if (columns >= " + l + ") { " + vec + ".StoreUnsafe(value, ref dst); } else { " + Rt + "VectorLanes.StoreColumns" + b + "(value, ref dst, 0, columns); }");
            }
            else
            {
                Winograd.WriteScalarEpilogueLoop(w, s, "ob", "global::System.Math.Min(" + l + ", columns)", vec + ".StoreUnsafe(" + value + ", ref ob);");
            }

            w.Close();
            w.Close();
        }

        /// <summary>
        /// Stores the 256-bit <paramref name="value"/> of channel <c>oc</c> as its runs of consecutive outputs (two of 4 for
        /// a dilation of 4 mod 8, four of 2 for 2 mod 4; <see cref="RunTiles"/>) from the run starts x{first} on, each moved by
        /// <paramref name="shift"/>, with the epilogue, each lane only where its output exists.
        /// </summary>
        private static void WriteRunsStore(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t, int first, string shift, string value)
        {
            int length = s.Output[0], run = RunTiles(s, t);
            string channel = KernelGeometry.Times("oc", g.OutChannelStride);
            string starts = RunStarts256(s, t, "x", first, shift);
            string kind = run == 4 ? "Runs256" : "Pairs256";
            w.Open();
            if (KernelParts.HasVectorActivation(s))
            {
                w.Line("ref float dst = ref At(ref yn, " + channel + ");");
                string residual = "F32x8.Zero";
                if (s.Residual)
                {
                    w.Line("ref float res = ref At(ref rn, " + channel + ");");
                    residual = Rt + "VectorLoads.Load" + kind + "(ref res, " + starts + ", " + CodeWriter.I(length) + ")";
                }

                w.Line("F32x8 value = " + KernelParts.VectorEpilogue(s, "Vec256", value, "At(ref bias, oc)", "scale", "shift", residual) + ";");
                w.Line(Rt + "VectorLanes.Store" + kind + "(value, ref dst, " + starts + ", " + CodeWriter.I(length) + ");");
            }
            else
            {
                w.Line("Vec256.StoreUnsafe(" + value + ", ref ob);");
                for (int k = 0; k < 8 / run; k++)
                {
                    string at = "x" + CodeWriter.I(first + k) + shift;
                    w.Open();
                    w.Line("int columns = " + CodeWriter.I(length) + " - (" + at + "); // outputs from " + at + " to the signal's end");
                    w.Open("if (columns > 0)");
                    w.Line("ref float dst = ref At(ref yn, " + KernelGeometry.Sum(channel, at) + ");");
                    if (s.Residual)
                    {
                        w.Line("ref float res = ref At(ref rn, " + KernelGeometry.Sum(channel, at) + ");");
                    }

                    w.Line("ref float run = ref At(ref ob, " + CodeWriter.I((long)run * k) + ");");
                    Winograd.WriteScalarEpilogueLoop(w, s, "run", "global::System.Math.Min(" + CodeWriter.I(run) + ", columns)");
                    w.Close();
                    w.Close();
                }
            }

            w.Close();
        }

        private static void WriteOutput(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            if (WinogradTiling.TileDilation(s) > 1)
            {
                WriteDilatedOutput(w, s, g, t);
                return;
            }

            int tb = WinogradTiling.BlockTiles(s), lanes = t.Lanes, length = s.Output[0];
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            string rp = s.Residual ? ", ref float rn" : "";
            w.Line("/// <summary>");
            w.Line("/// Output transform of one block: <c>A^T M</c> in registers over " + CodeWriter.I(lanes) + " tiles (one vector per output of the tile), interleaved into");
            w.Line("/// signal order (tile l's outputs at 4l .. 4l+3), then the epilogue and vector stores, clipped at the signal's end.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Output" + bits + "(ref float m" + KernelParts.ChannelParams(s) + ", ref float yn" + rp + ", int block)");
            w.Line("global::System.Span<float> result = stackalloc float[" + CodeWriter.I(4 * lanes) + "];");
            w.Line("ref float ob = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(result);");
            w.Open("for (int oc = 0; oc < " + CodeWriter.I(s.OutChannels) + "; oc++)");
            Winograd.WriteChannelScalars(w, s);

            w.Open("for (int q = 0; q < " + CodeWriter.I(t.Vectors) + "; q++)");
            w.Line("int x0 = 4 * (block * " + CodeWriter.I(tb) + " + q * " + CodeWriter.I(lanes) + ");");
            w.Line("int columns = global::System.Math.Min(" + CodeWriter.I(4 * lanes) + ", " + CodeWriter.I(length) + " - x0);");
            w.Open("if (columns <= 0)");
            w.Line("break; // past the signal's end");
            w.Close();
            WriteOutputTransform(w, s, tb, lanes, vec, vt);
            string il = Rt + "VectorLanes.InterleaveLower" + bits, iu = Rt + "VectorLanes.InterleaveUpper" + bits;
            w.Line(vt + " ac0 = " + il + "(o0, o2), ac1 = " + iu + "(o0, o2), bd0 = " + il + "(o1, o3), bd1 = " + iu + "(o1, o3);");
            w.Line(vec + ".StoreUnsafe(" + il + "(ac0, bd0), ref ob);");
            w.Line(vec + ".StoreUnsafe(" + iu + "(ac0, bd0), ref At(ref ob, " + CodeWriter.I(lanes) + "));");
            w.Line(vec + ".StoreUnsafe(" + il + "(ac1, bd1), ref At(ref ob, " + CodeWriter.I(2 * lanes) + "));");
            w.Line(vec + ".StoreUnsafe(" + iu + "(ac1, bd1), ref At(ref ob, " + CodeWriter.I(3 * lanes) + "));");
            w.Line("ref float dst = ref At(ref yn, " + KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), "x0") + ");");
            if (s.Residual)
            {
                w.Line("ref float res = ref At(ref rn, " + KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), "x0") + ");");
            }

            Winograd.WriteRowStore(w, s, t, "ob");
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary>
        /// The width of the output-channel runs the transformed weights are packed in (<c>WinogradF43.BlockedOffset</c>):
        /// the least common multiple of every GEMM register tile's channel count on both vector paths (so each GEMM call
        /// reads one run), or Cout (the plain layout) when that is not less. The GEMM broadcasts a few channels' weights
        /// per input channel; from rows of Cout channels (512 bytes at 128) those are one line every row, which fall in a
        /// quarter of L1's sets and evict each other; from runs of 12 they are consecutive. Zen 3, one thread, the suite's
        /// 128-channel 4096-point layer, same-process A/B: 2.81-3.34 -> 2.66-2.89 ms best of 30, same bits.
        /// </summary>
        internal static int WeightRun(LayerShape s, VectorTile t512, VectorTile t256)
        {
            int run = 1;
            foreach (VectorTile t in new[] { t512, t256 })
            {
                run = Lcm(run, t.Channels);
                if (Winograd.LastBlockTile(s, t) is VectorTile last)
                {
                    run = Lcm(run, last.Channels);
                }
            }

            return run < s.OutChannels ? run : s.OutChannels;
        }

        /// <summary>The run argument of <c>WinogradF43.TransformWeights1D</c>: empty for the plain layout.</summary>
        internal static string RunArgument(LayerShape s, int run) => run < s.OutChannels ? ", " + CodeWriter.I(run) : "";

        /// <summary>
        /// Writes <c>runStart</c>, the first channel of the weight run (<see cref="WeightRun"/>) holding output channel
        /// <paramref name="channel"/>, and returns the run's width, the stride between its input channels: the constant
        /// <paramref name="run"/> where it divides the output channels, else <c>width</c>, written too (the last run is narrower).
        /// </summary>
        internal static string WriteRunStart(CodeWriter w, string channel, int run, int cout)
        {
            w.Line("int runStart = " + channel + " / " + CodeWriter.I(run) + " * " + CodeWriter.I(run) + ";");
            if (cout % run == 0)
            {
                return CodeWriter.I(run);
            }

            w.Line("int width = global::System.Math.Min(" + CodeWriter.I(run) + ", " + CodeWriter.I(cout) + " - runStart);");
            return "width";
        }

        private static int Lcm(int a, int b)
        {
            int x = a, y = b;
            while (y != 0)
            {
                (x, y) = (y, x % y);
            }

            return a / x * b;
        }

        private static void WriteScalarTile(CodeWriter w, LayerShape s, KernelGeometry g, int run)
        {
            int cin = s.InChannels, cout = s.OutChannels, length = s.Output[0];
            w.Line("/// <summary>One tile, scalar, every output channel: the same transforms and chains as the vector paths, for one lane.</summary>");
            KernelParts.RunAttributes(w);
            string rp = s.Residual ? ", ref float rn" : "";
            w.Open("private static void Tile(ref float xn, ref float u" + KernelParts.ChannelParams(s) + ", ref float yn" + rp + ", ref float v, int t)");
            int d = WinogradTiling.TileDilation(s);
            if (d > 1)
            {
                w.Line("int o = " + Origin(s, "t") + ";");
                w.Open("if (o >= " + CodeWriter.I(length) + ")");
                w.Line("return; // a tile of the last step past the signal's end");
                w.Close();
                w.Line("int ix = o - " + CodeWriter.I(s.PadBefore[0]) + ";");
            }
            else
            {
                w.Line("int ix = 4 * t - " + CodeWriter.I(s.PadBefore[0]) + ";");
            }

            w.Open("for (int ic = 0; ic < " + CodeWriter.I(cin) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("ic", g.InChannelStride) + ");");
            var decl = new List<string>();
            for (int e = 0; e < 6; e++)
            {
                decl.Add("d" + CodeWriter.I(e) + " = Sample(ref xc, ix + " + CodeWriter.I((long)d * e) + ")");
            }

            w.Line("float " + string.Join(", ", decl) + ";");
            string[] values = Winograd.InputTransform(Winograd.Names("d", 6, e => CodeWriter.I(e)));
            for (int xi = 0; xi < 6; xi++)
            {
                w.Line("At(ref v, " + KernelGeometry.Sum(CodeWriter.I((long)xi * cin), "ic") + ") = " + values[xi] + ";");
            }

            w.Close();
            w.Line(d > 1 ? "int columns = " + CodeWriter.I(length) + " - o;" : "int columns = global::System.Math.Min(4, " + CodeWriter.I(length) + " - 4 * t);");
            w.Open("for (int oc = 0; oc < " + CodeWriter.I(cout) + "; oc++)");
            Winograd.WriteChannelScalars(w, s);

            string uRow = KernelGeometry.Times("ic", cout), uChannel = "oc";
            if (run < cout)
            {
                w.Line("// The weights in runs of " + CodeWriter.I(run) + " output channels (Cin x width floats each): oc's run starts at channel runStart.");
                uRow = "ic * " + WriteRunStart(w, "oc", run, cout);
                uChannel = KernelGeometry.Times("runStart", cin) + " + oc - runStart";
            }

            w.Line("float m0 = 0f, m1 = 0f, m2 = 0f, m3 = 0f, m4 = 0f, m5 = 0f;");
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(cin) + "; ic++)");
            for (int xi = 0; xi < 6; xi++)
            {
                w.Line("m" + CodeWriter.I(xi) + " = " + MathF + ".FusedMultiplyAdd(At(ref u, " + KernelGeometry.Sum(CodeWriter.I((long)xi * cin * cout), uRow, uChannel) + "), At(ref v, "
                    + KernelGeometry.Sum(CodeWriter.I((long)xi * cin), "ic") + "), m" + CodeWriter.I(xi) + ");");
            }

            w.Close();
            string[] o = Winograd.OutputTransform(Winograd.Names("m", 6, xi => CodeWriter.I(xi)));
            w.Line("float o0 = " + o[0] + ", o1 = " + o[1] + ", o2 = " + o[2] + ", o3 = " + o[3] + ";");
            w.Line("int row = " + KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), d > 1 ? "o" : "4 * t") + ";");
            for (int j = 0; j < 4; j++)
            {
                string index = "row + " + CodeWriter.I((long)d * j);
                string e = KernelParts.ScalarEpilogue(s, "o" + CodeWriter.I(j), s.Bias ? "At(ref bias, oc)" : null, "scale", "shift", "At(ref rn, " + index + ")");
                w.Line("if (" + CodeWriter.I((long)d * j) + " < columns) { At(ref yn, " + index + ") = " + e + "; }");
            }

            w.Close();
            w.Close();
        }

        private static void WriteSample(CodeWriter w, LayerShape s)
        {
            w.Line("/// <summary>One input point of a tile, through the padding mode (" + s.PaddingMode.ToString().ToLowerInvariant() + ").</summary>");
            KernelParts.InlineAttributes(w);
            w.Open("private static float Sample(ref float xc, int ix)");
            w.Line("ix = " + KernelParts.Resolve(s.PaddingMode, "ix", s.Input[0]) + ";");
            w.Line(s.PaddingMode == PaddingMode.Zeros ? "return ix < 0 ? 0f : At(ref xc, ix);" : "return At(ref xc, ix);");
            w.Close();
        }
    }
}
