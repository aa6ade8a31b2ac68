using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// The layout bridge (<see cref="KernelChoice.Bridged"/>): a file-local class beside the kernel of the layer's twin in
    /// the other layout, with the same entry points (Run, and RunPacked or RunTransformed for packed weights). A
    /// channels-last layer on an NCHW kernel (the channels-last bridge) transposes the NHWC input (and residual) into
    /// per-thread scratch in NCHW, runs the kernel's entry point on it, and transposes the NCHW result back into the
    /// caller's NHWC output; an NCHW layer on a channels-last kernel (Winograd's channels-last form, where it outruns the
    /// NCHW one by more than the transposes cost: <see cref="WinogradTiling.ChannelsFirstBridge"/>) does the same the other
    /// way round. The transposes (<c>ConvGen.LayoutTranspose.Rows</c> and <c>.Columns</c>) run in parts along the pixel
    /// axis spread over <c>ConvGen.ParallelKernels</c>' threads. The values are only moved, so the layer gives the kernel's
    /// results bit for bit, for any thread count and ISA. Scratch slots 4 to 6 of the calling thread hold the three
    /// copies (the kernel's own stages use slots 0 to 3).
    /// </summary>
    internal static class ChannelsLastBridge
    {
        private const string Rt = "global::ConvGen.";

        /// <summary>The bridge class's name for a kernel class: <c>{kernel}ChannelsLast</c> for an NHWC layer, <c>{kernel}ChannelsFirst</c> for an NCHW one.</summary>
        public static string ClassName(LayerPlan plan, string kernelClass) => kernelClass + (plan.Shape.Layout == TensorLayout.Nhwc ? "ChannelsLast" : "ChannelsFirst");

        /// <summary>Writes the bridge class: one method per kernel entry point the layer's entries call.</summary>
        public static void Emit(CodeWriter w, LayerPlan plan, string kernelClass, IEnumerable<string> entryPoints)
        {
            LayerShape s = plan.Shape;
            bool last = s.Layout == TensorLayout.Nhwc;
            w.Line();
            w.Line("/// <summary>");
            w.Line(last
                ? "/// The channels-last bridge of " + plan.Spec.LayerName + ": NHWC in, the NCHW kernel " + plan.Kernel!.Name + " on transposed copies, NHWC out."
                : "/// The channels-first bridge of " + plan.Spec.LayerName + ": NCHW in, the channels-last kernel " + plan.Kernel!.Name + " on transposed copies, NCHW out.");
            w.Line("/// </summary>");
            w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"ConvGen.Generators\", \"" + LayerEmitter.Version + "\")]");
            w.Open("file static class " + ClassName(plan, kernelClass));
            if (last)
            {
                WriteTransposeBody(w, "InputToChannelsFirst", s.InputSpatial, s.InChannels, byRows: true);
                if (s.Residual)
                {
                    WriteTransposeBody(w, "ResidualToChannelsFirst", s.OutputSpatial, s.OutChannels, byRows: true);
                }

                WriteTransposeBody(w, "OutputToChannelsLast", s.OutChannels, s.OutputSpatial, byRows: false);
            }
            else
            {
                WriteTransposeBody(w, "InputToChannelsLast", s.InChannels, s.InputSpatial, byRows: false);
                if (s.Residual)
                {
                    WriteTransposeBody(w, "ResidualToChannelsLast", s.OutChannels, s.OutputSpatial, byRows: false);
                }

                WriteTransposeBody(w, "OutputToChannelsFirst", s.OutputSpatial, s.OutChannels, byRows: true);
            }

            WriteSteps(w, s);
            KernelParts.WriteBridgeEntries(w, entryPoints, entry => WriteEntry(w, plan, s, kernelClass, entry));
            w.Close();
        }

        /// <summary>
        /// Parts of one item a transpose is split into for the threads, along its pixel axis of <paramref name="pixels"/>
        /// (source rows going to NCHW, source columns coming back): at least 16 pixels each (one register block), at most 8.
        /// </summary>
        private static int Parts(long pixels) => (int)System.Math.Max(1, System.Math.Min(8, pixels / 16));

        /// <summary>
        /// Work of one part for <c>ParallelKernels</c>' small-call threshold, in multiply-accumulates: a float moved costs
        /// about as much time as 16 of them (measured: 400K floats transposed in about 0.1 ms on one core).
        /// </summary>
        private static long PartWork(long elements, long pixels) => System.Math.Max(1, elements / Parts(pixels) * 16);

        private static void WriteTransposeBody(CodeWriter w, string name, long rows, long columns, bool byRows)
        {
            long pixels = byRows ? rows : columns;
            int parts = Parts(pixels);
            string r = CodeWriter.I(rows), c = CodeWriter.I(columns), p = CodeWriter.I(parts), px = CodeWriter.I(pixels);
            w.Line("private static readonly " + Rt + "KernelBody s_" + char.ToLowerInvariant(name[0]) + name.Substring(1) + " = " + name + ";");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Part <c>item % " + p + "</c> of batch item <c>item / " + p + "</c> of the [" + r + " x " + c + "] -> [" + c + " x " + r + "] transpose (Input to Output): a range of source "
                + (byRows ? "rows" : "columns") + " (pixels)");
            w.Line("/// starting at a multiple of 16, so the parts write disjoint runs of whole blocks.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void " + name + "(int item, in " + Rt + "KernelOperands ops)");
            w.Line("int n = item / " + p + ", part = item - n * " + p + ";");
            w.Line("int from = part * " + px + " / " + p + " / 16 * 16, to = part + 1 == " + p + " ? " + px + " : (part + 1) * " + px + " / " + p + " / 16 * 16;");
            w.Line(Rt + "LayoutTranspose." + (byRows ? "Rows" : "Columns") + "(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref ops.Input, (nint)n * " + CodeWriter.I(rows * columns)
                + "), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref ops.Output, (nint)n * " + CodeWriter.I(rows * columns) + "), " + r + ", " + c + ", from, to);");
            w.Close();
            w.Line();
        }

        private static string Transpose(string body, long rows, long columns, long pixels, string source, string destination)
            => KernelParts.BridgeMove(body, Parts(pixels), PartWork(rows * columns, pixels), source, destination);

        /// <summary>
        /// The steps every entry point shares, once per bridge: the input (and residual) transposed into scratch in the
        /// kernel's layout, the kernel's output scratch, and the output transposed back into the caller's span.
        /// </summary>
        private static void WriteSteps(CodeWriter w, LayerShape s)
        {
            long inPixels = s.InputSpatial, outPixels = s.OutputSpatial;
            if (s.Layout == TensorLayout.Nhwc)
            {
                WriteToScratch(w, "InputChannelsFirst", "x", Pixels(inPixels, s.InChannels) + " -> " + Planes(s.InChannels, inPixels) + " per item",
                    4, s.InputItemLength, Transpose("s_inputToChannelsFirst", inPixels, s.InChannels, inPixels, "x", "c"));
                if (s.Residual)
                {
                    WriteToScratch(w, "ResidualChannelsFirst", "residual", "the residual, " + Pixels(outPixels, s.OutChannels) + " -> " + Planes(s.OutChannels, outPixels) + " per item",
                        5, s.OutputItemLength, Transpose("s_residualToChannelsFirst", outPixels, s.OutChannels, outPixels, "residual", "c"));
                }

                WriteOutputSteps(w, s, "NCHW", "NHWC", "StoreChannelsLast", Planes(s.OutChannels, outPixels) + " -> " + Pixels(outPixels, s.OutChannels),
                    Transpose("s_outputToChannelsLast", s.OutChannels, outPixels, outPixels, "yc", "y"));
                return;
            }

            WriteToScratch(w, "InputChannelsLast", "x", Planes(s.InChannels, inPixels) + " -> " + Pixels(inPixels, s.InChannels) + " per item",
                4, s.InputItemLength, Transpose("s_inputToChannelsLast", s.InChannels, inPixels, inPixels, "x", "c"));
            if (s.Residual)
            {
                WriteToScratch(w, "ResidualChannelsLast", "residual", "the residual, " + Planes(s.OutChannels, outPixels) + " -> " + Pixels(outPixels, s.OutChannels) + " per item",
                    5, s.OutputItemLength, Transpose("s_residualToChannelsLast", s.OutChannels, outPixels, outPixels, "residual", "c"));
            }

            WriteOutputSteps(w, s, "NHWC", "NCHW", "StoreChannelsFirst", Pixels(outPixels, s.OutChannels) + " -> " + Planes(s.OutChannels, outPixels),
                Transpose("s_outputToChannelsFirst", outPixels, s.OutChannels, outPixels, "yc", "y"));
        }

        private static void WriteOutputSteps(CodeWriter w, LayerShape s, string kernelLayout, string layout, string store, string what, string transpose)
        {
            w.Line("/// <summary>The calling thread's scratch for the kernel's " + kernelLayout + " output.</summary>");
            KernelParts.RunAttributes(w);
            w.Line("private static ref float OutputScratch(int batch) => ref " + KernelParts.ScratchAt(w, 6, s.OutputItemLength, perBatch: true, layerItems: true) + ";");
            w.Line();
            w.Line("/// <summary>" + what + " per item: the kernel's " + kernelLayout + " output into the caller's " + layout + " span.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void " + store + "(ref float yc, ref float y, int batch)");
            w.Line(transpose);
            w.Close();
            w.Line();
        }

        /// <summary>An NHWC item's shape in the bridge's comments: [pixels pixels x channels channels].</summary>
        private static string Pixels(long pixels, long channels) => "[" + CodeWriter.I(pixels) + " pixels x " + CodeWriter.I(channels) + " channels]";

        /// <summary>An NCHW item's shape in the bridge's comments: [channels x pixels].</summary>
        private static string Planes(long channels, long pixels) => "[" + CodeWriter.I(channels) + " x " + CodeWriter.I(pixels) + "]";

        private static void WriteToScratch(CodeWriter w, string name, string source, string what, int slot, long itemLength, string transpose)
        {
            w.Line("/// <summary>" + char.ToUpperInvariant(what[0]) + what.Substring(1) + ", into the calling thread's scratch slot " + CodeWriter.I(slot) + ": returns the NCHW copy.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static ref float " + name + "(ref float " + source + ", int batch)");
            w.Line("ref float c = ref " + KernelParts.ScratchAt(w, slot, itemLength, perBatch: true, layerItems: true) + ";");
            w.Line(transpose);
            w.Line("return ref c;");
            w.Close();
            w.Line();
        }

        private static void WriteEntry(CodeWriter w, LayerPlan plan, LayerShape s, string kernelClass, string entry)
        {
            bool last = s.Layout == TensorLayout.Nhwc;
            string outside = last ? "NHWC" : "NCHW", inside = last ? "NCHW" : "NHWC", copies = last ? "ChannelsFirst" : "ChannelsLast";
            w.Line("/// <summary>" + kernelClass + "." + entry + " on " + outside + " tensors: input" + (s.Residual ? " and residual" : "") + " to " + inside + ", the kernel, the output back to " + outside + ".</summary>");
            KernelParts.RunAttributes(w);
            w.Open("public static void " + entry + "(" + LayerEmitter.RunParameters(plan) + ")");
            w.Line("ref float xc = ref Input" + copies + "(ref x, batch);");
            if (s.Residual)
            {
                w.Line("ref float rc = ref Residual" + copies + "(ref residual, batch);");
            }

            w.Line("ref float yc = ref OutputScratch(batch);");
            w.Line(kernelClass + "." + entry + "(" + KernelParts.BridgeCallArgs(plan, "xc", "rc", "yc", "batch") + ");");
            w.Line((last ? "StoreChannelsLast" : "StoreChannelsFirst") + "(ref yc, ref y, batch);");
            w.Close();
        }
    }
}
