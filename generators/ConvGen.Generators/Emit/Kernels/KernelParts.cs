using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>Pieces every kernel family writes the same way: the file-local class, the ref helper, the epilogue.</summary>
    internal static class KernelParts
    {
        private const string Rt = "global::ConvGen.";

        /// <summary>The argument for an operand a kernel call does not have (<c>ParallelKernels.For</c> takes every operand).</summary>
        internal const string NullRef = "ref global::System.Runtime.CompilerServices.Unsafe.NullRef<float>()";

        /// <summary>
        /// A float at <paramref name="location"/> (an <c>At(ref ..., i)</c> expression) in every lane of a
        /// <paramref name="vec"/> vector: <c>VectorLoads.Broadcast256</c> / <c>Broadcast512</c>, a broadcast from memory that
        /// RyuJIT does not merge with the equal broadcasts of neighbouring taps (merged, the values outlive the registers
        /// and go through the stack: on 256-bit always; on 512-bit too, where a 6 x 64 tile leaves 3 of the 32 registers,
        /// ResNet's stem 6% slower with <c>Vec512.Create</c>).
        /// </summary>
        public static string Broadcast(string vec, string location)
            => Rt + "VectorLoads.Broadcast" + (vec == "Vec256" ? "256" : "512") + "(ref " + location + ")";

        /// <summary>Opens <c>file static class X</c> with its summary and the <c>At</c> helper.</summary>
        public static void OpenClass(CodeWriter w, LayerPlan plan, string className)
        {
            w.Line("/// <summary>" + plan.Kernel!.Name + ": the kernel of " + plan.Spec.LayerName + ". Spans were checked by the caller.</summary>");
            w.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"ConvGen.Generators\", \"" + LayerEmitter.Version + "\")]");
            w.Open("file static class " + className);
            InlineAttributes(w);
            w.Line("private static ref float At(ref float origin, int index) => ref global::System.Runtime.CompilerServices.Unsafe.Add(ref origin, index);");
            w.Line();
        }

        /// <summary>
        /// The expression taking <paramref name="floats"/> floats of this thread's scratch slot <paramref name="slot"/> (times the
        /// call's <c>batch</c> when <paramref name="perBatch"/>), recorded in <see cref="CodeWriter.Scratch"/> for the layer's
        /// <c>Prepare</c>. Slots 1 and 2 are taken inside items (any thread, <see cref="IsItemSlot"/>), the others by the calling thread. A bridge's
        /// request (<paramref name="layerItems"/>) counts the layer's batch items, a kernel's its own (for a layer run as
        /// dilation phases, each layer item is several kernel items).
        /// </summary>
        /// <summary>
        /// True for the scratch slots taken inside items, on any thread (1 and 2); the others (0 and 3 around a parallel call,
        /// 4 to 6 by the channels-last bridge) are the calling thread's. The runtime's <c>ScratchBuffers</c> states the same
        /// convention; a layer's <c>Prepare</c> reserves item slots on every thread and the others on the caller's.
        /// </summary>
        public static bool IsItemSlot(int slot) => slot == 1 || slot == 2;

        public static string ScratchAt(CodeWriter w, int slot, long floats, bool perBatch = false, bool layerItems = false)
        {
            w.Scratch.Add((slot, floats, perBatch, layerItems));
            return Rt + "ScratchBuffers.At(" + CodeWriter.I(slot) + ", " + (perBatch ? "checked(batch * " + CodeWriter.I(floats) + ")" : CodeWriter.I(floats)) + ")";
        }

        /// <summary>
        /// A bridge's parallel data move (the channels-last transposes, the dilation phases' split and merge): <c>batch x
        /// parts</c> items of <paramref name="body"/> from <paramref name="source"/> (the operands' Input) to
        /// <paramref name="destination"/> (their Output), each counted as <paramref name="work"/> multiply-accumulates.
        /// </summary>
        public static string BridgeMove(string body, int parts, long work, string source, string destination)
            => Rt + "ParallelKernels.For(batch * " + CodeWriter.I(parts) + ", " + CodeWriter.I(work) + ", " + body + ", 0, ref " + source + ", ref " + source
               + ", " + string.Join(", ", System.Linq.Enumerable.Repeat(NullRef, 6)) + ", ref " + destination + ");";

        /// <summary>
        /// A bridge's entry points, one per kernel entry the layer calls, a blank line between them: <paramref name="write"/>
        /// writes one (its kernel call takes <see cref="BridgeCallArgs"/>).
        /// </summary>
        public static void WriteBridgeEntries(CodeWriter w, IEnumerable<string> entryPoints, System.Action<string> write)
        {
            bool first = true;
            foreach (string entry in entryPoints)
            {
                if (!first)
                {
                    w.Line();
                }

                first = false;
                write(entry);
            }
        }

        /// <summary>A bridge's call of the kernel entry: the layer's operands with the input, residual and output replaced by the bridge's copies, then <paramref name="batch"/>.</summary>
        public static string BridgeCallArgs(LayerPlan plan, string input, string residual, string output, string batch)
        {
            var args = new List<string>();
            foreach (OperandRole r in plan.Roles)
            {
                if (r == OperandRole.Batch)
                {
                    continue;
                }

                args.Add(r == OperandRole.Input ? "ref " + input : r == OperandRole.Residual ? "ref " + residual : r == OperandRole.Output ? "ref " + output : "ref " + LayerEmitter.RefName(r));
            }

            args.Add(batch);
            return string.Join(", ", args);
        }

        /// <summary>
        /// The attribute line of every method of a kernel class: full optimisation from the first call (no Tier-0 phase,
        /// which in a process limited to one CPU can last the whole run: docs/kernels.md, "The code and memory kernels run on").
        /// </summary>
        public static void RunAttributes(CodeWriter w)
            => w.Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");

        /// <summary>
        /// Writes the attribute of a small helper the kernels call: inlined, and compiled fully optimised where the JIT
        /// declines to inline it (never Tier-0 code of its own). The JIT stops inlining into a method that has grown past
        /// its limits (a 1,262-line transposed-convolution tile called <c>At</c> and the vector helpers as functions), so
        /// <c>AggressiveInlining</c> alone does not guarantee the inline.
        /// </summary>
        public static void InlineAttributes(CodeWriter w) => w.Line(InlineAttributeText);

        /// <summary>The attribute <see cref="InlineAttributes"/> writes.</summary>
        private const string InlineAttributeText = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining | global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

        /// <summary>
        /// A 256-bit load of input columns <paramref name="column"/>.. + 7 of the row <paramref name="row"/> refers to, decided
        /// at generate time for a row of <paramref name="width"/> columns: a plain load inside the row, a masked load with a
        /// constant mask where it crosses an end (the lanes outside read zero), null where every lane is outside.
        /// </summary>
        public static string? ColumnLoad256(string row, int column, int width)
        {
            if (column + 8 <= 0 || column >= width)
            {
                return null;
            }

            if (column >= 0 && column + 8 <= width)
            {
                return "Vec256.LoadUnsafe(ref At(ref " + row + ", " + CodeWriter.I(column) + "))";
            }

            var lanes = new List<string>();
            for (int j = 0; j < 8; j++)
            {
                lanes.Add(column + j >= 0 && column + j < width ? "-1" : "0");
            }

            return Rt + "VectorLoads.MaskLoad256(ref " + row + ", " + CodeWriter.I(column) + ", Vec256.AsSingle(Vec256.Create(" + string.Join(", ", lanes) + "))) /* columns "
                + CodeWriter.I(column) + ".." + CodeWriter.I(column + 7) + ": those outside the row read zero */";
        }

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

        /// <summary>
        /// Writes Run (ISA level chosen once per call, items handed to ParallelKernels), the body delegate and Body (one item
        /// at the chosen level: Item512, Item256 or ItemScalar). Scalar items are one output channel of one batch item.
        /// </summary>
        /// <param name="itemsScalar">Items per batch item on the scalar path (default: one per output channel).</param>
        /// <param name="prologue">Code Run writes before the parallel call (e.g. a weight transform).</param>
        /// <param name="weightRef">The weight reference the items receive (default: the caller's weights).</param>
        /// <param name="name">The method's name (Winograd also writes RunTransformed, for packed weights).</param>
        /// <param name="withBody">Whether to write the body delegate and Body after it (once per kernel class).</param>
        public static void WriteParallelRun(CodeWriter w, LayerPlan plan, LayerShape v, int? items512, int? items256, int? itemsScalar = null, System.Action? prologue = null, string weightRef = "w", string name = "Run", bool withBody = true, string inputRef = "x", int imagesPerItem = 1)
        {
            string nullRef = NullRef;
            string Opt(bool present, string name) => present ? "ref " + name : nullRef;
            w.Line("/// <summary>");
            w.Line("/// Runs the layer on <paramref name=\"batch\"/> items: the work is cut into items (batch item x channel block x chunk of");
            w.Line("/// rows), each computing its outputs completely, spread over <see cref=\"global::ConvGen.ParallelKernels\"/>' threads.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            w.Open("public static void " + name + "(" + LayerEmitter.RunParameters(plan) + ")");
            prologue?.Invoke();
            w.Line("int level = " + (items512 is not null ? Rt + "Isa.Use512 ? 2 : " : "") + (items256 is not null ? Rt + "Isa.Use256 ? 1 : " : "") + "0;");
            w.Line("int items = " + (items512 is not null ? "level == 2 ? " + CodeWriter.I(items512!.Value) + " : " : "")
                + (items256 is not null ? "level == 1 ? " + CodeWriter.I(items256!.Value) + " : " : "") + CodeWriter.I(itemsScalar ?? v.OutChannels) + ";");
            // Items of imagesPerItem batch images each (the count divides every batch the kernel runs on), or items within one image.
            string count = imagesPerItem > 1 ? "batch / " + CodeWriter.I(imagesPerItem) + " * items" : "batch * items";
            w.Line(Rt + "ParallelKernels.For(" + count + ", " + CodeWriter.I(System.Math.Max(1, v.MacsPerItem * imagesPerItem)) + " / items, s_body, level, ref " + inputRef + ", ref " + weightRef + ", "
                + Opt(v.Bias, "bias") + ", " + Opt(v.BatchNorm, "gamma") + ", " + Opt(v.BatchNorm, "beta") + ", " + Opt(v.BatchNorm, "runningMean") + ", "
                + Opt(v.BatchNorm, "runningVar") + ", " + Opt(v.Residual, "residual") + ", ref y);");
            w.Close();
            if (!withBody)
            {
                return;
            }

            w.Line();
            w.Line("private static readonly " + Rt + "KernelBody s_body = Body;");
            w.Line();
            w.Line("/// <summary>One item, at the ISA level Run chose for the whole call.</summary>");
            RunAttributes(w);
            w.Open("private static void Body(int item, in " + Rt + "KernelOperands ops)");
            var args = new List<string> { "item", "ref ops.Input", "ref ops.Weight" };
            if (v.Bias)
            {
                args.Add("ref ops.Bias");
            }

            if (v.BatchNorm)
            {
                args.AddRange(new[] { "ref ops.Gamma", "ref ops.Beta", "ref ops.RunningMean", "ref ops.RunningVar" });
            }

            args.Add("ref ops.Output");
            if (v.Residual)
            {
                args.Add("ref ops.Residual");
            }

            string call = "(" + string.Join(", ", args) + ");";
            w.Open("switch (ops.Tag)");
            if (items512 is not null)
            {
                w.Line("case 2: Item512" + call + " break;");
            }

            if (items256 is not null)
            {
                w.Line("case 1: Item256" + call + " break;");
            }

            w.Line("default: ItemScalar" + call + " break;");
            w.Close();
            w.Close();
        }


        /// <summary>
        /// Run and RunPacked of a kernel whose vector paths read <see cref="BlockedWeights"/>: Run packs the blocks into this
        /// thread's scratch (in parallel by block) before its items; RunPacked finds them after the PyTorch-layout copy
        /// <c>PackWeights</c> made (the scalar path reads that copy). Then PackPart, which packs one block.
        /// </summary>
        public static void WriteBlockedRuns(CodeWriter w, LayerPlan plan, LayerShape s, BlockedWeights b, int? items512, int? items256, int? itemsScalar)
        {
            string nullRef = NullRef;
            WriteParallelRun(w, plan, s, items512, items256, itemsScalar, () =>
            {
                w.Line("// The vector paths read the weights in " + CodeWriter.I(b.Blocks) + " block(s) of " + CodeWriter.I(b.Block) + " output channels (" + (b.InChannels == 1 ? "" : CodeWriter.I(b.InChannels) + " x ")
                    + "taps x " + CodeWriter.I(b.Block) + "): packed here, into this thread's scratch.");
                w.Line("ref float wk = ref w;");
                w.Open("if (" + Rt + "Isa.Use256)");
                w.Line("wk = ref " + ScratchAt(w, 0, b.Length(s)) + ";");
                w.Line(Rt + "ParallelKernels.For(" + CodeWriter.I(b.Blocks) + ", " + CodeWriter.I(b.BlockLength(s)) + ", s_pack, 0, ref w, ref w, " + nullRef + ", " + nullRef + ", " + nullRef + ", "
                    + nullRef + ", " + nullRef + ", " + nullRef + ", ref wk);");
                w.Close();
            }, "wk");
            w.Line();
            w.Line("// RunPacked: w holds the weights as PyTorch lays them out (" + CodeWriter.I(s.WeightLength) + " floats, for the scalar path), then the packed blocks.");
            WriteParallelRun(w, plan, s, items512, items256, itemsScalar, () =>
                w.Line("ref float wk = ref " + Rt + "Isa.Use256 ? ref At(ref w, " + CodeWriter.I(s.WeightLength) + ") : ref w;"), "wk", "RunPacked", withBody: false);
            w.Line();
            w.Line("private static readonly " + Rt + "KernelBody s_pack = PackPart;");
            w.Line();
            w.Line("/// <summary>Packs output-channel block <paramref name=\"part\"/> of the weights.</summary>");
            RunAttributes(w);
            w.Line("private static void PackPart(int part, in " + Rt + "KernelOperands ops) => " + Rt + "ChannelBlocks." + PackMethod(s) + "(ref ops.Input, " + CodeWriter.I(s.OutChannels) + ", " + CodeWriter.I(b.InChannels)
                + ", " + CodeWriter.I(s.KernelSpatial) + ", " + CodeWriter.I(b.Block) + b.SubBlockArgument + ", ref ops.Output, part, part + 1);");
        }

        /// <summary>The <c>ChannelBlocks</c> method that packs the layer's weights: <c>PackTransposed</c> for a transposed layer (<c>[Cin, Cout, taps]</c>), else <c>Pack</c>.</summary>
        public static string PackMethod(LayerShape s) => s.Kind == LayerKind.ConvTranspose ? "PackTransposed" : "Pack";

        /// <summary>Parameters of an Item method: the item index and the whole tensors.</summary>
        public static string ItemParams(LayerShape v)
        {
            var ps = new List<string> { "int item", "ref float x", "ref float w" };
            if (v.Bias)
            {
                ps.Add("ref float bias");
            }

            if (v.BatchNorm)
            {
                ps.AddRange(new[] { "ref float gamma", "ref float beta", "ref float runningMean", "ref float runningVar" });
            }

            ps.Add("ref float y");
            if (v.Residual)
            {
                ps.Add("ref float residual");
            }

            return string.Join(", ", ps);
        }

        /// <summary>Writes <c>xn</c>, <c>yn</c> (and <c>rn</c>): the batch item <c>n</c> of each tensor.</summary>
        public static void WriteItemBases(CodeWriter w, LayerShape v, KernelGeometry g)
        {
            w.Line("ref float xn = ref At(ref x, " + KernelGeometry.Times("n", g.InItem) + ");");
            w.Line("ref float yn = ref At(ref y, " + KernelGeometry.Times("n", g.OutItem) + ");");
            if (v.Residual)
            {
                w.Line("ref float rn = ref At(ref residual, " + KernelGeometry.Times("n", g.OutItem) + ");");
            }
        }

        /// <summary>The epilogue of one scalar output: bias, batch norm (a fused multiply-add), residual, activation.</summary>
        public static string ScalarEpilogue(LayerShape v, string acc, string? bias, string scale, string shift, string residual)
        {
            string e = acc;
            if (bias is not null)
            {
                e = e + " + " + bias;
            }

            if (v.BatchNorm)
            {
                e = "global::System.MathF" + ".FusedMultiplyAdd(" + e + ", " + scale + ", " + shift + ")";
            }

            if (v.Residual)
            {
                e = (v.BatchNorm ? e : "(" + e + ")") + " + " + residual;
            }

            return KernelParts.Activate(v, e);
        }

        /// <summary>The block's per-channel epilogue constants: <c>bias{o}</c>, <c>scale{o}</c>, <c>shift{o}</c>.</summary>
        public static void WriteChannelConstants(CodeWriter w, LayerShape v, int channels)
        {
            for (int o = 0; o < channels; o++)
            {
                string oc = "oc0 + " + CodeWriter.I(o);
                if (v.Bias)
                {
                    w.Line("float bias" + CodeWriter.I(o) + " = At(ref bias, " + oc + ");");
                }

                if (v.BatchNorm)
                {
                    w.Line("float scale" + CodeWriter.I(o) + " = Scale(ref gamma, ref runningVar, " + oc + ");");
                    w.Line("float shift" + CodeWriter.I(o) + " = Shift(ref beta, ref runningMean, scale" + CodeWriter.I(o) + ", " + oc + ");");
                }
            }
        }


        /// <summary>The folded batch-norm helpers: <c>scale = gamma / sqrt(var + eps)</c>, <c>shift = beta - mean * scale</c>.</summary>
        public static void WriteBatchNormHelpers(CodeWriter w, LayerShape v)
        {
            InlineAttributes(w);
            w.Line("private static float Scale(ref float gamma, ref float runningVar, int oc) => At(ref gamma, oc) / global::System.MathF.Sqrt(At(ref runningVar, oc) + " + CodeWriter.F(v.BatchNormEpsilon) + ");");
            InlineAttributes(w);
            w.Line("private static float Shift(ref float beta, ref float runningMean, float scale, int oc) => At(ref beta, oc) - At(ref runningMean, oc) * scale;");
        }

        /// <summary>True when the activation has a vector form (the others run the scalar function on each lane).</summary>
        public static bool HasVectorActivation(LayerShape s) => EpilogueForms.HasVectorActivation(s);

        /// <summary>
        /// The epilogue of one output vector, in the scalar epilogue's order: + bias, batch norm as a fused multiply-add,
        /// + residual, then the activation when it has a vector form. <paramref name="bias"/>, <paramref name="scale"/>
        /// and <paramref name="shift"/> are scalar expressions (broadcast here); <paramref name="residual"/> a vector one.
        /// </summary>
        public static string VectorEpilogue(LayerShape s, string vec, string value, string bias, string scale, string shift, string residual)
            => VectorEpilogueOfVectors(s, vec, value, vec + ".Create(" + bias + ")", vec + ".Create(" + scale + ")", vec + ".Create(" + shift + ")", residual);

        /// <summary>
        /// <see cref="VectorEpilogue"/> with <paramref name="bias"/>, <paramref name="scale"/> and <paramref name="shift"/>
        /// as vector expressions: a vector of output channels (channels-last stores) rather than one channel broadcast.
        /// </summary>
        public static string VectorEpilogueOfVectors(LayerShape s, string vec, string value, string bias, string scale, string shift, string residual)
        {
            string e = value;
            if (s.Bias)
            {
                e = e + " + " + bias;
            }

            if (s.BatchNorm)
            {
                e = vec + ".FusedMultiplyAdd(" + e + ", " + scale + ", " + shift + ")";
            }

            if (s.Residual)
            {
                e = (s.BatchNorm ? e : "(" + e + ")") + " + " + residual;
            }

            if (HasVectorActivation(s) && s.Activation != Activation.None)
            {
                e = Rt + "VectorActivations." + s.Activation + "(" + e + (s.Activation == Activation.LeakyRelu ? ", " + CodeWriter.F(s.ActivationAlpha) : "") + ")";
            }

            return e;
        }

        /// <summary>
        /// The load of one input vector at <paramref name="column"/> of the row <paramref name="row"/> (<paramref name="width"/>
        /// columns), deinterleaved for stride 2. In a border tile (<paramref name="masked"/>) only vectors that reach past
        /// the row take the masked load; one scalar compare on the column decides (the span read is one vector, or two for
        /// a stride-2 deinterleave).
        /// </summary>
        public static string RowLoad(int bits, string row, string column, int width, bool stride2, bool masked, string? mask = null)
        {
            if (mask is not null)
            {
                return Rt + "VectorLoads.MaskLoad" + CodeWriter.I(bits) + "(ref " + row + ", " + column + ", " + mask + ")";
            }

            string b = CodeWriter.I(bits);
            string plain = stride2
                ? Rt + "VectorLoads.LoadEven" + b + "(ref At(ref " + row + ", " + column + "))"
                : (bits == 512 ? "Vec512" : "Vec256") + ".LoadUnsafe(ref At(ref " + row + ", " + column + "))";
            if (!masked)
            {
                return plain;
            }

            string maskedLoad = stride2
                ? Rt + "VectorLoads.MaskLoadEven" + b + "(ref " + row + ", " + column + ", " + CodeWriter.I(width) + ")"
                : Rt + "VectorLoads.MaskLoad" + b + "(ref " + row + ", " + column + ", " + Rt + "VectorLoads.ColumnMask" + b + "(" + column + ", " + CodeWriter.I(width) + "))";
            int reach = width - bits / 32 * (stride2 ? 2 : 1);
            return reach >= 0 ? "(uint)(" + column + ") <= " + CodeWriter.I(reach) + "u ? " + plain + " : " + maskedLoad : maskedLoad;
        }

        /// <summary>The per-channel parameter refs a layer has, each as <c>, ref float name</c> (bias, then the batch-norm four).</summary>
        public static string ChannelParams(LayerShape s) => ChannelList(s, "ref float ");

        /// <summary>The arguments matching <see cref="ChannelParams"/>: <c>, ref name</c> each.</summary>
        public static string ChannelArgs(LayerShape s) => ChannelList(s, "ref ");

        /// <summary>Parameters of a tile method over one batch item: <c>ref float xn, ref float {weight}, [channel refs], ref float yn[, ref float rn]</c>.</summary>
        public static string TileParams(LayerShape s, string weight)
            => "ref float xn, ref float " + weight + ChannelParams(s) + ", ref float yn" + (s.Residual ? ", ref float rn" : "");

        /// <summary>The arguments matching <see cref="TileParams"/>.</summary>
        public static string TileArgs(LayerShape s, string weight)
            => "ref xn, ref " + weight + ChannelArgs(s) + ", ref yn" + (s.Residual ? ", ref rn" : "");

        private static string ChannelList(LayerShape s, string prefix)
        {
            var names = new List<string>();
            if (s.Bias)
            {
                names.Add("bias");
            }

            if (s.BatchNorm)
            {
                names.AddRange(new[] { "gamma", "beta", "runningMean", "runningVar" });
            }

            var sb = new System.Text.StringBuilder();
            foreach (string n in names)
            {
                sb.Append(", ").Append(prefix).Append(n);
            }

            return sb.ToString();
        }
    }
}
