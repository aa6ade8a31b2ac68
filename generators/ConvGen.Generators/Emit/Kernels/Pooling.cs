using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Pooling kernels: max and average pooling (window unrolled over the interior, <c>Window</c> at the borders,
    /// where padded positions never win a max and are counted in an average only by PyTorch's
    /// count_include_pad rule), and adaptive/global average pooling. No weights, no epilogue.
    /// </summary>
    internal static class Pooling
    {
        public static void Emit(CodeWriter w, LayerPlan plan, KernelGeometry g, string className)
        {
            LayerShape s = plan.Shape;
            KernelParts.OpenClass(w, plan, className);
            if (s.Kind == LayerKind.MaxPool)
            {
                w.Line("/// <summary>");
                w.Line("/// Max that propagates NaN, as PyTorch's pooling does: <c>v &gt; m || float.IsNaN(v) ? v : m</c>, computed without a branch");
                w.Line("/// (lane 0 of <see cref=\"global::ConvGen.VectorMax\"/>'s rule; as a branch it mispredicted on real data: 23 ns per 3x3 window).");
                w.Line("/// </summary>");
                KernelParts.InlineAttributes(w);
                w.Line("private static float Max(float m, float v) => " + Rt + "VectorMax.Max(m, v);");
                w.Line();
            }

            string nullRef = KernelParts.NullRef;
            bool channelsLast = s.Layout == TensorLayout.Nhwc && plan.Kernel!.Tile256 is not null;
            long work = System.Math.Max(1L, (long)s.OutputSpatial * System.Math.Max(1L, s.KernelSpatial));
            int rows = ChannelLaneTiling.Rows(s);
            w.Line("/// <summary>Runs the layer on <paramref name=\"batch\"/> items: one item per (batch item, " + (channelsLast ? "output row) on the vector paths, per (batch item, channel) on the scalar one" : "channel)") + ", spread over <see cref=\"global::ConvGen.ParallelKernels\"/>' threads.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("public static void Run(" + LayerEmitter.RunParameters(plan) + ")");
            if (channelsLast)
            {
                w.Line("int level = " + (plan.Kernel!.Tile512 is not null ? Rt + "Isa.Use512 ? 2 : " : "") + Rt + "Isa.Use256 ? 1 : 0;");
                w.Line(Rt + "ParallelKernels.For(batch * (level > 0 ? " + CodeWriter.I(rows) + " : " + CodeWriter.I(s.InChannels) + "), level > 0 ? " + CodeWriter.I(System.Math.Max(1L, work * s.InChannels / rows)) + " : " + CodeWriter.I(work)
                    + ", s_body, level, ref x, ref x, " + nullRef + ", " + nullRef + ", " + nullRef + ", " + nullRef + ", " + nullRef + ", " + nullRef + ", ref y);");
            }
            else
            {
                w.Line(Rt + "ParallelKernels.For(batch * " + CodeWriter.I(s.InChannels) + ", " + CodeWriter.I(work) + ", s_body, 0, ref x, ref x, "
                    + nullRef + ", " + nullRef + ", " + nullRef + ", " + nullRef + ", " + nullRef + ", " + nullRef + ", ref y);");
            }

            w.Close();
            w.Line();
            w.Line("private static readonly " + Rt + "KernelBody s_body = Body;");
            w.Line();
            if (channelsLast)
            {
                KernelParts.RunAttributes(w);
                w.Open("private static void Body(int item, in " + Rt + "KernelOperands ops)");
                w.Open("switch (ops.Tag)");
                if (plan.Kernel!.Tile512 is not null)
                {
                    w.Line("case 2: Row512(item, ref ops.Input, ref ops.Output); break;");
                }

                w.Line("case 1: Row256(item, ref ops.Input, ref ops.Output); break;");
                w.Line("default: Channel(item, ref ops.Input, ref ops.Output); break;");
                w.Close();
                w.Close();
                foreach (VectorTile? t in new[] { plan.Kernel!.Tile512, plan.Kernel!.Tile256 })
                {
                    if (t is not null)
                    {
                        w.Line();
                        WriteChannelsLastRow(w, s, g, t);
                    }
                }
            }
            else
            {
                KernelParts.RunAttributes(w);
                w.Line("private static void Body(int item, in " + Rt + "KernelOperands ops) => Channel(item, ref ops.Input, ref ops.Output);");
            }

            w.Line();
            w.Line("/// <summary>One channel of one batch item.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Channel(int item, ref float x, ref float y)");
            w.Line("int n = item / " + CodeWriter.I(s.InChannels) + ", c = item - n * " + CodeWriter.I(s.InChannels) + ";");
            w.Line("ref float xc = ref At(ref x, " + KernelGeometry.Sum(KernelGeometry.Times("n", g.InItem), KernelGeometry.Times("c", g.InChannelStride)) + ");");
            w.Line("ref float yc = ref At(ref y, " + KernelGeometry.Sum(KernelGeometry.Times("n", g.OutItem), KernelGeometry.Times("c", g.OutChannelStride)) + ");");
            if (s.Kind == LayerKind.AdaptiveAvgPool || s.Kind == LayerKind.GlobalAvgPool)
            {
                WriteAdaptive(w, s, g);
            }
            else
            {
                WriteWindowPlane(w, plan, g);
            }

            w.Close();
            if (s.Kind == LayerKind.MaxPool || s.Kind == LayerKind.AvgPool)
            {
                w.Line();
                WriteWindow(w, s, g);
            }

            w.Close();
        }

        private static void WriteWindowPlane(CodeWriter w, LayerPlan plan, KernelGeometry g)
        {
            LayerShape s = plan.Shape;
            bool full = plan.Kernel!.Unroll == UnrollMode.FullWindow;
            KernelParts.WritePlaneWalk(w, g, "o", s.Output, ("yr", "yc", g.OutAxisStride),
                () => WriteInteriorRow(w, s, g, full, s.Layout == TensorLayout.Nchw ? plan.Kernel!.Tile512 : null, s.Layout == TensorLayout.Nchw ? plan.Kernel!.Tile256 : null),
                (from, to) => WriteWindowLoop(w, s, g, from, to),
                "No window of this layer lies wholly inside the input: every output takes the border path.",
                "Border row: some window positions fall in the padding or past the input.");
        }

        private static void WriteInteriorRow(CodeWriter w, LayerShape s, KernelGeometry g, bool full, VectorTile? t512, VectorTile? t256)
        {
            int last = s.Rank - 1;
            string[] L = g.Letters;
            string x = L[last];
            bool max = s.Kind == LayerKind.MaxPool;
            if (g.Lo[last] > 0)
            {
                w.Line("// Left border: the first " + CodeWriter.I(g.Lo[last]) + " window(s) of the row reach into the padding.");
                WriteWindowLoop(w, s, g, 0, g.Lo[last]);
            }

            w.Line("// Interior: the whole window inside the input, no checks.");
            if (full)
            {
                Direct.WriteRowRefs(w, s, g, "o", "xc", g.InAxisStride);
            }

            if (t256 is not null)
            {
                w.Open();
                w.Line("int o" + x + " = " + CodeWriter.I(g.Lo[last]) + ";");
                foreach (VectorTile? t in new[] { t512, t256 })
                {
                    if (t is not null)
                    {
                        WriteVectorInterior(w, s, g, t);
                    }
                }

                w.Line("// The rest of the interior, one output at a time.");
                w.Open("for (; o" + x + " < " + CodeWriter.I(g.Hi[last]) + "; o" + x + "++)");
            }
            else
            {
                w.Open("for (int o" + x + " = " + CodeWriter.I(g.Lo[last]) + "; o" + x + " < " + CodeWriter.I(g.Hi[last]) + "; o" + x + "++)");
            }

            w.Line("int i" + x + " = " + KernelGeometry.Lin("o" + x, s.Stride[last], -s.PadBefore[last]) + ";");
            string target = "At(ref yr, " + KernelGeometry.Times("o" + x, g.OutAxisStride[last]) + ")";
            string divisor = CodeWriter.F(s.KernelSpatial);
            if (full)
            {
                var reads = new List<string>();
                foreach (string outer in Direct.OuterTapNames(s))
                {
                    string row = s.Rank == 1 ? "xc" : "r" + outer;
                    for (int k = 0; k < s.Kernel[last]; k++)
                    {
                        reads.Add("At(ref " + row + ", " + KernelGeometry.Times(KernelGeometry.Lin("i" + x, 1, (long)k * s.Dilation[last]), g.InAxisStride[last]) + ")");
                    }
                }

                if (max)
                {
                    w.Line("float m = " + reads[0] + ";");
                    for (int i = 1; i < reads.Count; i++)
                    {
                        w.Line("m = Max(m, " + reads[i] + ");");
                    }

                    w.Line(target + " = m;");
                }
                else
                {
                    w.Line(target + " = (" + string.Join(" + ", reads) + ") / " + divisor + ";");
                }
            }
            else
            {
                w.Line(max ? "float m = float.NegativeInfinity;" : "float sum = 0f;");
                var rowTerms = new List<string>();
                for (int a = 0; a < last; a++)
                {
                    w.Open("for (int k" + L[a] + " = 0; k" + L[a] + " < " + CodeWriter.I(s.Kernel[a]) + "; k" + L[a] + "++)");
                    rowTerms.Add(KernelGeometry.Times(KernelGeometry.Lin("o" + L[a], s.Stride[a], -s.PadBefore[a]) + " + " + KernelGeometry.Times("k" + L[a], s.Dilation[a]), g.InAxisStride[a]));
                }

                string row = "xc";
                if (last > 0)
                {
                    w.Line("ref float row = ref At(ref xc, " + KernelGeometry.Sum(rowTerms.ToArray()) + ");");
                    row = "row";
                }

                using (w.Block("for (int k" + x + " = 0; k" + x + " < " + CodeWriter.I(s.Kernel[last]) + "; k" + x + "++)"))
                {
                    string read = "At(ref " + row + ", " + KernelGeometry.Times("i" + x + " + " + KernelGeometry.Times("k" + x, s.Dilation[last]), g.InAxisStride[last]) + ")";
                    w.Line(max ? "m = Max(m, " + read + ");" : "sum += " + read + ";");
                }

                for (int a = 0; a < last; a++)
                {
                    w.Close();
                }

                w.Line(target + " = " + (max ? "m" : "sum / " + divisor) + ";");
            }

            w.Close();
            if (t256 is not null)
            {
                w.Close();
            }

            if (g.Hi[last] < s.Output[last])
            {
                w.Line("// Right border: the last " + CodeWriter.I(s.Output[last] - g.Hi[last]) + " window(s) of the row reach into the padding or past the input.");
                WriteWindowLoop(w, s, g, g.Hi[last], s.Output[last]);
            }
        }

        /// <summary>
        /// The vector interior of a row (<see cref="PoolingTiling"/>): whole vectors of consecutive outputs from the current
        /// column while they fit, each tap a plain or even-lane load, the scalar chain's operations lane by lane.
        /// </summary>
        private static void WriteVectorInterior(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            int last = s.Rank - 1;
            string x = "o" + g.Letters[last];
            string bits = CodeWriter.I(t.Bits), l = CodeWriter.I(t.Lanes);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            bool max = s.Kind == LayerKind.MaxPool, stride2 = s.Stride[last] == 2;
            (int _, int to) = PoolingTiling.VectorStarts(s, t.Lanes);
            w.Open("if (" + Rt + "Isa.Use" + bits + ")");
            w.Line("// " + l + " outputs per vector" + (stride2 ? " (each tap: " + CodeWriter.I(2 * t.Lanes) + " floats, the even ones kept)" : "") + ", while every float the loads read lies in the row.");
            w.Open("for (; " + x + " < " + CodeWriter.I(to) + "; " + x + " += " + l + ")");
            w.Line("int i = " + KernelGeometry.Lin(x, s.Stride[last], -s.PadBefore[last]) + ";");
            var reads = new List<string>();
            foreach (string outer in Direct.OuterTapNames(s))
            {
                string row = s.Rank == 1 ? "xc" : "r" + outer;
                for (int k = 0; k < s.Kernel[last]; k++)
                {
                    string at = "ref At(ref " + row + ", " + KernelGeometry.Lin("i", 1, (long)k * s.Dilation[last]) + ")";
                    reads.Add(stride2 ? Rt + "VectorLoads.LoadEven" + bits + "(" + at + ")" : vec + ".LoadUnsafe(" + at + ")");
                }
            }

            if (max)
            {
                w.Line(vt + " m = " + reads[0] + ";");
                for (int i = 1; i < reads.Count; i++)
                {
                    w.Line("m = " + Rt + "VectorMax.Max" + bits + "(m, " + reads[i] + ");");
                }

                w.Line(vec + ".StoreUnsafe(m, ref At(ref yr, " + x + "));");
            }
            else
            {
                w.Line(vt + " sum = " + reads[0] + ";");
                for (int i = 1; i < reads.Count; i++)
                {
                    w.Line("sum += " + reads[i] + ";");
                }

                w.Line(vec + ".StoreUnsafe(sum / " + vec + ".Create(" + CodeWriter.F(s.KernelSpatial) + "), ref At(ref yr, " + x + "));");
            }

            w.Close();
            w.Close();
        }

        private const string Rt = "global::ConvGen.";

        /// <summary>
        /// The channels-last vector path: one output row of one batch item per item; each output pixel's channels in vectors
        /// (the last masked), a window inside the input as the interior's unrolled chain (from the first tap), one reaching
        /// into the padding as the border Window's (taps outside skipped, from -infinity or zero, PyTorch's divisor): the
        /// scalar path's operations lane by lane, so every ISA gives the same bits.
        /// </summary>
        private static void WriteChannelsLastRow(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t)
        {
            int last = s.Rank - 1, c = s.InChannels, lanes = t.Lanes;
            string[] L = g.Letters;
            string bits = CodeWriter.I(t.Bits), l = CodeWriter.I(lanes);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            bool max = s.Kind == LayerKind.MaxPool;
            bool ragged = c % lanes != 0;
            int rows = ChannelLaneTiling.Rows(s);
            w.Line("/// <summary>One output row of one batch item, " + bits + "-bit: every pixel's " + CodeWriter.I(c) + " channels in vectors of " + l + (ragged ? " (the last masked)" : "") + ".</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Row" + bits + "(int item, ref float x, ref float y)");
            w.Line("int n = item / " + CodeWriter.I(rows) + ", row = item - n * " + CodeWriter.I(rows) + ";");
            if (s.Rank == 3)
            {
                w.Line("int o" + L[0] + " = row / " + CodeWriter.I(s.Output[1]) + ", o" + L[1] + " = row - o" + L[0] + " * " + CodeWriter.I(s.Output[1]) + ";");
            }
            else if (s.Rank == 2)
            {
                w.Line("int o" + L[0] + " = row;");
            }

            w.Line("ref float xn = ref At(ref x, " + KernelGeometry.Times("n", g.InItem) + ");");
            var outRow = new List<string> { KernelGeometry.Times("n", g.OutItem) };
            for (int a = 0; a < last; a++)
            {
                outRow.Add(KernelGeometry.Times("o" + L[a], g.OutAxisStride[a]));
            }

            w.Line("ref float yr = ref At(ref y, " + KernelGeometry.Sum(outRow.ToArray()) + ");");
            if (ragged)
            {
                w.Line(vt + " mask = " + Rt + "VectorLoads.ColumnMask" + bits + "(" + CodeWriter.I(c / lanes * lanes) + ", " + CodeWriter.I(c) + "); // the lanes of the last vector that are channels");
            }

            for (int a = 0; a < last; a++)
            {
                w.Line("int s" + L[a] + " = " + KernelGeometry.Lin("o" + L[a], s.Stride[a], -s.PadBefore[a]) + ";");
            }

            string outerInside = "";
            for (int a = 0; a < last; a++)
            {
                outerInside += (outerInside.Length > 0 ? " && " : "") + "s" + L[a] + " >= 0 && s" + L[a] + " + " + CodeWriter.I((long)(s.Kernel[a] - 1) * s.Dilation[a]) + " < " + CodeWriter.I(s.Input[a]);
            }

            if (last > 0)
            {
                w.Line("bool rowInside = " + outerInside + ";");
            }

            string x0 = "o" + L[last];
            w.Open("for (int " + x0 + " = 0; " + x0 + " < " + CodeWriter.I(s.Output[last]) + "; " + x0 + "++)");
            w.Line("int s" + L[last] + " = " + KernelGeometry.Lin(x0, s.Stride[last], -s.PadBefore[last]) + ";");
            string inside = (last > 0 ? "rowInside && " : "") + "s" + L[last] + " >= 0 && s" + L[last] + " + " + CodeWriter.I((long)(s.Kernel[last] - 1) * s.Dilation[last]) + " < " + CodeWriter.I(s.Input[last]);
            w.Line("ref float yp = ref At(ref yr, " + KernelGeometry.Times(x0, g.OutAxisStride[last]) + ");");
            var origin = new List<string>();
            for (int a = 0; a < s.Rank; a++)
            {
                origin.Add(KernelGeometry.Times("s" + L[a], g.InAxisStride[a]));
            }

            string Load(string baseRef, string offset, bool masked)
                => masked ? Rt + "VectorLoads.MaskLoad" + bits + "(ref " + baseRef + ", " + offset + ", mask)" : vec + ".LoadUnsafe(ref At(ref " + baseRef + ", " + offset + "))";
            string Store(string value, bool masked)
                => masked ? Rt + "VectorLanes.StoreColumns" + bits + "(" + value + ", ref yp, j, " + CodeWriter.I(c) + ");" : vec + ".StoreUnsafe(" + value + ", ref At(ref yp, j));";

            // Interior: the unrolled chain from the first tap.
            w.Open("if (" + inside + ")");
            w.Line("// The whole window inside the input: the interior's chain, from the first tap.");
            w.Line("ref float xw = ref At(ref xn, " + KernelGeometry.Sum(origin.ToArray()) + ");");
            var taps = new List<long>();
            foreach (int[] k in Direct.OuterTaps(s))
            {
                long o = 0;
                for (int a = 0; a < last; a++)
                {
                    o += (long)k[a] * s.Dilation[a] * g.InAxisStride[a];
                }

                for (int kx = 0; kx < s.Kernel[last]; kx++)
                {
                    taps.Add(o + (long)kx * s.Dilation[last] * g.InAxisStride[last]);
                }
            }

            foreach (bool masked in ragged ? new[] { false, true } : new[] { false })
            {
                w.Open(masked ? "" : "for (int j = 0; j + " + l + " <= " + CodeWriter.I(c) + "; j += " + l + ")");
                if (masked)
                {
                    w.Line("int j = " + CodeWriter.I(c / lanes * lanes) + ";");
                }

                string acc = max ? "m" : "sum";
                w.Line(vt + " " + acc + " = " + Load("xw", KernelGeometry.Sum(CodeWriter.I(taps[0]), "j"), masked) + ";");
                for (int i = 1; i < taps.Count; i++)
                {
                    string v = Load("xw", KernelGeometry.Sum(CodeWriter.I(taps[i]), "j"), masked);
                    w.Line(max ? "m = " + Rt + "VectorMax.Max" + bits + "(m, " + v + ");" : "sum += " + v + ";");
                }

                w.Line(Store(max ? "m" : "sum / " + vec + ".Create(" + CodeWriter.F(s.KernelSpatial) + ")", masked));
                w.Close();
            }

            w.Close();
            w.Open("else");
            w.Line("// A window reaching into the padding or past the input: the border Window's chain, taps outside skipped.");
            if (!max)
            {
                var counts = new List<string>();
                for (int a = 0; a < s.Rank; a++)
                {
                    string e = "s" + L[a];
                    string end = "global::System.Math.Min(" + e + " + " + CodeWriter.I(s.Kernel[a]) + ", " + CodeWriter.I(s.Input[a] + s.PadAfter[a]) + ")";
                    counts.Add(s.CountIncludePad
                        ? "(" + end + " - " + e + ")"
                        : "(global::System.Math.Min(" + end + ", " + CodeWriter.I(s.Input[a]) + ") - global::System.Math.Max(" + e + ", 0))");
                }

                w.Line("int count = " + string.Join(" * ", counts) + "; // PyTorch's divisor (count_include_pad " + (s.CountIncludePad ? "true" : "false") + ")");
            }

            foreach (bool masked in ragged ? new[] { false, true } : new[] { false })
            {
                w.Open(masked ? "" : "for (int j = 0; j + " + l + " <= " + CodeWriter.I(c) + "; j += " + l + ")");
                if (masked)
                {
                    w.Line("int j = " + CodeWriter.I(c / lanes * lanes) + ";");
                }

                w.Line(vt + " " + (max ? "m = " + vec + ".Create(float.NegativeInfinity)" : "sum = " + vt + ".Zero") + ";");
                var terms = new List<string>();
                for (int a = 0; a < s.Rank; a++)
                {
                    string i = "i" + L[a];
                    w.Open("for (int k" + L[a] + " = 0; k" + L[a] + " < " + CodeWriter.I(s.Kernel[a]) + "; k" + L[a] + "++)");
                    w.Line("int " + i + " = " + KernelGeometry.Sum("s" + L[a], KernelGeometry.Times("k" + L[a], s.Dilation[a])) + ";");
                    w.Open("if ((uint)" + i + " >= " + CodeWriter.I(s.Input[a]) + "u)");
                    w.Line("continue;");
                    w.Close();
                    terms.Add(KernelGeometry.Times(i, g.InAxisStride[a]));
                }

                string v = Load("xn", KernelGeometry.Sum(KernelGeometry.Sum(terms.ToArray()), "j"), masked);
                w.Line(max ? "m = " + Rt + "VectorMax.Max" + bits + "(m, " + v + ");" : "sum += " + v + ";");
                for (int a = 0; a < s.Rank; a++)
                {
                    w.Close();
                }

                w.Line(Store(max ? "m" : "sum / " + vec + ".Create((float)count)", masked));
                w.Close();
            }

            w.Close();
            w.Close();
            w.Close();
        }

        private static void WriteWindowLoop(CodeWriter w, LayerShape s, KernelGeometry g, int from, int to)
        {
            int last = s.Rank - 1;
            string x = "o" + g.Letters[last];
            var args = new List<string> { "ref xc" };
            for (int a = 0; a < s.Rank; a++)
            {
                args.Add("o" + g.Letters[a]);
            }

            using (w.Block("for (int " + x + " = " + CodeWriter.I(from) + "; " + x + " < " + CodeWriter.I(to) + "; " + x + "++)"))
            {
                w.Line("At(ref yr, " + KernelGeometry.Times(x, g.OutAxisStride[last]) + ") = Window(" + string.Join(", ", args) + ");");
            }
        }

        /// <summary>The border window: bounds-checked, with PyTorch's divisor rule for averages.</summary>
        private static void WriteWindow(CodeWriter w, LayerShape s, KernelGeometry g)
        {
            string[] L = g.Letters;
            bool max = s.Kind == LayerKind.MaxPool;
            var ps = new List<string> { "ref float xc" };
            for (int a = 0; a < s.Rank; a++)
            {
                ps.Add("int o" + L[a]);
            }

            if (max)
            {
                w.Line("/// <summary>One border window: positions in the padding or past the input are skipped, so they never win.</summary>");
                KernelParts.RunAttributes(w);
                w.Open("private static float Window(" + string.Join(", ", ps) + ")");
                w.Line("float m = float.NegativeInfinity;");
                var xTerms = new List<string>();
                for (int a = 0; a < s.Rank; a++)
                {
                    string k = "k" + L[a];
                    string i = "i" + L[a];
                    w.Open("for (int " + k + " = 0; " + k + " < " + CodeWriter.I(s.Kernel[a]) + "; " + k + "++)");
                    w.Line("int " + i + " = " + KernelGeometry.Lin("o" + L[a], s.Stride[a], -s.PadBefore[a]) + " + " + KernelGeometry.Times(k, s.Dilation[a]) + ";");
                    using (w.Block("if ((uint)" + i + " >= " + CodeWriter.I(s.Input[a]) + "u)"))
                    {
                        w.Line("continue;");
                    }

                    xTerms.Add(KernelGeometry.Times(i, g.InAxisStride[a]));
                }

                w.Line("m = Max(m, At(ref xc, " + KernelGeometry.Sum(xTerms.ToArray()) + "));");
                for (int a = 0; a < s.Rank; a++)
                {
                    w.Close();
                }

                w.Line("return m;");
                w.Close();
                return;
            }

            w.Line("/// <summary>One border window: sums the real inputs; the divisor " + (s.CountIncludePad ? "counts the padding up to the padded edge (count_include_pad)" : "counts only real inputs") + ".</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static float Window(" + string.Join(", ", ps) + ")");
            var xs = new List<string>();
            for (int a = 0; a < s.Rank; a++)
            {
                string l = L[a];
                w.Line("int " + l + "0 = " + KernelGeometry.Lin("o" + l, s.Stride[a], -s.PadBefore[a]) + ";");
                w.Line("int " + l + "1 = global::System.Math.Min(" + l + "0 + " + CodeWriter.I(s.Kernel[a]) + ", " + CodeWriter.I(s.Input[a] + s.PadAfter[a]) + ");");
                if (s.CountIncludePad)
                {
                    w.Line("int " + l + "Count = " + l + "1 - " + l + "0;");
                }

                w.Line(l + "0 = global::System.Math.Max(" + l + "0, 0);");
                w.Line(l + "1 = global::System.Math.Min(" + l + "1, " + CodeWriter.I(s.Input[a]) + ");");
                if (!s.CountIncludePad)
                {
                    w.Line("int " + l + "Count = " + l + "1 - " + l + "0;");
                }

                xs.Add(l + "Count");
            }

            w.Line("float sum = 0f;");
            var terms = new List<string>();
            for (int a = 0; a < s.Rank; a++)
            {
                string l = L[a];
                w.Open("for (int i" + l + " = " + l + "0; i" + l + " < " + l + "1; i" + l + "++)");
                terms.Add(KernelGeometry.Times("i" + l, g.InAxisStride[a]));
            }

            w.Line("sum += At(ref xc, " + KernelGeometry.Sum(terms.ToArray()) + ");");
            for (int a = 0; a < s.Rank; a++)
            {
                w.Close();
            }

            w.Line("return sum / (" + string.Join(" * ", xs) + ");");
            w.Close();
        }

        private static void WriteAdaptive(CodeWriter w, LayerShape s, KernelGeometry g)
        {
            string[] L = g.Letters;
            bool global = true;
            foreach (int o in s.Output)
            {
                global &= o == 1;
            }

            if (global)
            {
                w.Line("// Global average: the mean of the whole channel.");
                w.Line("float sum = 0f;");
                using (w.Block("for (int p = 0; p < " + CodeWriter.I(s.InputSpatial) + "; p++)"))
                {
                    w.Line("sum += At(ref xc, " + KernelGeometry.Times("p", g.InPositionStride) + ");");
                }

                w.Line("yc = sum / " + CodeWriter.F(s.InputSpatial) + ";");
                return;
            }

            w.Line("// Output index i averages input [floor(i*I/O), ceil((i+1)*I/O)) on every axis.");
            var yTerms = new List<string>();
            var counts = new List<string>();
            for (int a = 0; a < s.Rank; a++)
            {
                string l = L[a];
                w.Open("for (int o" + l + " = 0; o" + l + " < " + CodeWriter.I(s.Output[a]) + "; o" + l + "++)");
                bool wide = (long)s.Output[a] * s.Input[a] + s.Input[a] > int.MaxValue;
                string oe = wide ? "(long)o" + l : "o" + l;
                string start = oe + " * " + CodeWriter.I(s.Input[a]) + " / " + CodeWriter.I(s.Output[a]);
                string end = "(" + "(" + oe + " + 1) * " + CodeWriter.I(s.Input[a]) + " + " + CodeWriter.I(s.Output[a] - 1) + ") / " + CodeWriter.I(s.Output[a]);
                w.Line("int " + l + "0 = " + (wide ? "(int)(" + start + ")" : start) + ";");
                w.Line("int " + l + "1 = " + (wide ? "(int)(" + end + ")" : end) + ";");
                yTerms.Add(KernelGeometry.Times("o" + l, g.OutAxisStride[a]));
                counts.Add("(" + l + "1 - " + l + "0)");
            }

            w.Line("float sum = 0f;");
            var xTerms = new List<string>();
            for (int a = 0; a < s.Rank; a++)
            {
                string l = L[a];
                w.Open("for (int i" + l + " = " + l + "0; i" + l + " < " + l + "1; i" + l + "++)");
                xTerms.Add(KernelGeometry.Times("i" + l, g.InAxisStride[a]));
            }

            w.Line("sum += At(ref xc, " + KernelGeometry.Sum(xTerms.ToArray()) + ");");
            for (int a = 0; a < s.Rank; a++)
            {
                w.Close();
            }

            w.Line("At(ref yc, " + KernelGeometry.Sum(yTerms.ToArray()) + ") = sum / (" + string.Join(" * ", counts) + ");");
            for (int a = 0; a < s.Rank; a++)
            {
                w.Close();
            }
        }
    }
}
