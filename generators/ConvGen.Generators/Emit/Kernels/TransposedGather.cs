using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Transposed convolution by phase gather, output-stationary. Output position <c>o</c> on an axis with stride S
    /// receives tap <c>k</c> from input position <c>(o + P - k*D) / S</c> exactly when that division is exact, so every
    /// output is one chain of fused multiply-adds over (input channel, kernel taps in order, skipping the taps of other
    /// phases and those reading outside the input), then the epilogue. No zero-inserted input, no multiply by zero, no
    /// scatter (so items never share an output, and threads need no locks).
    /// <para>
    /// The vector path (NCHW, innermost stride 1 or 2, see <see cref="TransposedTiling"/>) splits each output row into
    /// its S phases: lane j of phase r is output column <c>S*j + r</c>, and each tap of that phase reads input columns
    /// <c>j + offset</c>, i.e. one contiguous vector load. A tile holds B output channels x S phases x V vectors; the
    /// phase vectors are interleaved into consecutive outputs at the store. Tiles that reach past the input row read
    /// with masked loads (zero lanes, which add nothing to the chain); tiles that reach past the output row store only
    /// the lanes inside it. The scalar path (Gather) computes the same chains, so every ISA gives the same bits.
    /// </para>
    /// Parts: Run/Body (KernelParts), ItemScalar + Gather, Item{512,256} + Tile{bits}x{B}.
    /// </summary>
    internal static class TransposedGather
    {
        private const string Rt = "global::ConvGen.";
        private const string MathF = "global::System.MathF";

        public static void Emit(CodeWriter w, LayerPlan plan, KernelGeometry g, string className)
        {
            LayerShape s = plan.Shape;
            var k = new Ctx(plan, s, g);
            KernelParts.OpenClass(w, plan, className);
            KernelParts.WriteParallelRun(w, plan, s,
                plan.Kernel!.Tile512 is { } t512 ? ItemsPerBatch(k, t512) : null,
                plan.Kernel.Tile256 is { } t256 ? ItemsPerBatch(k, t256) : null);
            w.Line();
            WriteItemScalar(w, k);
            w.Line();
            WriteGather(w, k);
            foreach (VectorTile? tile in new[] { plan.Kernel.Tile512, plan.Kernel.Tile256 })
            {
                if (tile is null)
                {
                    continue;
                }

                w.Line();
                WriteItemVector(w, k, tile);
                w.Line();
                WriteTile(w, k, tile, tile.Channels);
                if (k.Ocg % tile.Channels != 0)
                {
                    w.Line();
                    WriteTile(w, k, tile, k.Ocg % tile.Channels);
                }
            }

            if (s.BatchNorm)
            {
                w.Line();
                KernelParts.WriteBatchNormHelpers(w, s);
            }

            w.Close();
        }

        /// <summary>The scalar path (ItemScalar, Gather), for a kernel whose vector paths are another family's (channel lanes).</summary>
        internal static void WriteScalarPath(CodeWriter w, LayerPlan plan, KernelGeometry g)
        {
            var k = new Ctx(plan, plan.Shape, g);
            WriteItemScalar(w, k);
            w.Line();
            WriteGather(w, k);
        }

        private sealed class Ctx
        {
            public Ctx(LayerPlan plan, LayerShape s, KernelGeometry g)
            {
                Plan = plan;
                S = s;
                G = g;
                Cg = s.InChannels / s.Groups;
                Ocg = s.OutChannels / s.Groups;
                Kk = s.KernelSpatial;
                Last = s.Rank - 1;
                Phases = s.Stride[Last];
                Columns = TransposedTiling.Columns(s);
            }

            public LayerPlan Plan { get; }

            public LayerShape S { get; }

            public KernelGeometry G { get; }

            public int Cg { get; }

            public int Ocg { get; }

            public long Kk { get; }

            public int Last { get; }

            /// <summary>Stride of the innermost axis: the phases a row splits into.</summary>
            public int Phases { get; }

            /// <summary>Lanes per phase in a row: <c>ceil(OW / S)</c>.</summary>
            public int Columns { get; }

            /// <summary>Weight elements per input channel: <c>(Cout/groups) * taps</c> (PyTorch's <c>[Cin, Cout/groups, k...]</c>).</summary>
            public long WeightPerInput => Ocg * Kk;

            public string[] L => G.Letters;

            public bool VectorActivation => KernelParts.HasVectorActivation(S);
        }

        private static int Blocks(Ctx k, VectorTile t) => (k.Ocg + t.Channels - 1) / t.Channels;

        private static int ItemsPerBatch(Ctx k, VectorTile t) => k.S.Groups * Blocks(k, t) * t.Chunks;

        // ---- scalar ---------------------------------------------------------------------------------------------

        private static void WriteItemScalar(CodeWriter w, Ctx k)
        {
            LayerShape s = k.S;
            KernelGeometry g = k.G;
            w.Line("/// <summary>One item, scalar: one output channel of one batch item, every output through Gather, then the epilogue.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void ItemScalar(" + KernelParts.ItemParams(s) + ")");
            w.Line("int n = item / " + CodeWriter.I(s.OutChannels) + ";");
            w.Line("int oc = item - n * " + CodeWriter.I(s.OutChannels) + ";");
            KernelParts.WriteItemBases(w, s, g);
            if (s.Groups > 1)
            {
                w.Line("int g = oc / " + CodeWriter.I(k.Ocg) + ";");
                w.Line("int icBase = g * " + CodeWriter.I(k.Cg) + ";");
                w.Line("ref float wo = ref At(ref w, " + KernelGeometry.Sum(KernelGeometry.Times("icBase", k.WeightPerInput), KernelGeometry.Times("(oc - g * " + CodeWriter.I(k.Ocg) + ")", k.Kk)) + ");");
            }
            else
            {
                w.Line("int icBase = 0;");
                w.Line("ref float wo = ref At(ref w, " + KernelGeometry.Times("oc", k.Kk) + ");");
            }

            if (s.BatchNorm)
            {
                w.Line("float scale = Scale(ref gamma, ref runningVar, oc);");
                w.Line("float shift = Shift(ref beta, ref runningMean, scale, oc);");
            }

            var pos = new List<string>();
            var args = new List<string> { "ref xn", "ref wo", "icBase" };
            for (int a = 0; a < s.Rank; a++)
            {
                string o = "o" + k.L[a];
                w.Open("for (int " + o + " = 0; " + o + " < " + CodeWriter.I(s.Output[a]) + "; " + o + "++)");
                pos.Add(KernelGeometry.Times(o, g.OutAxisStride[a]));
                args.Add(o);
            }

            string index = KernelGeometry.Sum(KernelGeometry.Times("oc", g.OutChannelStride), KernelGeometry.Sum(pos.ToArray()));
            w.Line("At(ref yn, " + index + ") = " + KernelParts.ScalarEpilogue(s, "Gather(" + string.Join(", ", args) + ")",
                s.Bias ? "At(ref bias, oc)" : null, "scale", "shift", "At(ref rn, " + index + ")") + ";");
            for (int a = 0; a < s.Rank; a++)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>The chain of one output: input channels, then the taps of its phase on every axis, in order.</summary>
        private static void WriteGather(CodeWriter w, Ctx k)
        {
            LayerShape s = k.S;
            KernelGeometry g = k.G;
            var ps = new List<string> { "ref float xn", "ref float wo", "int icBase" };
            for (int a = 0; a < s.Rank; a++)
            {
                ps.Add("int o" + k.L[a]);
            }

            w.Line("/// <summary>One output: the fused multiply-add chain over (input channel, taps of its phase whose input position is inside the input).</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static float Gather(" + string.Join(", ", ps) + ")");
            w.Line("float acc = 0f;");
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(k.Cg) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("icBase + ic", g.InChannelStride) + ");");
            w.Line("ref float wc = ref At(ref wo, " + KernelGeometry.Times("ic", k.WeightPerInput) + ");");
            var xTerms = new List<string>();
            var wTerms = new List<string>();
            OpenPhaseTapLoops(w, k, s.Rank, xTerms, wTerms);
            w.Line("acc = " + MathF + ".FusedMultiplyAdd(At(ref wc, " + KernelGeometry.Sum(wTerms.ToArray()) + "), At(ref xc, " + KernelGeometry.Sum(xTerms.ToArray()) + "), acc);");
            for (int a = 0; a < s.Rank; a++)
            {
                w.Close();
            }

            w.Close();
            w.Line("return acc;");
            w.Close();
        }

        /// <summary>
        /// Opens one loop per axis in [0, <paramref name="axes"/>) over the kernel taps: a tap whose input position
        /// <c>(o + P - k*D) / S</c> is not a whole number (another phase) or lies outside the input is skipped.
        /// Adds the input offset and the weight offset of each axis. The caller closes the loops.
        /// </summary>
        private static void OpenPhaseTapLoops(CodeWriter w, Ctx k, int axes, List<string> xTerms, List<string> wTerms)
        {
            LayerShape s = k.S;
            for (int a = 0; a < axes; a++)
            {
                string l = k.L[a];
                w.Open("for (int k" + l + " = 0; k" + l + " < " + CodeWriter.I(s.Kernel[a]) + "; k" + l + "++)");
                string t = KernelGeometry.Lin("o" + l, 1, s.PadBefore[a]) + " - " + KernelGeometry.Times("k" + l, s.Dilation[a]);
                if (s.Stride[a] == 1)
                {
                    w.Line("int i" + l + " = " + t + ";");
                    using (w.Block("if ((uint)i" + l + " >= " + CodeWriter.I(s.Input[a]) + "u)"))
                    {
                        w.Line("continue;");
                    }
                }
                else
                {
                    w.Line("int t" + l + " = " + t + ";");
                    using (w.Block("if (t" + l + " < 0 || t" + l + " % " + CodeWriter.I(s.Stride[a]) + " != 0 || t" + l + " >= " + CodeWriter.I((long)s.Input[a] * s.Stride[a]) + ")"))
                    {
                        w.Line("continue;");
                    }

                    w.Line("int i" + l + " = t" + l + " / " + CodeWriter.I(s.Stride[a]) + ";");
                }

                xTerms.Add(KernelGeometry.Times("i" + l, k.G.InAxisStride[a]));
                wTerms.Add(KernelGeometry.Times("k" + l, Direct.KernelStride(s, a)));
            }
        }

        // ---- vector ---------------------------------------------------------------------------------------------

        private static void WriteItemVector(CodeWriter w, Ctx k, VectorTile t)
        {
            LayerShape s = k.S;
            string bits = CodeWriter.I(t.Bits);
            int blocks = Blocks(k, t);
            int tail = k.Ocg % t.Channels;
            int per = ItemsPerBatch(k, t);
            int rows = s.Rank > 1 ? s.Output[0] : (k.Columns + t.Width - 1) / t.Width;
            w.Line("/// <summary>One item, " + bits + "-bit: a block of " + CodeWriter.I(t.Channels) + " output channels" + (tail > 0 ? " (the group's last block has " + CodeWriter.I(tail) + ")" : "")
                + " over chunk <c>chunk</c> of " + CodeWriter.I(t.Chunks) + " of the " + (s.Rank > 1 ? AxisNames.Word(s.Rank, 0) + " axis" : "tiles") + ", of one batch item.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Item" + bits + "(" + KernelParts.ItemParams(s) + ")");
            w.Line("int n = item / " + CodeWriter.I(per) + ";");
            w.Line("int r = item - n * " + CodeWriter.I(per) + ";");
            w.Line("int chunk = r % " + CodeWriter.I(t.Chunks) + ";");
            w.Line("r /= " + CodeWriter.I(t.Chunks) + ";");
            w.Line("int g = r / " + CodeWriter.I(blocks) + ";");
            w.Line("int block = r - g * " + CodeWriter.I(blocks) + ";");
            w.Line("int icBase = " + KernelGeometry.Times("g", k.Cg) + ";");
            w.Line("int oc0 = " + KernelGeometry.Sum(KernelGeometry.Times("g", k.Ocg), KernelGeometry.Times("block", t.Channels)) + ";");
            w.Line("int from = chunk * " + CodeWriter.I(rows) + " / " + CodeWriter.I(t.Chunks) + ";" + (s.Rank > 1 ? "" : " // in tiles"));
            w.Line("int to = (chunk + 1) * " + CodeWriter.I(rows) + " / " + CodeWriter.I(t.Chunks) + ";");
            KernelParts.WriteItemBases(w, s, k.G);
            w.Line("ref float w0 = ref At(ref w, " + KernelGeometry.Sum(KernelGeometry.Times("icBase", k.WeightPerInput), KernelGeometry.Times("block", (long)t.Channels * k.Kk)) + ");");
            string args = KernelParts.TileArgs(s, "w0") + ", oc0, icBase, from, to";
            if (tail > 0)
            {
                w.Open("if (block < " + CodeWriter.I(blocks - 1) + ")");
                w.Line("Tile" + bits + "x" + CodeWriter.I(t.Channels) + "(" + args + ");");
                w.Close();
                w.Open("else");
                w.Line("Tile" + bits + "x" + CodeWriter.I(tail) + "(" + args + ");");
                w.Close();
            }
            else
            {
                w.Line("Tile" + bits + "x" + CodeWriter.I(t.Channels) + "(" + args + ");");
            }

            w.Close();
        }

        private static void WriteTile(CodeWriter w, Ctx k, VectorTile t, int channels)
        {
            LayerShape s = k.S;
            KernelGeometry g = k.G;
            int last = k.Last;
            int width = t.Width;
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            string bits = CodeWriter.I(t.Bits);
            var phaseTaps = new List<List<(int Tap, int Offset)>>();
            int minOff = int.MaxValue, maxOff = int.MinValue;
            for (int r = 0; r < k.Phases; r++)
            {
                List<(int Tap, int Offset)> taps = TransposedTiling.PhaseTaps(s, last, r);
                phaseTaps.Add(taps);
                foreach ((int _, int off) in taps)
                {
                    minOff = System.Math.Min(minOff, off);
                    maxOff = System.Math.Max(maxOff, off);
                }
            }

            w.Line("/// <summary>");
            w.Line("/// " + CodeWriter.I(channels) + " output channels from <paramref name=\"oc0\"/>: each output row in tiles of " + CodeWriter.I(width) + " lanes x "
                + CodeWriter.I(k.Phases) + " phase(s) (" + CodeWriter.I(channels * t.Vectors * k.Phases) + " accumulators), lane j of phase r being column " + (k.Phases == 1 ? "j" : CodeWriter.I(k.Phases) + "*j + r") + ".");
            for (int r = 0; r < k.Phases; r++)
            {
                var parts = new List<string>();
                foreach ((int tap, int off) in phaseTaps[r])
                {
                    parts.Add("k" + k.L[last] + " = " + CodeWriter.I(tap) + " reads column j" + (off == 0 ? "" : off > 0 ? " + " + CodeWriter.I(off) : " - " + CodeWriter.I(-off)));
                }

                w.Line("/// Phase " + CodeWriter.I(r) + ": " + (parts.Count == 0 ? "no taps (the output is the epilogue of zero)" : string.Join("; ", parts)) + ".");
            }

            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Tile" + bits + "x" + CodeWriter.I(channels) + "(" + KernelParts.TileParams(s, "w0") + ", int oc0, int icBase, int from, int to)");
            if (!k.VectorActivation)
            {
                w.Line("global::System.Span<float> laneBuffer = stackalloc float[" + CodeWriter.I(t.Lanes) + "];");
                w.Line("ref float lanes = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(laneBuffer);");
            }

            KernelParts.WriteChannelConstants(w, s, channels);
            for (int a = 0; a < last; a++)
            {
                string start = a == 0 ? "from" : "0";
                string end = a == 0 ? "to" : CodeWriter.I(s.Output[a]);
                w.Open("for (int o" + k.L[a] + " = " + start + "; o" + k.L[a] + " < " + end + "; o" + k.L[a] + "++)");
            }

            // 256-bit tiles of rows (2-D and 3-D layers): the column tiles are fixed here, so each load is decided by the
            // generator (plain, masked with a constant mask, or left out with its multiply-adds) and no mask occupies a register.
            bool fixedColumns = t.Bits == 256 && last > 0;
            int innerLo = -System.Math.Min(0, minOff == int.MaxValue ? 0 : minOff);
            int innerHi = s.Input[last] - width - (maxOff == int.MinValue ? 0 : maxOff);
            if (fixedColumns)
            {
                for (int column = 0; column < k.Columns; column += width)
                {
                    w.Line("// Lanes " + CodeWriter.I(column) + ".." + CodeWriter.I(column + width - 1) + " of each phase: loads inside the row are plain, those crossing its ends masked with constant masks,");
                    w.Line("// those wholly outside it left out with their multiply-adds.");
                    w.Open();
                    w.Line("const int t = " + CodeWriter.I(column) + ";");
                    WriteAccumulators(w, k, t, channels, vt);
                    WriteInputChannelLoop(w, k, () => WriteSharedTaps(w, k, t, channels, phaseTaps, vt, "xr", "wr", column));
                    WriteTileEpilogue(w, k, t, channels, vec, vt, bits);
                    w.Close();
                }
            }
            else
            {
                if (last > 0)
                {
                    w.Open("for (int t = 0; t < " + CodeWriter.I(k.Columns) + "; t += " + CodeWriter.I(width) + ")");
                }
                else
                {
                    w.Open("for (int t = from * " + CodeWriter.I(width) + "; t < to * " + CodeWriter.I(width) + " && t < " + CodeWriter.I(k.Columns) + "; t += " + CodeWriter.I(width) + ")");
                }

                if (innerHi >= innerLo)
                {
                    w.Line("// Every load of an inner tile is inside the input row; the others read with masked loads.");
                    w.Line("bool inner = t >= " + CodeWriter.I(innerLo) + " && t <= " + CodeWriter.I(innerHi) + ";");
                }

                WriteAccumulators(w, k, t, channels, vt);
                var maskColumns = new SortedSet<int>();
                foreach (List<(int Tap, int Offset)> taps in phaseTaps)
                {
                    foreach ((int _, int off) in taps)
                    {
                        for (int q = 0; q < t.Vectors; q++)
                        {
                            maskColumns.Add(off + q * t.Lanes);
                        }
                    }
                }

                w.Line("// The lane masks of the masked loads, once per tile: lane set where input column t + offset + lane is inside the row.");
                foreach (int c in maskColumns)
                {
                    w.Line(vt + " " + MaskName(c) + " = " + Rt + "VectorLoads.ColumnMask" + bits + "(" + KernelGeometry.Sum("t", CodeWriter.I(c)) + ", " + CodeWriter.I(s.Input[last]) + ");");
                }

                string xr = last > 0 ? "xr" : "xc", wr = last > 0 ? "wr" : "wc";
                WriteInputChannelLoop(w, k, () =>
                {
                    if (innerHi >= innerLo)
                    {
                        w.Open("if (inner)");
                        WriteTaps(w, k, t, channels, phaseTaps, vec, vt, bits, xr, wr, masked: false);
                        w.Close();
                        w.Open("else");
                        WriteTaps(w, k, t, channels, phaseTaps, vec, vt, bits, xr, wr, masked: true);
                        w.Close();
                    }
                    else
                    {
                        // The row is narrower than a tile plus its taps' reach: every tile reads with masked loads.
                        WriteTaps(w, k, t, channels, phaseTaps, vec, vt, bits, xr, wr, masked: true);
                    }
                });
                WriteTileEpilogue(w, k, t, channels, vec, vt, bits);
                w.Close();
            }

            for (int a = 0; a < last; a++)
            {
                w.Close();
            }

            w.Close();
        }

        private static void WriteAccumulators(CodeWriter w, Ctx k, VectorTile t, int channels, string vt)
        {
            for (int o = 0; o < channels; o++)
            {
                var decl = new List<string>();
                for (int r = 0; r < k.Phases; r++)
                {
                    for (int q = 0; q < t.Vectors; q++)
                    {
                        decl.Add(Acc(o, r, q) + " = " + vt + ".Zero");
                    }
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
            }
        }

        /// <summary>The loop over the group's input channels and the outer axes' phase taps, with <paramref name="taps"/> inside.</summary>
        private static void WriteInputChannelLoop(CodeWriter w, Ctx k, System.Action taps)
        {
            int last = k.Last;
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(k.Cg) + "; ic++)");
            w.Line("ref float xc = ref At(ref xn, " + KernelGeometry.Times("icBase + ic", k.G.InChannelStride) + ");");
            w.Line("ref float wc = ref At(ref w0, " + KernelGeometry.Times("ic", k.WeightPerInput) + ");");
            var xTerms = new List<string>();
            var wTerms = new List<string>();
            OpenPhaseTapLoops(w, k, last, xTerms, wTerms);
            if (last > 0)
            {
                w.Line("ref float xr = ref At(ref xc, " + KernelGeometry.Sum(xTerms.ToArray()) + ");");
                w.Line("ref float wr = ref At(ref wc, " + KernelGeometry.Sum(wTerms.ToArray()) + ");");
            }

            taps();
            for (int a = 0; a < last; a++)
            {
                w.Close();
            }

            w.Close();
        }

        private static string MaskName(int column) => column < 0 ? "mm" + CodeWriter.I(-column) : "m" + CodeWriter.I(column);

        private static string Acc(int o, int r, int q) => "a" + CodeWriter.I(o) + "_" + CodeWriter.I(r) + "_" + CodeWriter.I(q);

        /// <summary>
        /// The taps of a tile whose columns are fixed at generate time (256-bit rows): phases' taps that read the same input
        /// columns share one load, and the taps are ordered so such pairs are adjacent (<see cref="SharedTapOrder"/>); each
        /// load is plain, masked with a constant mask, or left out with its multiply-adds (<see cref="KernelParts.ColumnLoad256"/>).
        /// Each phase's taps keep their order, so every accumulator's chain is the one of the other paths.
        /// </summary>
        private static void WriteSharedTaps(CodeWriter w, Ctx k, VectorTile t, int channels, List<List<(int Tap, int Offset)>> phaseTaps, string vt, string xr, string wr, int column)
        {
            string xl = k.L[k.Last];
            foreach ((int offset, List<(int Phase, int Tap)> group) in SharedTapOrder(phaseTaps))
            {
                var names = new List<string>();
                foreach ((int r, int tap) in group)
                {
                    names.Add("phase " + CodeWriter.I(r) + " tap k" + xl + " = " + CodeWriter.I(tap));
                }

                w.Line("// Input columns t + " + CodeWriter.I(offset) + " onwards: " + string.Join(", ", names) + ".");
                string name = offset < 0 ? "m" + CodeWriter.I(-offset) : CodeWriter.I(offset);
                var used = new List<int>();
                for (int q = 0; q < t.Vectors; q++)
                {
                    string? load = KernelParts.ColumnLoad256(xr, column + offset + q * t.Lanes, k.S.Input[k.Last]);
                    if (load is not null)
                    {
                        w.Line(vt + " x" + CodeWriter.I(q) + "_" + name + " = " + load + ";");
                        used.Add(q);
                    }
                }

                foreach ((int r, int tap) in group)
                {
                    WriteTapFmas(w, k, channels, "Vec256", vt, wr, r, tap, used, name);
                }
            }
        }

        /// <summary>
        /// The phases' taps in an order that keeps each phase's own order and puts taps of different phases reading the same
        /// columns next to each other, as groups sharing one load: at each step the heads of the phases that read the same
        /// offset go together; otherwise the first head whose removal makes two heads meet (else phase order). U-Net's 4x4/2
        /// layer: phase 1's kx = 0 first, then phase 0's kx = 1 with phase 1's kx = 2 (both column j), then phase 0's kx = 3.
        /// </summary>
        internal static List<(int Offset, List<(int Phase, int Tap)> Group)> SharedTapOrder(List<List<(int Tap, int Offset)>> phaseTaps)
        {
            int phases = phaseTaps.Count;
            var next = new int[phases];
            var order = new List<(int, List<(int, int)>)>();
            bool Left(int r) => next[r] < phaseTaps[r].Count;
            int Head(int r) => phaseTaps[r][next[r]].Offset;
            bool HeadsMeet()
            {
                for (int a = 0; a < phases; a++)
                {
                    for (int b = a + 1; b < phases; b++)
                    {
                        if (Left(a) && Left(b) && Head(a) == Head(b))
                        {
                            return true;
                        }
                    }
                }

                return false;
            }

            while (true)
            {
                int first = -1;
                for (int r = 0; r < phases && first < 0; r++)
                {
                    if (Left(r))
                    {
                        first = r;
                    }
                }

                if (first < 0)
                {
                    return order;
                }

                int pick = -1;
                if (!HeadsMeet())
                {
                    for (int r = 0; r < phases && pick < 0; r++)
                    {
                        if (Left(r))
                        {
                            next[r]++;
                            if (HeadsMeet())
                            {
                                pick = r;
                            }

                            next[r]--;
                        }
                    }
                }

                int offset = Head(pick >= 0 ? pick : first);
                var group = new List<(int, int)>();
                for (int r = 0; r < phases; r++)
                {
                    if (Left(r) && Head(r) == offset && (pick < 0 || r == pick))
                    {
                        group.Add((r, phaseTaps[r][next[r]].Tap));
                        next[r]++;
                    }
                }

                order.Add((offset, group));
            }
        }

        /// <summary>Every phase's taps of the innermost axis: the input vectors of the tap, then one broadcast weight and FMAs per channel.</summary>
        private static void WriteTaps(CodeWriter w, Ctx k, VectorTile t, int channels, List<List<(int Tap, int Offset)>> phaseTaps, string vec, string vt, string bits, string xr, string wr, bool masked)
        {
            string xl = k.L[k.Last];
            var all = new List<int>();
            for (int q = 0; q < t.Vectors; q++)
            {
                all.Add(q);
            }

            for (int r = 0; r < k.Phases; r++)
            {
                foreach ((int tap, int off) in phaseTaps[r])
                {
                    w.Line("// Phase " + CodeWriter.I(r) + ", tap k" + xl + " = " + CodeWriter.I(tap) + ": input columns t + " + CodeWriter.I(off) + " onwards.");
                    for (int q = 0; q < t.Vectors; q++)
                    {
                        string column = KernelGeometry.Sum("t", CodeWriter.I(off + (long)q * t.Lanes));
                        string load = masked
                            ? Rt + "VectorLoads.MaskLoad" + bits + "(ref " + xr + ", " + column + ", " + MaskName(off + q * t.Lanes) + ")"
                            : vec + ".LoadUnsafe(ref At(ref " + xr + ", " + column + "))";
                        w.Line(vt + " x" + CodeWriter.I(q) + "_" + CodeWriter.I(tap) + " = " + load + ";");
                    }

                    WriteTapFmas(w, k, channels, vec, vt, wr, r, tap, all, CodeWriter.I(tap));
                }
            }
        }

        /// <summary>
        /// One tap's multiply-adds: per channel one broadcast weight, times each loaded vector <c>x{q}_{suffix}</c> of
        /// <paramref name="vectors"/> into the phase's accumulators.
        /// </summary>
        private static void WriteTapFmas(CodeWriter w, Ctx k, int channels, string vec, string vt, string wr, int r, int tap, List<int> vectors, string suffix)
        {
            for (int o = 0; o < channels && vectors.Count > 0; o++)
            {
                w.Line("{");
                w.Line("    " + vt + " b = " + vec + ".Create(At(ref " + wr + ", " + CodeWriter.I(o * k.Kk + tap) + "));");
                foreach (int q in vectors)
                {
                    w.Line("    " + Acc(o, r, q) + " = " + vec + ".FusedMultiplyAdd(b, x" + CodeWriter.I(q) + "_" + suffix + ", " + Acc(o, r, q) + ");");
                }

                w.Line("}");
            }
        }

        /// <summary>
        /// Interleaves the phases into consecutive outputs, applies the epilogue in registers and stores: whole vectors
        /// when the tile ends inside the row, otherwise only the lanes inside it.
        /// </summary>
        private static void WriteTileEpilogue(CodeWriter w, Ctx k, VectorTile t, int channels, string vec, string vt, string bits)
        {
            LayerShape s = k.S;
            KernelGeometry g = k.G;
            int ow = s.Output[k.Last];
            var rowTerms = new List<string>();
            for (int a = 0; a < k.Last; a++)
            {
                rowTerms.Add(KernelGeometry.Times("o" + k.L[a], g.OutAxisStride[a]));
            }

            string row = KernelGeometry.Sum(rowTerms.ToArray());
            w.Line("// Epilogue: " + (k.Phases == 2 ? "interleave the two phases into consecutive columns, " : "") + "bias, batch norm, residual, activation in registers"
                + (k.VectorActivation ? "" : " (the " + s.Activation + " activation with the scalar function, bitwise equal to the scalar path)") + ", then store.");
            w.Line("bool full = " + CodeWriter.I(k.Phases) + " * (t + " + CodeWriter.I(t.Width) + ") <= " + CodeWriter.I(ow) + ";");
            for (int o = 0; o < channels; o++)
            {
                string channelRow = KernelGeometry.Sum(KernelGeometry.Times("oc0 + " + CodeWriter.I(o), g.OutChannelStride), row);
                w.Line("ref float y" + CodeWriter.I(o) + " = ref At(ref yn, " + channelRow + ");");
                if (s.Residual)
                {
                    w.Line("ref float r" + CodeWriter.I(o) + " = ref At(ref rn, " + channelRow + ");");
                }

                for (int q = 0; q < t.Vectors; q++)
                {
                    var outputs = new List<(string Value, string Column)>();
                    string baseColumn = KernelGeometry.Times(KernelGeometry.Sum("t", CodeWriter.I((long)q * t.Lanes)), k.Phases);
                    if (k.Phases == 1)
                    {
                        outputs.Add((Acc(o, 0, q), baseColumn));
                    }
                    else
                    {
                        outputs.Add((Rt + "VectorLanes.InterleaveLower" + bits + "(" + Acc(o, 0, q) + ", " + Acc(o, 1, q) + ")", baseColumn));
                        outputs.Add((Rt + "VectorLanes.InterleaveUpper" + bits + "(" + Acc(o, 0, q) + ", " + Acc(o, 1, q) + ")", baseColumn + " + " + CodeWriter.I(t.Lanes)));
                    }

                    foreach ((string value, string column) in outputs)
                    {
                        WriteStore(w, k, o, value, column, vec, vt, bits, ow);
                    }
                }
            }
        }

        private static void WriteStore(CodeWriter w, Ctx k, int o, string value, string column, string vec, string vt, string bits, int ow)
        {
            LayerShape s = k.S;
            string oi = CodeWriter.I(o);
            w.Open();
            w.Line("int c = " + column + ";");
            string residual = "(full ? " + vec + ".LoadUnsafe(ref At(ref r" + oi + ", c)) : " + Rt + "VectorLoads.MaskLoad" + bits + "(ref r" + oi + ", c, "
                + Rt + "VectorLoads.ColumnMask" + bits + "(c, " + CodeWriter.I(ow) + ")))";
            string e = KernelParts.VectorEpilogue(s, vec, value, "bias" + oi, "scale" + oi, "shift" + oi, residual);
            if (k.VectorActivation)
            {
                w.Line(vt + " v = " + e + ";");
                w.Line("if (full) { " + vec + ".StoreUnsafe(v, ref At(ref y" + oi + ", c)); } else { " + Rt + "VectorLanes.StoreColumns" + bits + "(v, ref y" + oi + ", c, " + CodeWriter.I(ow) + "); }");
            }
            else
            {
                w.Line(vec + ".StoreUnsafe(" + e + ", ref lanes);");
                w.Line("int n = full ? " + CodeWriter.I(bits == "512" ? 16 : 8) + " : global::System.Math.Min(" + CodeWriter.I(bits == "512" ? 16 : 8) + ", " + CodeWriter.I(ow) + " - c);");
                w.Line("for (int i = 0; i < n; i++) { At(ref y" + oi + ", c + i) = " + KernelParts.Activate(s, "At(ref lanes, i)") + "; }");
            }

            w.Close();
        }
    }
}
