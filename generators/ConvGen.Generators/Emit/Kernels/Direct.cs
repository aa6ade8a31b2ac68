using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Direct convolution, weight-stationary: for each (output channel, input channel) pair the window's weights
    /// are loaded once, then every output of the channel accumulates <c>sum_k w_k * x[o*S - P + k*D]</c>.
    /// Interior outputs (every tap in bounds) run the unrolled window with no checks; border outputs call
    /// <c>Border</c>, which resolves each tap through the padding mode (zeros, reflect, replicate, circular),
    /// so the input is never copied into a padded buffer. Parts: Compute (Run) and Border; the epilogue (bias,
    /// batch norm, residual, activation) is KernelParts'. Keep the summation order of the interior and border
    /// paths the same (tap order, left to right) so an output does not depend on which path computed it.
    /// </summary>
    internal static class Direct
    {
        public static void Emit(CodeWriter w, LayerPlan plan, KernelGeometry g, string className)
        {
            LayerShape s = plan.Shape;
            KernelParts.OpenClass(w, plan, className);
            WriteRun(w, plan, g);
            w.Line();
            WriteBorder(w, s, g);
            w.Close();
        }

        private static void WriteRun(CodeWriter w, LayerPlan plan, KernelGeometry g)
        {
            LayerShape s = plan.Shape;
            int cg = s.InChannels / s.Groups;
            int ocg = s.OutChannels / s.Groups;
            long kk = s.KernelSpatial;
            w.Line("/// <summary>Runs the layer on <paramref name=\"batch\"/> items.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("public static void Run(" + LayerEmitter.RunParameters(plan) + ")");
            w.Open("for (int n = 0; n < batch; n++)");
            w.Open("for (int oc = 0; oc < " + CodeWriter.I(s.OutChannels) + "; oc++)");
            if (s.Groups > 1)
            {
                w.Line("int icBase = oc / " + CodeWriter.I(ocg) + " * " + CodeWriter.I(cg) + "; // first input channel of this output channel's group");
            }

            w.Line("ref float yc = ref At(ref y, " + KernelGeometry.Sum(KernelGeometry.Times("n", g.OutItem), KernelGeometry.Times("oc", g.OutChannelStride)) + ");");
            KernelParts.WriteInit(w, s, g);
            w.Open("for (int ic = 0; ic < " + CodeWriter.I(cg) + "; ic++)");
            string channel = s.Groups > 1 ? "icBase + ic" : "ic";
            w.Line("ref float xc = ref At(ref x, " + KernelGeometry.Sum(KernelGeometry.Times("n", g.InItem), KernelGeometry.Times(channel, g.InChannelStride)) + ");");
            w.Line("ref float wc = ref At(ref w, " + KernelGeometry.Sum(KernelGeometry.Times("oc", cg * kk), KernelGeometry.Times("ic", kk)) + ");");
            bool full = plan.Kernel!.Unroll == UnrollMode.FullWindow;
            if (full)
            {
                WriteWeightLocals(w, s);
            }

            WritePlane(w, s, g, full);
            w.Close();
            KernelParts.WriteEpilogue(w, s, g);
            w.Close();
            w.Close();
            w.Close();
        }

        /// <summary><c>float w0_0 = At(ref wc, 0), w0_1 = ...;</c> one line per innermost kernel row.</summary>
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

        private static void WritePlane(CodeWriter w, LayerShape s, KernelGeometry g, bool full)
            => KernelParts.WritePlaneWalk(w, g, "o", s.Output, ("yr", "yc", g.OutAxisStride),
                () => WriteInteriorRow(w, s, g, full),
                (from, to) => WriteBorderLoop(w, s, g, from, to),
                "No output of this layer has its whole window inside the input: every output takes the border path.",
                "Border row: some taps fall in the padding.");

        private static void WriteInteriorRow(CodeWriter w, LayerShape s, KernelGeometry g, bool full)
        {
            int last = s.Rank - 1;
            string[] L = g.Letters;
            string x = L[last];
            if (g.Lo[last] > 0)
            {
                w.Line("// Left border: the first " + CodeWriter.I(g.Lo[last]) + " output(s) of the row read padding.");
                WriteBorderLoop(w, s, g, 0, g.Lo[last]);
            }

            w.Line("// Interior: every tap in bounds, no checks.");
            if (full)
            {
                WriteRowRefs(w, s, g, "o", "xc", g.InAxisStride);
            }

            w.Open("for (int o" + x + " = " + CodeWriter.I(g.Lo[last]) + "; o" + x + " < " + CodeWriter.I(g.Hi[last]) + "; o" + x + "++)");
            w.Line("int i" + x + " = " + KernelGeometry.Lin("o" + x, s.Stride[last], -s.PadBefore[last]) + ";");
            string target = "At(ref yr, " + KernelGeometry.Times("o" + x, g.OutAxisStride[last]) + ")";
            if (full)
            {
                var lines = new List<string>();
                foreach (string outer in OuterTapNames(s))
                {
                    var terms = new List<string>();
                    for (int k = 0; k < s.Kernel[last]; k++)
                    {
                        terms.Add(WeightName(outer, k) + " * At(ref " + RowName(s, outer) + ", " + KernelGeometry.Times(KernelGeometry.Lin("i" + x, 1, (long)k * s.Dilation[last]), g.InAxisStride[last]) + ")");
                    }

                    lines.Add(string.Join(" + ", terms));
                }

                w.Line(target + " +=");
                for (int i = 0; i < lines.Count; i++)
                {
                    w.Line("    " + (i > 0 ? "+ " : "") + lines[i] + (i == lines.Count - 1 ? ";" : ""));
                }
            }
            else
            {
                WriteInnerAxisSum(w, s, g, "o", "xc", "wc");
                w.Line(target + " += sum;");
            }

            w.Close();
            if (g.Hi[last] < s.Output[last])
            {
                w.Line("// Right border: the last " + CodeWriter.I(s.Output[last] - g.Hi[last]) + " output(s) of the row read padding.");
                WriteBorderLoop(w, s, g, g.Hi[last], s.Output[last]);
            }
        }

        /// <summary>
        /// Windows above the unroll limit: loops over the outer kernel axes, the innermost axis unrolled
        /// (or looped too beyond 256 taps), into a local <c>sum</c>.
        /// </summary>
        internal static void WriteInnerAxisSum(CodeWriter w, LayerShape s, KernelGeometry g, string outPrefix, string xRef, string wRef)
        {
            int last = s.Rank - 1;
            string[] L = g.Letters;
            w.Line("float sum = 0f;");
            var rowTerms = new List<string>();
            var wTerms = new List<string>();
            for (int a = 0; a < last; a++)
            {
                w.Open("for (int k" + L[a] + " = 0; k" + L[a] + " < " + CodeWriter.I(s.Kernel[a]) + "; k" + L[a] + "++)");
                string coord = KernelGeometry.Lin(outPrefix + L[a], s.Stride[a], -s.PadBefore[a]) + " + " + KernelGeometry.Times("k" + L[a], s.Dilation[a]);
                rowTerms.Add(KernelGeometry.Times(coord, g.InAxisStride[a]));
                wTerms.Add(KernelGeometry.Times("k" + L[a], KernelStride(s, a)));
            }

            if (last > 0)
            {
                w.Line("ref float row = ref At(ref " + xRef + ", " + KernelGeometry.Sum(rowTerms.ToArray()) + ");");
                w.Line("ref float wr = ref At(ref " + wRef + ", " + KernelGeometry.Sum(wTerms.ToArray()) + ");");
            }

            string row = last > 0 ? "row" : xRef;
            string wr = last > 0 ? "wr" : wRef;
            string x = L[last];
            if (s.Kernel[last] <= 256)
            {
                var terms = new List<string>();
                for (int k = 0; k < s.Kernel[last]; k++)
                {
                    terms.Add("At(ref " + wr + ", " + CodeWriter.I(k) + ") * At(ref " + row + ", " + KernelGeometry.Times(KernelGeometry.Lin("i" + x, 1, (long)k * s.Dilation[last]), g.InAxisStride[last]) + ")");
                }

                w.Line("sum += " + string.Join(" + ", terms) + ";");
            }
            else
            {
                using (w.Block("for (int k" + x + " = 0; k" + x + " < " + CodeWriter.I(s.Kernel[last]) + "; k" + x + "++)"))
                {
                    w.Line("sum += At(ref " + wr + ", k" + x + ") * At(ref " + row + ", " + KernelGeometry.Times("i" + x + " + " + KernelGeometry.Times("k" + x, s.Dilation[last]), g.InAxisStride[last]) + ");");
                }
            }

            for (int a = 0; a < last; a++)
            {
                w.Close();
            }
        }

        /// <summary>
        /// Row references of the interior window, one per outer-axis tap combination:
        /// <c>ref float r{taps} = ref At(ref {plane}, sum_a ({prefix}a * S - P + tap * D) * stride_a)</c>. Convolution and
        /// pooling walk output positions over the input plane; transposed convolution walks input positions over the output.
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

        private static void WriteBorderLoop(CodeWriter w, LayerShape s, KernelGeometry g, int from, int to)
        {
            int last = s.Rank - 1;
            string x = "o" + g.Letters[last];
            var args = new List<string> { "ref xc", "ref wc" };
            for (int a = 0; a < s.Rank; a++)
            {
                args.Add("o" + g.Letters[a]);
            }

            using (w.Block("for (int " + x + " = " + CodeWriter.I(from) + "; " + x + " < " + CodeWriter.I(to) + "; " + x + "++)"))
            {
                w.Line("At(ref yr, " + KernelGeometry.Times(x, g.OutAxisStride[last]) + ") += Border(" + string.Join(", ", args) + ");");
            }
        }

        private static void WriteBorder(CodeWriter w, LayerShape s, KernelGeometry g)
        {
            string[] L = g.Letters;
            var ps = new List<string> { "ref float xc", "ref float wc" };
            for (int a = 0; a < s.Rank; a++)
            {
                ps.Add("int o" + L[a]);
            }

            string modeText = s.PaddingMode == PaddingMode.Zeros ? "read zero" : "read the " + s.PaddingMode.ToString().ToLowerInvariant() + "ed input";
            if (s.PaddingMode == PaddingMode.Replicate)
            {
                modeText = "repeat the edge";
            }
            else if (s.PaddingMode == PaddingMode.Reflect)
            {
                modeText = "read the input mirrored at the edge";
            }
            else if (s.PaddingMode == PaddingMode.Circular)
            {
                modeText = "wrap around";
            }

            w.Line("/// <summary>One border output of an (output, input) channel pair: taps in the padding " + modeText + ".</summary>");
            w.Open("private static float Border(" + string.Join(", ", ps) + ")");
            w.Line("float sum = 0f;");
            var xTerms = new List<string>();
            var wTerms = new List<string>();
            for (int a = 0; a < s.Rank; a++)
            {
                string k = "k" + L[a];
                string i = "i" + L[a];
                w.Open("for (int " + k + " = 0; " + k + " < " + CodeWriter.I(s.Kernel[a]) + "; " + k + "++)");
                string coord = KernelGeometry.Lin("o" + L[a], s.Stride[a], -s.PadBefore[a]) + " + " + KernelGeometry.Times(k, s.Dilation[a]);
                w.Line("int " + i + " = " + KernelParts.Resolve(s.PaddingMode, coord, s.Input[a]) + ";");
                if (s.PaddingMode == PaddingMode.Zeros)
                {
                    using (w.Block("if (" + i + " < 0)"))
                    {
                        w.Line("continue;");
                    }
                }

                xTerms.Add(KernelGeometry.Times(i, g.InAxisStride[a]));
                wTerms.Add(KernelGeometry.Times(k, KernelStride(s, a)));
            }

            w.Line("sum += At(ref wc, " + KernelGeometry.Sum(wTerms.ToArray()) + ") * At(ref xc, " + KernelGeometry.Sum(xTerms.ToArray()) + ");");
            for (int a = 0; a < s.Rank; a++)
            {
                w.Close();
            }

            w.Line("return sum;");
            w.Close();
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

        /// <summary><c>r1</c>: the input row at outer taps "1"; the channel itself for 1-D.</summary>
        internal static string RowName(LayerShape s, string outer) => s.Rank == 1 ? "xc" : "r" + outer;
    }
}
