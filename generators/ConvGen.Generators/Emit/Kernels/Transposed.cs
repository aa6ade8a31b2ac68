using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Transposed convolution by scatter, weight-stationary: for each (output channel, input channel) pair, every
    /// input element adds <c>x * w_k</c> to output <c>i*S - P + k*D</c> for each tap k. No zero-inserted input is
    /// built. Interior input positions (all taps land inside the output) run the unrolled taps with no checks;
    /// the others call <c>Scatter</c>, which drops taps that land in the cropped padding. Output padding only
    /// extends the output at the end, so it needs no code of its own. Parts: Compute (Run) and Scatter; the
    /// epilogue is KernelParts'.
    /// </summary>
    internal static class Transposed
    {
        public static void Emit(CodeWriter w, LayerPlan plan, KernelGeometry g, string className)
        {
            LayerShape s = plan.Shape;
            KernelParts.OpenClass(w, plan, className);
            WriteRun(w, plan, g);
            w.Line();
            WriteScatter(w, s, g);
            w.Close();
        }

        private static void WriteRun(CodeWriter w, LayerPlan plan, KernelGeometry g)
        {
            LayerShape s = plan.Shape;
            int cg = s.InChannels / s.Groups;
            int ocg = s.OutChannels / s.Groups;
            long kk = s.KernelSpatial;
            bool full = plan.Kernel!.Unroll == UnrollMode.FullWindow;
            w.Line("/// <summary>Runs the layer on <paramref name=\"batch\"/> items.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("public static void Run(" + LayerEmitter.RunParameters(plan) + ")");
            w.Open("for (int n = 0; n < batch; n++)");
            w.Open("for (int oc = 0; oc < " + CodeWriter.I(s.OutChannels) + "; oc++)");
            string channel = "icl";
            string ocl = "oc";
            if (s.Groups > 1)
            {
                w.Line("int g = oc / " + CodeWriter.I(ocg) + "; // this output channel's group");
                w.Line("int ocl = oc - g * " + CodeWriter.I(ocg) + "; // its index inside the group");
                channel = "g * " + CodeWriter.I(cg) + " + icl";
                ocl = "ocl";
            }

            w.Line("ref float yc = ref At(ref y, " + KernelGeometry.Sum(KernelGeometry.Times("n", g.OutItem), KernelGeometry.Times("oc", g.OutChannelStride)) + ");");
            KernelParts.WriteInit(w, s, g);
            w.Open("for (int icl = 0; icl < " + CodeWriter.I(cg) + "; icl++)");
            w.Line("ref float xc = ref At(ref x, " + KernelGeometry.Sum(KernelGeometry.Times("n", g.InItem), KernelGeometry.Times(channel, g.InChannelStride)) + ");");
            w.Line("ref float wc = ref At(ref w, " + KernelGeometry.Sum(KernelGeometry.Times(channel, ocg * kk), KernelGeometry.Times(ocl, kk)) + ");");
            if (full)
            {
                Direct.WriteWeightLocals(w, s);
            }

            WritePlane(w, s, g, full);
            w.Close();
            KernelParts.WriteEpilogue(w, s, g);
            w.Close();
            w.Close();
            w.Close();
        }

        private static void WritePlane(CodeWriter w, LayerShape s, KernelGeometry g, bool full)
            => KernelParts.WritePlaneWalk(w, g, "i", s.Input, ("xr", "xc", g.InAxisStride),
                () => WriteInteriorRow(w, s, g, full),
                (from, to) => WriteScatterLoop(w, s, g, from, to),
                "No input of this layer has all its taps inside the output: every input takes the border path.",
                "Border row: some taps land in the cropped padding.");

        private static void WriteInteriorRow(CodeWriter w, LayerShape s, KernelGeometry g, bool full)
        {
            int last = s.Rank - 1;
            string[] L = g.Letters;
            string x = L[last];
            if (g.Lo[last] > 0)
            {
                w.Line("// Left border: the first " + CodeWriter.I(g.Lo[last]) + " input(s) of the row have taps in the padding.");
                WriteScatterLoop(w, s, g, 0, g.Lo[last]);
            }

            w.Line("// Interior: every tap lands inside the output, no checks.");
            if (full)
            {
                Direct.WriteRowRefs(w, s, g, "i", "yc", g.OutAxisStride);
            }

            w.Open("for (int i" + x + " = " + CodeWriter.I(g.Lo[last]) + "; i" + x + " < " + CodeWriter.I(g.Hi[last]) + "; i" + x + "++)");
            w.Line("float v = At(ref xr, " + KernelGeometry.Times("i" + x, g.InAxisStride[last]) + ");");
            w.Line("int o" + x + " = " + KernelGeometry.Lin("i" + x, s.Stride[last], -s.PadBefore[last]) + ";");
            if (full)
            {
                foreach (string outer in Direct.OuterTapNames(s))
                {
                    string row = s.Rank == 1 ? "yc" : "r" + outer;
                    for (int k = 0; k < s.Kernel[last]; k++)
                    {
                        w.Line("At(ref " + row + ", " + KernelGeometry.Times(KernelGeometry.Lin("o" + x, 1, (long)k * s.Dilation[last]), g.OutAxisStride[last]) + ") += v * " + Direct.WeightName(outer, k) + ";");
                    }
                }
            }
            else
            {
                var rowTerms = new List<string>();
                var wTerms = new List<string>();
                for (int a = 0; a < last; a++)
                {
                    w.Open("for (int k" + L[a] + " = 0; k" + L[a] + " < " + CodeWriter.I(s.Kernel[a]) + "; k" + L[a] + "++)");
                    rowTerms.Add(KernelGeometry.Times(KernelGeometry.Lin("i" + L[a], s.Stride[a], -s.PadBefore[a]) + " + " + KernelGeometry.Times("k" + L[a], s.Dilation[a]), g.OutAxisStride[a]));
                    wTerms.Add(KernelGeometry.Times("k" + L[a], Direct.KernelStride(s, a)));
                }

                string row = "yc";
                string wr = "wc";
                if (last > 0)
                {
                    w.Line("ref float row = ref At(ref yc, " + KernelGeometry.Sum(rowTerms.ToArray()) + ");");
                    w.Line("ref float wr = ref At(ref wc, " + KernelGeometry.Sum(wTerms.ToArray()) + ");");
                    row = "row";
                    wr = "wr";
                }

                using (w.Block("for (int k" + x + " = 0; k" + x + " < " + CodeWriter.I(s.Kernel[last]) + "; k" + x + "++)"))
                {
                    w.Line("At(ref " + row + ", " + KernelGeometry.Times("o" + x + " + " + KernelGeometry.Times("k" + x, s.Dilation[last]), g.OutAxisStride[last]) + ") += v * At(ref " + wr + ", k" + x + ");");
                }

                for (int a = 0; a < last; a++)
                {
                    w.Close();
                }
            }

            w.Close();
            if (g.Hi[last] < s.Input[last])
            {
                w.Line("// Right border: the last " + CodeWriter.I(s.Input[last] - g.Hi[last]) + " input(s) of the row have taps in the padding.");
                WriteScatterLoop(w, s, g, g.Hi[last], s.Input[last]);
            }
        }

        private static void WriteScatterLoop(CodeWriter w, LayerShape s, KernelGeometry g, int from, int to)
        {
            int last = s.Rank - 1;
            string x = "i" + g.Letters[last];
            var args = new List<string> { "ref yc", "ref wc", "At(ref xr, " + KernelGeometry.Times(x, g.InAxisStride[last]) + ")" };
            for (int a = 0; a < s.Rank; a++)
            {
                args.Add("i" + g.Letters[a]);
            }

            using (w.Block("for (int " + x + " = " + CodeWriter.I(from) + "; " + x + " < " + CodeWriter.I(to) + "; " + x + "++)"))
            {
                w.Line("Scatter(" + string.Join(", ", args) + ");");
            }
        }

        private static void WriteScatter(CodeWriter w, LayerShape s, KernelGeometry g)
        {
            string[] L = g.Letters;
            var ps = new List<string> { "ref float yc", "ref float wc", "float v" };
            for (int a = 0; a < s.Rank; a++)
            {
                ps.Add("int i" + L[a]);
            }

            w.Line("/// <summary>One border input element: adds its taps to the output, dropping those that land in the cropped padding.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Scatter(" + string.Join(", ", ps) + ")");
            var yTerms = new List<string>();
            var wTerms = new List<string>();
            for (int a = 0; a < s.Rank; a++)
            {
                string k = "k" + L[a];
                string o = "o" + L[a];
                w.Open("for (int " + k + " = 0; " + k + " < " + CodeWriter.I(s.Kernel[a]) + "; " + k + "++)");
                w.Line("int " + o + " = " + KernelGeometry.Lin("i" + L[a], s.Stride[a], -s.PadBefore[a]) + " + " + KernelGeometry.Times(k, s.Dilation[a]) + ";");
                using (w.Block("if ((uint)" + o + " >= " + CodeWriter.I(s.Output[a]) + "u)"))
                {
                    w.Line("continue;");
                }

                yTerms.Add(KernelGeometry.Times(o, g.OutAxisStride[a]));
                wTerms.Add(KernelGeometry.Times(k, Direct.KernelStride(s, a)));
            }

            w.Line("At(ref yc, " + KernelGeometry.Sum(yTerms.ToArray()) + ") += v * At(ref wc, " + KernelGeometry.Sum(wTerms.ToArray()) + ");");
            for (int a = 0; a < s.Rank; a++)
            {
                w.Close();
            }

            w.Close();
        }
    }
}
