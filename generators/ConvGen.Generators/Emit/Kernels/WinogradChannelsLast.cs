using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// The input and output stages of Winograd in the channels-last layout (<see cref="WinogradTiling.ChannelsLast"/>): the
    /// lanes hold channels, never tiles. An NHWC pixel's channels are consecutive, so the input stage loads each of a
    /// patch's alpha^2 pixels as whole vectors of input channels, transforms them (<c>B^T d B</c>, the expressions of every
    /// other path) and stores <c>V[tile][xi][ic]</c>; the lane GEMM (<see cref="WinogradLaneGemm"/>) broadcasts V and writes
    /// <c>M[tile][xi][oc]</c> as its accumulators are; the output stage loads each tile's alpha^2 vectors of output
    /// channels, transforms them back (<c>A^T M A</c>), applies the epilogue to whole vectors of channels and stores each
    /// output pixel's channels as whole vectors. No gathers, permutes or transposes anywhere, and the arithmetic of every
    /// element is the scalar tile's, so the bits are the same on every path (and the same as the NCHW layer's).
    /// </summary>
    internal static class WinogradChannelsLast
    {
        private const string Rt = "global::ConvGen.";

        /// <summary>
        /// <c>Input{bits}(ref xn, ref v, block, icFrom, icTo)</c>: the transformed input of one block's tiles, input channels
        /// [icFrom, icTo) (whole vectors), into <c>v[tile * alpha^2 * Cin + xi * Cin + ic]</c>.
        /// </summary>
        internal static void WriteInput(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            int tb = WinogradTiling.BlockTiles(s), tiles = WinogradTiling.Tiles(s), tw = WinogradTiling.TilesWide(s);
            int n = WinogradTiling.Alpha(s), mt = WinogradTiling.OutputTile(s), cin = s.InChannels, lanes = t.Lanes;
            string bits = CodeWriter.I(t.Bits), vec = t.Bits == 512 ? "Vec512" : "Vec256", vt = t.Bits == 512 ? "F32x16" : "F32x8";
            long rowStride = g.InAxisStride[0], pixelStride = g.InAxisStride[1];
            bool zeros = s.PaddingMode == PaddingMode.Zeros;
            w.Line("/// <summary>");
            w.Line("/// Input transform of one block, channels last, input channels [icFrom, icTo) in vectors of " + CodeWriter.I(lanes) + ": for each tile, the " + CodeWriter.I(n * n)
                + " pixels of its patch as whole vectors of input channels (a tile inside the input at fixed offsets; a border tile's");
            w.Line("/// offsets resolved once through the padding mode" + (zeros ? ", -1 reading zeros" : "") + "), transformed <c>B^T d B</c> row by row, then column by column, into");
            w.Line("/// <c>v[tile * " + CodeWriter.I((long)n * n * cin) + " + xi * " + CodeWriter.I(cin) + " + ic]</c> (an element's input channels consecutive, as the lane GEMM broadcasts them).");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Input" + bits + "(ref float xn, ref float v, int block, int icFrom, int icTo)");
            w.Line("global::System.Span<int> offsets = stackalloc int[" + CodeWriter.I(n * n) + "];");
            w.Line("ref int ob = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(offsets);");
            w.Line("global::System.Span<float> rows = stackalloc float[" + CodeWriter.I(n * n * lanes) + "];");
            w.Line("ref float hb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(rows);");
            w.Line("int count = global::System.Math.Min(" + CodeWriter.I(tb) + ", " + CodeWriter.I(tiles) + " - block * " + CodeWriter.I(tb) + ");");
            w.Open("for (int t = 0; t < count; t++)");
            w.Line("int tile = block * " + CodeWriter.I(tb) + " + t;");
            w.Line("int iy0 = " + CodeWriter.I(mt) + " * (tile / " + CodeWriter.I(tw) + ") - " + CodeWriter.I(s.PadBefore[0]) + ", ix0 = " + CodeWriter.I(mt) + " * (tile % " + CodeWriter.I(tw) + ") - " + CodeWriter.I(s.PadBefore[1]) + ";");
            w.Line("ref float vt0 = ref At(ref v, " + KernelGeometry.Times("t", (long)n * n * cin) + ");");
            w.Open("if (iy0 >= 0 && ix0 >= 0 && iy0 + " + CodeWriter.I(n) + " <= " + CodeWriter.I(s.Input[0]) + " && ix0 + " + CodeWriter.I(n) + " <= " + CodeWriter.I(s.Input[1]) + ")");
            w.Line("// Inside the input: the patch's pixels at fixed offsets from its first.");
            w.Line("ref float xp = ref At(ref xn, " + KernelGeometry.Sum(KernelGeometry.Times("iy0", rowStride), KernelGeometry.Times("ix0", pixelStride)) + ");");
            WriteChannels(w, s, t, "xp", e => vec + ".LoadUnsafe(ref At(ref xc, " + CodeWriter.I((e / n) * rowStride + (e % n) * pixelStride) + "))", rowStride, pixelStride);
            w.Close();
            w.Open("else");
            w.Line("// At the border: each pixel's offset through the padding mode (" + s.PaddingMode.ToString().ToLowerInvariant() + ").");
            w.Open("for (int e = 0; e < " + CodeWriter.I(n * n) + "; e++)");
            w.Line("int iy = " + KernelParts.Resolve(s.PaddingMode, "iy0 + e / " + CodeWriter.I(n), s.Input[0]) + ", ix = " + KernelParts.Resolve(s.PaddingMode, "ix0 + e % " + CodeWriter.I(n), s.Input[1]) + ";");
            string offset = KernelGeometry.Sum(KernelGeometry.Times("iy", rowStride), KernelGeometry.Times("ix", pixelStride));
            w.Line("global::System.Runtime.CompilerServices.Unsafe.Add(ref ob, e) = " + (zeros ? "iy < 0 || ix < 0 ? -1 : " + offset : offset) + ";");
            w.Close();
            WriteChannels(w, s, t, "xn", e => zeros
                ? "Pixel" + bits + "(ref xc, global::System.Runtime.CompilerServices.Unsafe.Add(ref ob, " + CodeWriter.I(e) + "))"
                : vec + ".LoadUnsafe(ref At(ref xc, global::System.Runtime.CompilerServices.Unsafe.Add(ref ob, " + CodeWriter.I(e) + ")))");
            w.Close();
            w.Close();
            w.Close();
            if (zeros)
            {
                w.Line();
                w.Line("/// <summary>The channel vector at <paramref name=\"offset\"/> from <paramref name=\"xc\"/>, or zeros (padding) where the offset is -1.</summary>");
                KernelParts.InlineAttributes(w);
                w.Line("private static " + vt + " Pixel" + bits + "(ref float xc, int offset) => offset < 0 ? " + vt + ".Zero : " + vec + ".LoadUnsafe(ref At(ref xc, offset));");
            }
        }

        /// <summary>The loop over the tile's vectors of input channels: <paramref name="load"/> gives the load of patch pixel e (row-major) from <c>xc</c>.</summary>
        /// <summary>Tiles ahead the inside path prefetches the patch columns it has not yet read (<see cref="WriteChannels"/>).</summary>
        internal const int PrefetchTiles = 2;

        /// <summary>
        /// The loop over the tile's vectors of input channels: <paramref name="load"/> gives the load of patch pixel e
        /// (row-major) from <c>xc</c>. With <paramref name="rowStride"/> (the inside path, whose next tiles lie to the right
        /// in the same input rows), each vector of channels first prefetches, into L1, its lines of the patch columns that
        /// the tile <see cref="PrefetchTiles"/> further on reads and no tile before it does (its last m columns, alpha rows):
        /// a patch spans alpha input rows a whole row of pixels apart, more streams than the hardware prefetcher follows.
        /// Measured on VGG's 224x224 64-channel layer (Zen 5, one thread, same-process A/B, same bits): 6.9-7.5 -> 6.3-6.7 ms
        /// (the next tile: 6.5-6.9).
        /// </summary>
        private static void WriteChannels(CodeWriter w, LayerShape s, VectorTile t, string origin, System.Func<int, string> load, long rowStride = 0, long pixelStride = 0)
        {
            int n = WinogradTiling.Alpha(s), lanes = t.Lanes, mt = WinogradTiling.OutputTile(s);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256", vt = t.Bits == 512 ? "F32x16" : "F32x8";
            w.Open("for (int ic = icFrom; ic < icTo; ic += " + CodeWriter.I(lanes) + ")");
            w.Line("ref float xc = ref At(ref " + origin + ", ic);");
            if (rowStride > 0)
            {
                w.Line("// The lines of tile t + " + CodeWriter.I(PrefetchTiles) + "'s patch no earlier tile reads (its last " + CodeWriter.I(mt) + " columns), this vector of channels, a patch row a line: a hint, past the input's end too.");
                for (int r = 0; r < n; r++)
                {
                    var prefetches = new List<string>();
                    for (int c = n - mt; c < n; c++)
                    {
                        prefetches.Add(Rt + "VectorLoads.PrefetchAhead(ref xc, " + CodeWriter.I(sizeof(float) * (r * rowStride + (c + PrefetchTiles * mt) * pixelStride)) + ");");
                    }

                    w.Line(string.Join(" ", prefetches));
                }
            }

            w.Line("ref float vt = ref At(ref vt0, ic);");
            w.Line("// Row by row: the patch row's pixels, transformed along the columns (d B) into the row buffer; then column by column (B^T).");
            for (int r = 0; r < n; r++)
            {
                w.Open();
                var decl = new List<string>();
                for (int c = 0; c < n; c++)
                {
                    decl.Add("d" + CodeWriter.I(c) + " = " + load(n * r + c));
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
                Winograd.WritePatchRowTransform(w, s, vec, r, lanes);
                w.Close();
            }

            Winograd.WritePatchColumnTransforms(w, s, vec, vt, lanes, s.InChannels);
            w.Close();
        }

        /// <summary>
        /// <c>Output{bits}(ref m, [channel refs], ref yn[, ref rn], block, ocFrom, ocTo)</c>: for each vector of output channels,
        /// each tile of the block from <c>M[tile][xi][oc]</c> through <c>A^T M A</c> and the epilogue to its m x m output pixels
        /// (clipped at the right and bottom edges), each pixel's channels one vector store.
        /// </summary>
        internal static void WriteOutput(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            int tb = WinogradTiling.BlockTiles(s), tiles = WinogradTiling.Tiles(s), tw = WinogradTiling.TilesWide(s);
            int n = WinogradTiling.Alpha(s), mt = WinogradTiling.OutputTile(s), cout = s.OutChannels, lanes = t.Lanes;
            string bits = CodeWriter.I(t.Bits), vec = t.Bits == 512 ? "Vec512" : "Vec256", vt = t.Bits == 512 ? "F32x16" : "F32x8";
            long rowStride = g.OutAxisStride[0], pixelStride = g.OutAxisStride[1], elementStride = cout;
            w.Line("/// <summary>");
            w.Line("/// Output transform, channels last, output channels [ocFrom, ocTo) in vectors of " + CodeWriter.I(lanes) + ": for each tile of the block, <c>A^T M A</c> over its " + CodeWriter.I(n * n)
                + " vectors <c>M[tile][xi][oc]</c>");
            w.Line("/// (column by column into a buffer, then row by row), the epilogue on whole vectors of channels, and each output pixel's channels stored as one vector (clipped at the edges).");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            string rp = s.Residual ? ", ref float rn" : "";
            w.Open("private static void Output" + bits + "(ref float m" + KernelParts.ChannelParams(s) + ", ref float yn" + rp + ", int block, int ocFrom, int ocTo)");
            w.Line("global::System.Span<float> columnTransforms = stackalloc float[" + CodeWriter.I(mt * n * lanes) + "];");
            w.Line("ref float pb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(columnTransforms);");
            if (s.BatchNorm)
            {
                w.Line("global::System.Span<float> channelConstants = stackalloc float[" + CodeWriter.I(2 * lanes) + "];");
                w.Line("ref float cb = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(channelConstants);");
            }

            w.Line("int count = global::System.Math.Min(" + CodeWriter.I(tb) + ", " + CodeWriter.I(tiles) + " - block * " + CodeWriter.I(tb) + ");");
            w.Open("for (int oc = ocFrom; oc < ocTo; oc += " + CodeWriter.I(lanes) + ")");
            string biasVector = "biasVector", scaleVector = "scaleVector", shiftVector = "shiftVector";
            if (s.Bias)
            {
                w.Line(vt + " " + biasVector + " = " + vec + ".LoadUnsafe(ref At(ref bias, oc));");
            }

            if (s.BatchNorm)
            {
                w.Line("// The folded batch norm of each channel, by the scalar helpers (the same values as the scalar path's).");
                w.Open("for (int l = 0; l < " + CodeWriter.I(lanes) + "; l++)");
                w.Line("float scale = Scale(ref gamma, ref runningVar, oc + l);");
                w.Line("At(ref cb, l) = scale;");
                w.Line("At(ref cb, " + CodeWriter.I(lanes) + " + l) = Shift(ref beta, ref runningMean, scale, oc + l);");
                w.Close();
                w.Line(vt + " " + scaleVector + " = " + vec + ".LoadUnsafe(ref cb), " + shiftVector + " = " + vec + ".LoadUnsafe(ref At(ref cb, " + CodeWriter.I(lanes) + "));");
            }

            w.Open("for (int t = 0; t < count; t++)");
            w.Line("int tile = block * " + CodeWriter.I(tb) + " + t;");
            w.Line("int oy = " + CodeWriter.I(mt) + " * (tile / " + CodeWriter.I(tw) + "), ox = " + CodeWriter.I(mt) + " * (tile % " + CodeWriter.I(tw) + ");");
            w.Line("int rows = global::System.Math.Min(" + CodeWriter.I(mt) + ", " + CodeWriter.I(s.Output[0]) + " - oy), columns = global::System.Math.Min(" + CodeWriter.I(mt) + ", " + CodeWriter.I(s.Output[1]) + " - ox);");
            w.Line("ref float mb = ref At(ref m, " + KernelGeometry.Sum(KernelGeometry.Times("t", (long)n * n * cout), "oc") + ");");
            w.Line("// Column by column (A^T, " + CodeWriter.I(n) + " -> " + CodeWriter.I(mt) + " rows) into the buffer: row i of column c at " + CodeWriter.I(n * lanes) + "i + " + CodeWriter.I(lanes) + "c.");
            for (int c = 0; c < n; c++)
            {
                w.Open();
                var decl = new List<string>();
                for (int r = 0; r < n; r++)
                {
                    decl.Add("m" + CodeWriter.I(r) + " = " + vec + ".LoadUnsafe(ref At(ref mb, " + CodeWriter.I((n * r + c) * elementStride) + "))");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
                string[] col = Winograd.OutputTransform(s, Winograd.Names("m", n, r => CodeWriter.I(r)));
                for (int i = 0; i < mt; i++)
                {
                    w.Line(vec + ".StoreUnsafe(" + col[i] + ", ref At(ref pb, " + CodeWriter.I(((long)n * i + c) * lanes) + "));");
                }

                w.Close();
            }

            w.Line("// Row by row (" + CodeWriter.I(n) + " -> " + CodeWriter.I(mt) + " columns), the epilogue, and each output pixel's channels stored.");
            for (int i = 0; i < mt; i++)
            {
                w.Open("if (" + CodeWriter.I(i) + " < rows)");
                string at = KernelGeometry.Sum(KernelGeometry.Times("(oy + " + CodeWriter.I(i) + ")", rowStride), KernelGeometry.Times("ox", pixelStride), "oc");
                w.Line("ref float yr = ref At(ref yn, " + at + ");");
                if (s.Residual)
                {
                    w.Line("ref float rr = ref At(ref rn, " + at + ");");
                }

                var decl = new List<string>();
                for (int c = 0; c < n; c++)
                {
                    decl.Add("p" + CodeWriter.I(c) + " = " + vec + ".LoadUnsafe(ref At(ref pb, " + CodeWriter.I(((long)n * i + c) * lanes) + "))");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
                string[] row = Winograd.OutputTransform(s, Winograd.Names("p", n, c => CodeWriter.I(c)));
                for (int j = 0; j < mt; j++)
                {
                    string pixel = CodeWriter.I(j * pixelStride);
                    string value = KernelParts.VectorEpilogueOfVectors(s, vec, row[j], biasVector, scaleVector, shiftVector, vec + ".LoadUnsafe(ref At(ref rr, " + pixel + "))");
                    w.Line((j == 0 ? "" : "if (" + CodeWriter.I(j) + " < columns) ") + vec + ".StoreUnsafe(" + value + ", ref At(ref yr, " + pixel + "));");
                }

                w.Close();
            }

            w.Close();
            w.Close();
            w.Close();
        }
    }
}
