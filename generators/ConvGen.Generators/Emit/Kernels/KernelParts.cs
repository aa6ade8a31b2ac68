using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>Pieces every kernel family writes the same way: the file-local class, the ref helper, the epilogue.</summary>
    internal static class KernelParts
    {
        private const string Rt = "global::ConvGen.";

        /// <summary>Opens <c>file static class X</c> with its summary and the <c>At</c> helper.</summary>
        public static void OpenClass(CodeWriter w, LayerPlan plan, string className)
        {
            w.Line("/// <summary>" + plan.Kernel!.Name + ": the kernel of " + plan.Spec.LayerName + ". Spans were checked by the caller.</summary>");
            w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"ConvGen.Generators\", \"" + LayerEmitter.Version + "\")]");
            w.Open("file static class " + className);
            w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]");
            w.Line("private static ref float At(ref float origin, int index) => ref global::System.Runtime.CompilerServices.Unsafe.Add(ref origin, index);");
            w.Line();
        }

        /// <summary>The attribute line for Run: full optimisation from the first call (no Tier-0 phase).</summary>
        public static void RunAttributes(CodeWriter w)
            => w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");

        /// <summary>Writes the start value of every output of channel <c>oc</c>: its bias, or zero.</summary>
        public static void WriteInit(CodeWriter w, LayerShape s, KernelGeometry g)
        {
            string value = s.Bias ? "At(ref bias, oc)" : "0f";
            w.Line(s.Bias ? "// Start every output of this channel at its bias." : "// Start every output of this channel at zero.");
            w.Line("float start = " + value + ";");
            using (w.Block("for (int p = 0; p < " + CodeWriter.I(s.OutputSpatial) + "; p++)"))
            {
                w.Line("At(ref yc, " + KernelGeometry.Times("p", g.OutPositionStride) + ") = start;");
            }
        }

        /// <summary>True when the epilogue needs a pass after accumulation (batch norm, residual or activation).</summary>
        public static bool NeedsEpiloguePass(LayerShape s) => s.BatchNorm || s.Residual || s.Activation != Activation.None;

        /// <summary>Writes the epilogue over channel <c>oc</c>'s outputs while they are hot in cache: batch norm, residual, activation.</summary>
        public static void WriteEpilogue(CodeWriter w, LayerShape s, KernelGeometry g)
        {
            if (!NeedsEpiloguePass(s))
            {
                return;
            }

            var parts = new System.Collections.Generic.List<string>();
            if (s.BatchNorm)
            {
                parts.Add("batch norm");
            }

            if (s.Residual)
            {
                parts.Add("residual add");
            }

            if (s.Activation != Activation.None)
            {
                parts.Add(s.Activation.ToString());
            }

            w.Line("// Epilogue: " + string.Join(", ", parts) + ".");
            if (s.BatchNorm)
            {
                w.Line("float scale = At(ref gamma, oc) / global::System.MathF.Sqrt(At(ref runningVar, oc) + " + CodeWriter.F(s.BatchNormEpsilon) + ");");
                w.Line("float shift = At(ref beta, oc) - At(ref runningMean, oc) * scale;");
            }

            if (s.Residual)
            {
                w.Line("ref float rc = ref At(ref residual, " + KernelGeometry.Sum(KernelGeometry.Times("n", g.OutItem), KernelGeometry.Times("oc", g.OutChannelStride)) + ");");
            }

            using (w.Block("for (int p = 0; p < " + CodeWriter.I(s.OutputSpatial) + "; p++)"))
            {
                string idx = KernelGeometry.Times("p", g.OutPositionStride);
                w.Line("ref float v = ref At(ref yc, " + idx + ");");
                string e = "v";
                if (s.BatchNorm)
                {
                    e = e + " * scale + shift";
                }

                if (s.Residual)
                {
                    e = (s.BatchNorm ? "(" + e + ")" : e) + " + At(ref rc, " + idx + ")";
                }

                e = Activate(s, e);
                w.Line("v = " + e + ";");
            }
        }

        /// <summary>The activation applied to an expression.</summary>
        public static string Activate(LayerShape s, string e) => s.Activation switch
        {
            Activation.None => e,
            Activation.LeakyRelu => Rt + "Activations.LeakyRelu(" + e + ", " + CodeWriter.F(s.ActivationAlpha) + ")",
            _ => Rt + "Activations." + s.Activation + "(" + e + ")",
        };

        /// <summary>
        /// Walks a plane: loops over the outer axes (all but the last), writes the row reference, then either the
        /// interior row (split into left border, unchecked interior, right border) or, on outer positions whose
        /// window leaves the bounds, the border loop over the whole row. Shared by every window-based family.
        /// </summary>
        /// <param name="prefix">Coordinate prefix: "o" for output positions, "i" for input positions (transposed).</param>
        /// <param name="extent">Positions per axis being walked.</param>
        /// <param name="rowRef">Row reference name and the plane it indexes: ("yr", "yc", outAxisStrides) or ("xr", "xc", inAxisStrides); an empty name writes none.</param>
        public static void WritePlaneWalk(CodeWriter w, KernelGeometry g, string prefix, int[] extent, (string Name, string Plane, long[] Strides) rowRef,
            System.Action writeInteriorRow, System.Action<int, int> writeBorderLoop, string noInteriorComment, string borderRowComment)
        {
            int last = g.Rank - 1;
            string[] L = g.Letters;
            for (int a = 0; a < last; a++)
            {
                w.Open("for (int " + prefix + L[a] + " = 0; " + prefix + L[a] + " < " + CodeWriter.I(extent[a]) + "; " + prefix + L[a] + "++)");
            }

            var terms = new System.Collections.Generic.List<string>();
            for (int a = 0; a < last; a++)
            {
                terms.Add(KernelGeometry.Times(prefix + L[a], rowRef.Strides[a]));
            }

            if (rowRef.Name.Length > 0)
            {
                w.Line(g.Rank == 1 ? "ref float " + rowRef.Name + " = ref " + rowRef.Plane + ";" : "ref float " + rowRef.Name + " = ref At(ref " + rowRef.Plane + ", " + KernelGeometry.Sum(terms.ToArray()) + ");");
            }

            string? cond = g.OuterInteriorCondition(prefix, extent);
            if (!g.HasInterior)
            {
                w.Line("// " + noInteriorComment);
                writeBorderLoop(0, extent[last]);
            }
            else if (cond is null)
            {
                writeInteriorRow();
            }
            else
            {
                w.Open("if (" + cond + ")");
                writeInteriorRow();
                w.Close();
                w.Open("else");
                w.Line("// " + borderRowComment);
                writeBorderLoop(0, extent[last]);
                w.Close();
            }

            for (int a = 0; a < last; a++)
            {
                w.Close();
            }
        }

        /// <summary>The padding resolver call for a mode: <c>global::ConvGen.PaddingIndex.Reflect(i, n)</c>.</summary>
        public static string Resolve(PaddingMode mode, string index, int extent)
            => Rt + "PaddingIndex." + mode + "(" + index + ", " + CodeWriter.I(extent) + ")";
    }
}
