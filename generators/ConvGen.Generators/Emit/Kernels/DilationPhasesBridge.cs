using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// The dilation-phases bridge (<see cref="KernelChoice.DilationPhases"/>): a file-local class beside the kernel of one
    /// phase (<see cref="LayerShape.WithDilationPhases"/>) with the same entry points. Each splits the input (and residual)
    /// of every batch item into its <c>Dh x Dw</c> phase images in the calling thread's scratch (<c>ConvGen.DilationPhases.Split</c>,
    /// in channel ranges over <c>ConvGen.ParallelKernels</c>' threads), runs the kernel on them as a batch of
    /// <c>batch x Dh x Dw</c>, and merges the phase outputs into the caller's output. A channels-last layer (also
    /// <see cref="KernelChoice.Bridged"/>) runs its NCHW twin's phase kernel: its input is split straight from NHWC into the
    /// NCHW phase images and the phase outputs merged straight back into NHWC (<c>SplitChannelsLast</c>, <c>MergeChannelsLast</c>,
    /// in ranges of dilation cells), with no transposes besides. The values are only moved, so the
    /// layer gives the phase kernel's results bit for bit, for any thread count and ISA. Scratch slots 4 to 6 of the calling
    /// thread hold the three copies (the kernel's own stages use slots 0 to 3).
    /// </summary>
    internal static class DilationPhasesBridge
    {
        private const string Rt = "global::ConvGen.";

        /// <summary>The bridge class's name for a kernel class.</summary>
        public static string ClassName(string kernelClass) => kernelClass + "Phases";

        /// <summary>Writes the bridge class: one method per kernel entry point the layer's entries call.</summary>
        public static void Emit(CodeWriter w, LayerPlan plan, string kernelClass, IEnumerable<string> entryPoints)
        {
            LayerShape s = plan.Shape;
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// The dilation phases of " + plan.Spec.LayerName + ": the input" + (s.Residual ? " and residual" : "") + " split into " + CodeWriter.I(s.DilationPhaseCount) + " phase images per item, the kernel "
                + plan.Kernel!.Name + " on them as one batch, the phase outputs merged back.");
            w.Line("/// </summary>");
            w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"ConvGen.Generators\", \"" + LayerEmitter.Version + "\")]");
            w.Open("file static class " + ClassName(kernelClass));
            WriteMoveBody(w, s, "SplitInput", s.InChannels, s.Input, split: true);
            if (s.Residual)
            {
                WriteMoveBody(w, s, "SplitResidual", s.OutChannels, s.Output, split: true);
            }

            WriteMoveBody(w, s, "MergeOutput", s.OutChannels, s.Output, split: false);
            KernelParts.WriteBridgeEntries(w, entryPoints, entry => WriteEntry(w, plan, s, kernelClass, entry));
            w.Close();
        }

        /// <summary>
        /// Parts one item's move is split into for the threads, up to 8: channel ranges of an NCHW item; ranges of dilation
        /// cells (<c>DilationPhases.SplitChannelsLast</c>) of a channels-last one, at least 16 cells each.
        /// </summary>
        private static int Parts(LayerShape s, int channels, int[] axes)
            => s.Layout == TensorLayout.Nchw ? System.Math.Max(1, System.Math.Min(8, channels)) : (int)System.Math.Max(1, System.Math.Min(8, Cells(s, axes) / 16));

        /// <summary>Dilation cells of a channels-last item: image rows x cells of <c>dw</c> pixels per row.</summary>
        private static long Cells(LayerShape s, int[] axes) => (long)Plane(axes)[0] * (Plane(axes)[1] / Plane(s.Dilation)[1]);

        /// <summary>Work of one part for <c>ParallelKernels</c>' small-call threshold: a float moved counted as 16 multiply-accumulates (as the channels-last bridge's transposes).</summary>
        private static long PartWork(long elements, int parts) => System.Math.Max(1, elements / parts * 16);

        private static string BodyField(string name) => "s_" + char.ToLowerInvariant(name[0]) + name.Substring(1);

        /// <summary>An axis list as the runtime's (height, width) pair: a 1-D layer is one row.</summary>
        private static int[] Plane(int[] axes) => axes.Length == 1 ? new[] { 1, axes[0] } : axes;

        private static void WriteMoveBody(CodeWriter w, LayerShape s, string name, int channels, int[] axes, bool split)
        {
            int[] size = Plane(axes), dilation = Plane(s.Dilation);
            long item = (long)channels * size[0] * size[1];
            int parts = Parts(s, channels, axes);
            bool last = s.Layout != TensorLayout.Nchw;
            string p = CodeWriter.I(parts), c = CodeWriter.I(channels), range = last ? CodeWriter.I(Cells(s, axes)) : c;
            string image = last ? "[" + CodeWriter.I(size[0]) + " x " + CodeWriter.I(size[1]) + " x " + c + "] (channels last)" : "[" + c + " x " + CodeWriter.I(size[0]) + " x " + CodeWriter.I(size[1]) + "]";
            string phaseImages = "its " + CodeWriter.I(s.DilationPhaseCount) + " phase images of [" + c + " x " + CodeWriter.I(size[0] / dilation[0]) + " x " + CodeWriter.I(size[1] / dilation[1]) + "]";
            w.Line("private static readonly " + Rt + "KernelBody " + BodyField(name) + " = " + name + ";");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// " + (last ? "Dilation cells" : "Channels") + " of part <c>item % " + p + "</c> of batch item <c>item / " + p + "</c>: " + (split
                ? image + " (Input) into " + phaseImages + " (Output)."
                : "the " + phaseImages.Substring(4) + " (Input) merged into " + image + " (Output)."));
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void " + name + "(int item, in " + Rt + "KernelOperands ops)");
            w.Line("int n = item / " + p + ", part = item - n * " + p + ";");
            w.Line(Rt + "DilationPhases." + (split ? "Split" : "Merge") + (last ? "ChannelsLast" : "") + "(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref ops.Input, (nint)n * " + CodeWriter.I(item)
                + "), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref ops.Output, (nint)n * " + CodeWriter.I(item) + "), " + c + ", " + CodeWriter.I(size[0]) + ", " + CodeWriter.I(size[1])
                 + ", " + CodeWriter.I(dilation[0]) + ", " + CodeWriter.I(dilation[1]) + ", part * " + range + " / " + p + ", (part + 1) * " + range + " / " + p + ");");
            w.Close();
            w.Line();
        }

        private static string Move(LayerShape s, string body, int channels, int[] axes, string source, string destination)
        {
            int parts = Parts(s, channels, axes);
            return KernelParts.BridgeMove(body, parts, PartWork((long)channels * Plane(axes)[0] * Plane(axes)[1], parts), source, destination);
        }

        private static void WriteEntry(CodeWriter w, LayerPlan plan, LayerShape s, string kernelClass, string entry)
        {
            int phases = s.DilationPhaseCount;
            w.Line("/// <summary>" + kernelClass + "." + entry + " on the dilation phases: input" + (s.Residual ? " and residual" : "") + " split, the kernel on " + CodeWriter.I(phases) + " phases per item, the output merged.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("public static void " + entry + "(" + LayerEmitter.RunParameters(plan) + ")");
            w.Line("ref float xp = ref " + KernelParts.ScratchAt(w, 4, s.InputItemLength, perBatch: true, layerItems: true) + ";");
            w.Line(Move(s, BodyField("SplitInput"), s.InChannels, s.Input, "x", "xp"));
            if (s.Residual)
            {
                w.Line("ref float rp = ref " + KernelParts.ScratchAt(w, 5, s.OutputItemLength, perBatch: true, layerItems: true) + ";");
                w.Line(Move(s, BodyField("SplitResidual"), s.OutChannels, s.Output, "residual", "rp"));
            }

            w.Line("ref float yp = ref " + KernelParts.ScratchAt(w, 6, s.OutputItemLength, perBatch: true, layerItems: true) + ";");
            w.Line(kernelClass + "." + entry + "(" + KernelParts.BridgeCallArgs(plan, "xp", "rp", "yp", "batch * " + CodeWriter.I(phases)) + ");");
            w.Line(Move(s, BodyField("MergeOutput"), s.OutChannels, s.Output, "yp", "y"));
            w.Close();
        }
    }
}
