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
                w.Line("/// <summary>Max that propagates NaN, as PyTorch's pooling does.</summary>");
                w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
                w.Line("private static float Max(float m, float v) => v > m || float.IsNaN(v) ? v : m;");
                w.Line();
            }

            w.Line("/// <summary>Runs the layer on <paramref name=\"batch\"/> items.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("public static void Run(" + LayerEmitter.RunParameters(plan) + ")");
            w.Open("for (int n = 0; n < batch; n++)");
            w.Open("for (int c = 0; c < " + CodeWriter.I(s.InChannels) + "; c++)");
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
            w.Close();
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
                () => WriteInteriorRow(w, s, g, full),
                (from, to) => WriteWindowLoop(w, s, g, from, to),
                "No window of this layer lies wholly inside the input: every output takes the border path.",
                "Border row: some window positions fall in the padding or past the input.");
        }

        private static void WriteInteriorRow(CodeWriter w, LayerShape s, KernelGeometry g, bool full)
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

            w.Open("for (int o" + x + " = " + CodeWriter.I(g.Lo[last]) + "; o" + x + " < " + CodeWriter.I(g.Hi[last]) + "; o" + x + "++)");
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
            if (g.Hi[last] < s.Output[last])
            {
                w.Line("// Right border: the last " + CodeWriter.I(s.Output[last] - g.Hi[last]) + " window(s) of the row reach into the padding or past the input.");
                WriteWindowLoop(w, s, g, g.Hi[last], s.Output[last]);
            }
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
