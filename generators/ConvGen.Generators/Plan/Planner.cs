using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Model;
using ConvGen.Generators.Parse;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>
    /// Plan stage: resolves the shape with the shared rules, binds parameters to operand roles, and picks a row
    /// of <see cref="KernelCatalog"/>. A layer with any error gets a plan with no kernel; its body throws, and the
    /// analyzers report the same violations (they call this same code). Never throws.
    /// </summary>
    internal static class Planner
    {
        public static LayerPlan Plan(LayerSpec spec, CancellationToken ct)
        {
            var pairs = new List<KeyValuePair<string, double>>();
            foreach (ArgumentValue a in spec.Arguments)
            {
                pairs.Add(new KeyValuePair<string, double>(a.Name, a.Value));
            }

            var violations = new List<ShapeViolation>();
            LayerShape shape = LayerShapeBuilder.Build(spec.Kind, spec.Rank, AttributeArguments.ToLayerArguments(pairs), spec.LayerName, violations);
            ct.ThrowIfCancellationRequested();

            var infos = new List<ViolationInfo>();
            if (spec.FormError is not null)
            {
                infos.Add(new ViolationInfo(DiagnosticIds.DeclarationForm, ViolationSeverity.Error, null, "Layer '" + spec.LayerName + "': " + spec.FormError));
            }

            foreach (ShapeViolation v in violations)
            {
                infos.Add(new ViolationInfo(v.Id, v.Severity, v.ArgumentName, v.Message, v.FixArgument, v.FixValue));
            }

            List<OperandRole> roles = LayerSignature.Expected(shape.Kind, shape.Bias, shape.BatchNorm, shape.Residual, shape.DynamicBatch);
            if (!SignatureFits(spec, roles))
            {
                // One fix is clearly right when the only problem is the missing bias span: insert it after the weight.
                string? fix = shape.Bias && BiasIsTheOnlyMissing(spec, roles) ? "AddBiasParameter" : null;
                infos.Add(new ViolationInfo(DiagnosticIds.SignatureMismatch, ViolationSeverity.Error, null, SignatureMessage(spec, shape, roles), fix, fix is null ? null : "2"));
            }

            bool rejected = infos.Exists(i => i.Severity == ViolationSeverity.Error);
            KernelChoice? kernel = rejected ? null : Choose(shape);
            if (kernel is not null)
            {
                infos.Add(new ViolationInfo(DiagnosticIds.AlgorithmReport, ViolationSeverity.Info, null,
                    "Layer '" + spec.LayerName + "': " + shape.Describe() + " -> " + kernel.Name + ": " + kernel.Reason));
                if (kernel.Family == KernelFamily.Direct)
                {
                    LayerShape view = DirectTiling.View(shape);
                    if (kernel.Tile256 is null && kernel.Tile512 is null && DirectTiling.ScalarIsAPenalty(view))
                    {
                        infos.Add(new ViolationInfo(DiagnosticIds.SlowFallback, ViolationSeverity.Warning, view.Layout != TensorLayout.Nchw ? "Layout" : "Stride",
                            "Layer '" + spec.LayerName + "': no vector kernel: " + DirectTiling.WhyScalar(view) + AndNotBridged(shape, t => DirectTiling.WhyScalar(DirectTiling.View(t))) + "; this " + shape.MacsPerItem.ToString(CultureInfo.InvariantCulture)
                            + "-MAC layer runs scalar code, far slower than convolutions usually get"));
                    }
                }
                else if (kernel.Family == KernelFamily.PhaseGather)
                {
                    if (kernel.Tile256 is null && kernel.Tile512 is null && TransposedTiling.ScalarIsAPenalty(shape))
                    {
                        infos.Add(new ViolationInfo(DiagnosticIds.SlowFallback, ViolationSeverity.Warning, shape.Layout != TensorLayout.Nchw ? "Layout" : shape.Stride[shape.Rank - 1] > 2 ? "Stride" : "Kernel",
                            "Layer '" + spec.LayerName + "': no vector kernel: " + TransposedTiling.WhyScalar(shape) + AndNotBridged(shape, TransposedTiling.WhyScalar) + "; this " + shape.MacsPerItem.ToString(CultureInfo.InvariantCulture)
                            + "-MAC layer runs scalar code, far slower than convolutions usually get"));
                    }
                }
                else if (kernel.Unroll == UnrollMode.InnerAxis)
                {
                    infos.Add(new ViolationInfo(DiagnosticIds.SlowFallback, ViolationSeverity.Warning, "Kernel",
                        "Layer '" + spec.LayerName + "': the " + LayerShape.Join(shape.Kernel, "x") + " window has " + shape.KernelSpatial.ToString(CultureInfo.InvariantCulture)
                        + " taps, above the full-unroll limit of " + KernelCatalog.FullUnrollTaps.ToString(CultureInfo.InvariantCulture)
                        + ": the interior loops over the outer kernel axes and reads the weights per output instead of holding them in registers, slower than this layer kind's usual path"));
                }
            }
            return new LayerPlan(spec, shape, new EquatableArray<ViolationInfo>(infos.ToArray()), new EquatableArray<OperandRole>(roles.ToArray()), kernel);
        }

        /// <summary>
        /// For a channels-last layer left on scalar code: why its NCHW twin has no vector kernel either (else the
        /// channels-last bridge would have run that one); empty for other layers.
        /// </summary>
        private static string AndNotBridged(LayerShape s, System.Func<LayerShape, string?> whyScalar)
        {
            if (s.Layout != TensorLayout.Nhwc)
            {
                return "";
            }

            string? twin = whyScalar(s.WithLayout(TensorLayout.Nchw));
            return twin is null ? "" : ", and its NCHW form (which a channels-last layer otherwise runs between transposed copies) has none either: " + twin;
        }

        private static bool SignatureFits(LayerSpec spec, List<OperandRole> roles)
        {
            if (spec.Parameters.Length != roles.Count)
            {
                return false;
            }

            for (int i = 0; i < roles.Count; i++)
            {
                ParameterTypeKind want = roles[i] == OperandRole.Output ? ParameterTypeKind.SpanOfFloat
                    : roles[i] == OperandRole.Batch ? ParameterTypeKind.Int32
                    : ParameterTypeKind.ReadOnlySpanOfFloat;
                ParameterSpec p = spec.Parameters[i];
                if (p.Kind != want || (p.Prefix.Length > 0 && p.Prefix != "scoped "))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>True when inserting one <c>ReadOnlySpan&lt;float&gt;</c> after the weight makes the parameters fit.</summary>
        private static bool BiasIsTheOnlyMissing(LayerSpec spec, List<OperandRole> roles)
        {
            if (spec.Parameters.Length != roles.Count - 1 || spec.Parameters.Length < 2)
            {
                return false;
            }

            var withBias = new List<ParameterSpec>(spec.Parameters);
            withBias.Insert(2, new ParameterSpec("global::System.ReadOnlySpan<float>", "bias", "", ParameterTypeKind.ReadOnlySpanOfFloat));
            return SignatureFits(spec with { Parameters = new EquatableArray<ParameterSpec>(withBias.ToArray()) }, roles);
        }

        private static string SignatureMessage(LayerSpec spec, LayerShape shape, List<OperandRole> roles)
        {
            var why = new List<string>();
            if (shape.HasWeights)
            {
                why.Add(shape.Bias ? "Bias = true adds 'bias'" : "no bias (Bias is false)");
                if (shape.BatchNorm)
                {
                    why.Add("BatchNorm = true adds gamma, beta, runningMean, runningVar");
                }

                if (shape.Residual)
                {
                    why.Add("Residual = true adds 'residual'");
                }
            }

            if (shape.DynamicBatch)
            {
                why.Add("DynamicBatch = true adds 'int batch' last");
            }

            var actual = new List<string>();
            foreach (ParameterSpec p in spec.Parameters)
            {
                actual.Add(p.Prefix + Simplify(p.TypeText) + " " + p.Name);
            }

            return "Layer '" + spec.LayerName + "': the parameters must be " + LayerSignature.Describe(roles)
                + (why.Count > 0 ? " (" + string.Join("; ", why) + ")" : "")
                + ", but they are (" + string.Join(", ", actual) + ")";
        }

        private static string Simplify(string typeText) => typeText.Replace("global::System.", "");

        /// <summary>
        /// The kernel for <paramref name="s"/>; for a channels-last convolution whose NCHW twin runs Winograd, Winograd's
        /// channels-last form where it takes the layer (<see cref="WinogradTiling.ChannelsLast"/>: channels multiples of 16,
        /// a vector activation, no dilation phases); otherwise the kernel of its NCHW twin behind the channels-last bridge
        /// when that twin runs Winograd or has a vector kernel where
        /// the layer's own layout has only scalar code (grouped, transposed, depthwise-multiplier and non-zero-padding
        /// layers). The bridge costs two transposes of the activations, far less than either alternative. A twin that runs
        /// as its dilation phases keeps them: the channels-last activations are split into (and merged from) the NCHW phase
        /// images directly, in the moves the phases need anyway.
        /// </summary>
        private static KernelChoice Choose(LayerShape s)
        {
            KernelChoice own = ChooseForLayout(s);
            if (own.Family == KernelFamily.Winograd && !own.DilationPhases && WinogradTiling.ChannelsFirstBridge(s))
            {
                // An NCHW layer on Winograd's channels-last form, between transposes (the bridge the other way round).
                KernelChoice cl = WinogradChoice(s.WithLayout(TensorLayout.Nhwc), WinogradTiling.Wins(s, out string clCost), clCost, own.Unroll, ActivationSuffix(s));
                return cl with
                {
                    Bridged = true,
                    Reason = "Channels first through the channels-last kernel: the input" + (s.Residual ? " and the residual" : "") + " transposed to NHWC into scratch, the kernel below, the output transposed back to NCHW, since "
                        + "Winograd's channels-last form outruns its NCHW form by more than the transposes cost on maps whose activations stay in the caches (" + LayerShape.Join(s.Input, "x") + ", "
                        + s.InChannels.ToString(CultureInfo.InvariantCulture) + "->" + s.OutChannels.ToString(CultureInfo.InvariantCulture) + " channels). Channels-last kernel: " + cl.Reason,
                };
            }

            if (s.Layout != TensorLayout.Nhwc || (s.Kind != LayerKind.Conv && s.Kind != LayerKind.ConvTranspose))
            {
                return own;
            }

            LayerShape first = s.WithLayout(TensorLayout.Nchw);
            KernelChoice twin = ChooseForLayout(first);
            if (twin.Family == KernelFamily.Winograd && !twin.DilationPhases && WinogradTiling.ChannelsLast(s))
            {
                // Winograd in the layer's own layout, where the NCHW twin takes it (the same cost decision, made on the twin).
                bool wins = WinogradTiling.Wins(first, out string cost);
                return WinogradChoice(s, wins, cost, twin.Unroll, ActivationSuffix(s));
            }

            bool ownScalar = own.Tile512 is null && own.Tile256 is null;
            bool twinVector = twin.Tile512 is not null || twin.Tile256 is not null;
            if (twin.Family != KernelFamily.Winograd && !(ownScalar && twinVector))
            {
                return own;
            }

            string winograd = twin.DilationPhases ? WinogradTiling.Name(first.WithDilationPhases()) + " on the dilation phases" : WinogradTiling.Name(first);
            string noForm = twin.DilationPhases || s.Rank != 2 ? "no channels-last form" : WinogradTiling.WhyNotChannelsLast(s);
            string why = twin.Family != KernelFamily.Winograd ? "the channels-last layout has only scalar code here (" + own.Name + ")"
                : s.Algorithm != ConvAlgorithm.Auto ? "Algorithm = " + s.Algorithm + " forces " + winograd + " (" + noForm + ")"
                : winograd + " (" + noForm + ") beats the channels-last kernel, " + own.Name;
            string moves = twin.DilationPhases
                ? "the input" + (s.Residual ? " and the residual" : "") + " split from NHWC straight into NCHW phase images in scratch, the kernel below on them, the phase outputs merged straight back into NHWC"
                : "the input" + (s.Residual ? " and the residual" : "") + " transposed to NCHW into scratch, the kernel below, the output transposed back to NHWC";
            return twin with
            {
                Bridged = true,
                Reason = "Channels last through the NCHW kernel: " + moves + ", since " + why + ". NCHW kernel: " + twin.Reason,
            };
        }

        private static KernelChoice ChooseForLayout(LayerShape s)
        {
            KernelChoice? phases = ChoosePhases(s, out string phasesNotTaken);
            if (phases is not null)
            {
                return phases;
            }

            KernelChoice own = ChooseOwn(s);
            return phasesNotTaken.Length == 0 ? own : own with { Reason = own.Reason + phasesNotTaken };
        }

        /// <summary>
        /// Winograd on the dilation phases of a dilated 3x3 (2-D) or k3 (1-D) layer (<see cref="LayerShape.WithDilationPhases"/>): taken when
        /// Winograd runs (forced, or chosen by its cost model) the undilated convolution one phase is, with a batch of all
        /// the phases. Null otherwise, with <paramref name="notTaken"/> saying why where the question arose.
        /// </summary>
        private static KernelChoice? ChoosePhases(LayerShape s, out string notTaken)
        {
            notTaken = "";
            // A 1-D layer with an even dilation runs Winograd as it is (dilation lanes, WinogradTiling.Tiles): no phases.
            if (s.Kind != LayerKind.Conv || s.Rank == 3 || s.DilationPhaseCount == 1 || s.Groups != 1 || LayerShapeBuilder.WinogradDilationLanes(s)
                || s.Algorithm is not (ConvAlgorithm.Auto or ConvAlgorithm.Winograd or ConvAlgorithm.WinogradF2x2))
            {
                return null;
            }

            string? blocker = LayerShapeBuilder.PhasesWinogradBlocker(s, out _);
            if (blocker is not null)
            {
                notTaken = LayerShapeBuilder.WinogradWindowBlocker(s) is null ? " Winograd on the dilation phases not possible: " + blocker + "." : "";
                return null;
            }

            if (s.Layout != TensorLayout.Nchw)
            {
                // A channels-last layer runs its NCHW twin's phases where they are taken (Choose bridges it, split from and
                // merged into its own layout); where not, the twin says why.
                ChoosePhases(s.WithLayout(TensorLayout.Nchw), out notTaken);
                return null;
            }

            LayerShape phase = s.WithDilationPhases();
            KernelChoice inner = ChooseOwn(phase);
            string cells = LayerShape.Join(s.Dilation, "x");
            if (inner.Family != KernelFamily.Winograd)
            {
                WinogradTiling.Wins(phase, out string cost);
                notTaken = " Winograd on the " + s.DilationPhaseCount.ToString(CultureInfo.InvariantCulture) + " dilation phases (" + cells + ") not taken: " + cost + ".";
                return null;
            }

            return inner with
            {
                DilationPhases = true,
                Reason = "Dilation " + cells + " as its " + s.DilationPhaseCount.ToString(CultureInfo.InvariantCulture) + " dilation phases: "
                    + (s.Rank == 1
                        ? "outputs p, p + " + s.Dilation[0].ToString(CultureInfo.InvariantCulture) + ", ... read only inputs of the same phase"
                        : "output rows p, p + " + s.Dilation[0].ToString(CultureInfo.InvariantCulture) + ", ... and columns q, q + " + s.Dilation[1].ToString(CultureInfo.InvariantCulture) + ", ... read only input rows and columns of the same phase")
                    + " (the padding is a multiple of the dilation), so each phase is an undilated "
                    + LayerShape.Join(phase.Input, "x") + " convolution; the input" + (s.Residual ? " and the residual are" : " is") + " split into the phase images in scratch, the kernel below runs them as one batch, and the phase outputs are merged back. Kernel of one phase: " + inner.Reason,
            };
        }

        /// <summary>
        /// The Winograd kernel for <paramref name="s"/>: taken by the cost model (<paramref name="wins"/>, its reason
        /// <paramref name="cost"/>) or forced. A channels-last layer (<see cref="WinogradTiling.ChannelsLast"/>) gets the
        /// channels-last form, named with "cl" after its register tile.
        /// </summary>
        private static KernelChoice WinogradChoice(LayerShape s, bool wins, string cost, UnrollMode unroll, string act)
        {
            CatalogRow wr = KernelCatalog.ForFamily(KernelFamily.Winograd);
            VectorTile w512 = WinogradTiling.Choose(s, 512);
            VectorTile w256 = WinogradTiling.Choose(s, 256);
            string wname = (WinogradTiling.F2x2(s) ? wr.NamePattern.Replace("WinogradF43", "WinogradF23") : wr.NamePattern).Replace("{Rank}", s.Rank.ToString(CultureInfo.InvariantCulture)).Replace("{Kernel}", "k" + LayerShape.Join(s.Kernel, "x")).Replace("{Act}", act)
                .Replace("{Tile}", WinogradTiling.LaneGemm(s)
                    ? w512.Channels.ToString(CultureInfo.InvariantCulture) + "x" + w512.Width.ToString(CultureInfo.InvariantCulture) + (WinogradTiling.ChannelsLast(s) ? "cl" : "c")
                    : w512.Channels.ToString(CultureInfo.InvariantCulture) + "x" + WinogradTiling.BlockTiles(s).ToString(CultureInfo.InvariantCulture) + "t")
                .Replace("{Isa}", "V512");
            string laneTiles = "register tiles V512 " + w512.Channels.ToString(CultureInfo.InvariantCulture) + " tiles x " + w512.Width.ToString(CultureInfo.InvariantCulture) + " channels, V256 "
                + w256.Channels.ToString(CultureInfo.InvariantCulture) + " tiles x " + w256.Width.ToString(CultureInfo.InvariantCulture) + " channels, scalar per tile, the same arithmetic on every path.";
            string wwhy = (s.Rank == 1 ? WinogradTiling.Description1D : WinogradTiling.F2x2(s) ? WinogradTiling.Description2x2 : wr.Description) + ". " + (wins ? "Chosen by the cost model: " + cost + "." : "Forced by Algorithm = " + s.Algorithm + " (the cost model would not: " + cost + ").")
                + (WinogradTiling.ChannelsLast(s)
                    ? " Channels last in its own layout: each stage keeps channels on the lanes (a patch's pixels loaded as whole vectors of input channels, V broadcast into the GEMM, M and the outputs written as whole vectors of output channels), with no transposes; "
                      + WinogradTiling.Tiles(s).ToString(CultureInfo.InvariantCulture) + " tiles per item in blocks of " + WinogradTiling.BlockTiles(s).ToString(CultureInfo.InvariantCulture) + ", " + laneTiles
                    : WinogradTiling.LaneGemm(s)
                    ? " " + WinogradTiling.Tiles(s).ToString(CultureInfo.InvariantCulture) + " tiles per item: the GEMM puts output channels on the lanes (every multiply counts; few tiles would leave tile lanes empty), " + laneTiles
                    : " Blocks of " + WinogradTiling.BlockTiles(s).ToString(CultureInfo.InvariantCulture) + " tiles; GEMM register tiles V512 " + w512.Channels.ToString(CultureInfo.InvariantCulture)
                      + " channels x " + w512.Vectors.ToString(CultureInfo.InvariantCulture) + " vector(s), V256 " + w256.Channels.ToString(CultureInfo.InvariantCulture) + " channels x "
                      + w256.Vectors.ToString(CultureInfo.InvariantCulture) + " vectors, scalar per tile, the same arithmetic on every path.")
                + (WinogradTiling.F2x2(s) ? " Rounding differs slightly from direct convolution (transforms with coefficients 1 and 1/2)." : " Rounding differs from direct convolution (transforms with coefficients up to 8 and 1/24).");
            return new KernelChoice(KernelFamily.Winograd, wname, wwhy, unroll, w512, w256);
        }

        /// <summary>The activation's part of a kernel name: <c>_Relu</c>, or nothing.</summary>
        private static string ActivationSuffix(LayerShape s) => s.Activation == Activation.None ? "" : "_" + s.Activation;

        private static KernelChoice ChooseOwn(LayerShape s)
        {
            CatalogRow row = s.Kind == LayerKind.ConvTranspose && s.Algorithm == ConvAlgorithm.Scatter ? KernelCatalog.ForFamily(KernelFamily.Transposed) : KernelCatalog.For(s.Kind);
            long taps = s.KernelSpatial;
            UnrollMode unroll = taps <= KernelCatalog.FullUnrollTaps ? UnrollMode.FullWindow : UnrollMode.InnerAxis;
            string act = ActivationSuffix(s);
            string forced = s.Algorithm != ConvAlgorithm.Auto ? " Forced by Algorithm = " + s.Algorithm + "." : "";
            string notWinograd = "";
            if (row.Family == KernelFamily.Direct && WinogradTiling.Applies(s) && s.Algorithm is ConvAlgorithm.Auto or ConvAlgorithm.Winograd or ConvAlgorithm.WinogradF2x2)
            {
                bool wins = WinogradTiling.Wins(s, out string cost);
                notWinograd = " " + WinogradTiling.Name(s) + " not taken: " + cost + ".";
                if (s.Algorithm is ConvAlgorithm.Winograd or ConvAlgorithm.WinogradF2x2 || wins)
                {
                    return WinogradChoice(s, wins, cost, unroll, act);
                }
            }

            if (row.Family == KernelFamily.Direct && DepthwiseChannelsLastTiling.Applies(s))
            {
                CatalogRow dr = KernelCatalog.ForFamily(KernelFamily.DepthwiseChannelsLast);
                VectorTile d512 = DepthwiseChannelsLastTiling.Choose(s, 512);
                VectorTile d256 = DepthwiseChannelsLastTiling.Choose(s, 256);
                string dname = dr.NamePattern.Replace("{Rank}", s.Rank.ToString(CultureInfo.InvariantCulture)).Replace("{Act}", act).Replace("{Kernel}", "k" + LayerShape.Join(s.Kernel, "x"))
                    .Replace("{Tile}", d512.Channels.ToString(CultureInfo.InvariantCulture) + "x" + DepthwiseChannelsLastTiling.ChunkChannels(d512).ToString(CultureInfo.InvariantCulture) + "c");
                string dwhy = dr.Description + ". " + DepthwiseChannelsLastTiling.Why(s, d512, d256) + ". Register tiles: V512 " + d512.Channels.ToString(CultureInfo.InvariantCulture) + " pixels x "
                    + d512.Vectors.ToString(CultureInfo.InvariantCulture) + " vectors (" + d512.Accumulators.ToString(CultureInfo.InvariantCulture) + " accumulators), V256 " + d256.Channels.ToString(CultureInfo.InvariantCulture)
                    + " pixels x " + d256.Vectors.ToString(CultureInfo.InvariantCulture) + " vectors (" + d256.Accumulators.ToString(CultureInfo.InvariantCulture)
                    + " accumulators); scalar chains below that, the same order, so every ISA gives the same bits.";
                return new KernelChoice(KernelFamily.DepthwiseChannelsLast, dname, dwhy, unroll, d512, d256);
            }

            if (row.Family == KernelFamily.Direct)
            {
                LayerShape view = DirectTiling.View(s);
                VectorTile? t512 = DirectTiling.Choose(view, 512);
                VectorTile? t256 = DirectTiling.Choose(view, 256);
                VectorTile? top = t512 ?? t256;
                string notChannelLanes = "";
                bool forcedLanes = s.Algorithm == ConvAlgorithm.ChannelLanes && ChannelLaneTiling.Runs(s);
                if (forcedLanes || (ChannelLaneTiling.Applies(s) && s.Algorithm == ConvAlgorithm.Auto))
                {
                    // Pointwise layers: the channel-lane kernel walks the plane regrouped into rows its tiles split best.
                    LayerShape lanes = ChannelLaneTiling.View(s);
                    double share = top is null ? 0 : DirectTiling.LaneShare(view, top);
                    bool lanesWin = ChannelLaneTiling.Wins(lanes, top, share, out string laneWhy);
                    if (forcedLanes || lanesWin)
                    {
                        CatalogRow cr = KernelCatalog.ForFamily(KernelFamily.ChannelLanes);
                        VectorTile c512 = ChannelLaneTiling.Choose(lanes, 512);
                        VectorTile c256 = ChannelLaneTiling.Choose(lanes, 256);
                        string cname = cr.NamePattern.Replace("{Rank}", s.Rank.ToString(CultureInfo.InvariantCulture)).Replace("{Act}", act).Replace("{Kernel}", "k" + LayerShape.Join(s.Kernel, "x"))
                            .Replace("{Tile}", c512.Channels.ToString(CultureInfo.InvariantCulture) + "x" + c512.Width.ToString(CultureInfo.InvariantCulture) + "c");
                        string cwhy = cr.Description + ". " + LaneChoice(lanesWin, laneWhy) + ". " + LaneTiles(c512, c256, ChannelLaneTiling.TailTile256(lanes) is null ? "" : "; the last block's last " + (ChannelLaneTiling.WeightSubBlock + 8).ToString(CultureInfo.InvariantCulture)
                            + " channels as " + ChannelLaneTiling.TailPixels256.ToString(CultureInfo.InvariantCulture) + " pixels x 24 channels, 12 accumulators, so no lanes on channels past the layer's") + "; scalar pixels below that, the same chains, so every ISA gives the same bits."
                            + (ReferenceEquals(lanes, s) ? "" : " The " + s.InputSpatial.ToString(CultureInfo.InvariantCulture) + " pixels (pointwise, stride 1, no padding: one contiguous run) are walked as " + lanes.Output[0].ToString(CultureInfo.InvariantCulture)
                               + " rows of " + lanes.Output[1].ToString(CultureInfo.InvariantCulture) + ", the width the 256-bit tiles split best.") + notWinograd;
                        return new KernelChoice(KernelFamily.ChannelLanes, cname, cwhy, unroll, c512, c256);
                    }

                    notChannelLanes = " Output channels on the vector lanes not taken: " + laneWhy + ".";
                }

                string isa = t512 is not null ? "V512" : t256 is not null ? "V256" : "Scalar";
                string name = "F32_Conv" + s.Rank.ToString(CultureInfo.InvariantCulture) + "d_Direct" + act + "_k" + LayerShape.Join(s.Kernel, "x")
                    + (top is null ? "" : "_" + top.Channels.ToString(CultureInfo.InvariantCulture) + "x" + top.Width.ToString(CultureInfo.InvariantCulture) + (top.Plane ? "p" : "")
                       + (top.Rows > 1 ? "r" + top.Rows.ToString(CultureInfo.InvariantCulture) : "")) + "__" + isa;
                string why = top is null
                    ? "Scalar only: " + DirectTiling.WhyScalar(view) + "."
                    : "Register tiles: " + (t512 is null ? "no 512-bit path" : "V512 " + Describe(t512, view)) + "; " + (t256 is null ? "no 256-bit path" : "V256 " + Describe(t256, view))
                      + "; scalar fused multiply-adds below that and at the borders, in the same order, so every ISA gives the same bits.";
                string reason = "direct convolution, output-stationary: each output is one chain of fused multiply-adds over (input channel, kernel taps), "
                    + (ReferenceEquals(view, s) ? "" : "viewed as 1-D over the whole plane (pointwise, stride 1, no padding), ")
                    + "interior without bounds checks, borders through the padding resolver. " + why + forced + notWinograd + notChannelLanes;
                return new KernelChoice(row.Family, name, reason, unroll, t512, t256);
            }

            string notTransposedLanes = "";
            bool forcedTransposedLanes = row.Family == KernelFamily.PhaseGather && s.Algorithm == ConvAlgorithm.ChannelLanes && ChannelLaneTiling.Runs(s);
            if (forcedTransposedLanes || (row.Family == KernelFamily.PhaseGather && s.Algorithm == ConvAlgorithm.Auto && ChannelLaneTiling.AppliesTransposed(s)))
            {
                bool lanesWin = ChannelLaneTiling.WinsTransposed(s, out string laneWhy);
                if (forcedTransposedLanes || lanesWin)
                {
                    VectorTile c512 = ChannelLaneTiling.Choose(s, 512);
                    VectorTile c256 = ChannelLaneTiling.Choose(s, 256);
                    string cname = "F32_ConvTranspose" + s.Rank.ToString(CultureInfo.InvariantCulture) + "d_ChannelLanes" + act + "_k" + LayerShape.Join(s.Kernel, "x")
                        + "_" + c512.Channels.ToString(CultureInfo.InvariantCulture) + "x" + c512.Width.ToString(CultureInfo.InvariantCulture) + "c__V512";
                    string cwhy = "transposed convolution with the output channels on the vector lanes, output-stationary: a tile of consecutive output pixels of a row x a block of output channels; per (input channel, kernel row of the row's phase, kernel column) it loads the weight vectors (packed into blocks) and broadcasts the input pixel each tile pixel of that tap's phase reads, so no input is zero-inserted and no multiply is by zero. "
                        + LaneChoice(lanesWin, laneWhy) + ". "
                        + LaneTiles(c512, c256, ChannelLaneTiling.HeldWeights256(s) ? ", a kernel row's weight vectors held and each input column broadcast once for every pixel that reads it" : "")
                        + "; the scalar path gathers the same chains (input channel, taps in order), so every ISA gives the same bits.";
                    return new KernelChoice(KernelFamily.ChannelLanes, cname, cwhy, unroll, c512, c256);
                }

                notTransposedLanes = " Output channels on the vector lanes not taken: " + laneWhy + ".";
            }

            if (row.Family == KernelFamily.PhaseGather)
            {
                VectorTile? t512 = TransposedTiling.Choose(s, 512);
                VectorTile? t256 = TransposedTiling.Choose(s, 256);
                VectorTile? top = t512 ?? t256;
                int phases = s.Stride[s.Rank - 1];
                string name = row.NamePattern
                    .Replace("{Rank}", s.Rank.ToString(CultureInfo.InvariantCulture))
                    .Replace("{Act}", act)
                    .Replace("{Kernel}", "k" + LayerShape.Join(s.Kernel, "x"))
                    .Replace("_{Tile}", top is null ? "" : "_" + top.Channels.ToString(CultureInfo.InvariantCulture) + "x" + top.Width.ToString(CultureInfo.InvariantCulture) + "x" + phases.ToString(CultureInfo.InvariantCulture) + "ph")
                    .Replace("{Isa}", t512 is not null ? "V512" : t256 is not null ? "V256" : "Scalar");
                string why = top is null
                    ? "Scalar only: " + TransposedTiling.WhyScalar(s) + "."
                    : "Register tiles: " + (t512 is null ? "no 512-bit path" : "V512 " + DescribeGather(t512, phases)) + "; " + (t256 is null ? "no 256-bit path" : "V256 " + DescribeGather(t256, phases))
                      + "; scalar fused multiply-adds below that, in the same order, so every ISA gives the same bits.";
                return new KernelChoice(row.Family, name, row.Description + ". " + why + forced + notTransposedLanes, unroll, t512, t256);
            }

            string kernelName = row.NamePattern
                .Replace("{Rank}", s.Rank.ToString(CultureInfo.InvariantCulture))
                .Replace("{Act}", act)
                .Replace("{Kernel}", "k" + LayerShape.Join(s.Kernel, "x"));
            if (PoolingTiling.RunsChannelsLast(s, unroll))
            {
                VectorTile? q512 = s.InChannels >= 16 ? new VectorTile(512, 16, 1, 1) : null;
                string qtext = row.Description + ". All " + taps.ToString(CultureInfo.InvariantCulture) + " taps unrolled. Channels last: each output pixel's " + s.InChannels.ToString(CultureInfo.InvariantCulture)
                    + " channels in vectors of " + (q512 is null ? "" : "16 (512-bit) or ") + "8 (256-bit)" + (s.InChannels % 8 != 0 || (q512 is not null && s.InChannels % 16 != 0) ? ", the last masked" : "")
                    + ", every window (borders too) as the scalar chain lane by lane" + (s.Kind == LayerKind.MaxPool ? " (the max a compare and select that propagates NaN)" : "") + ", so every ISA gives the same bits.";
                return new KernelChoice(row.Family, kernelName.Replace("__Scalar", q512 is null ? "__V256" : "__V512"), qtext + forced, unroll, q512, new VectorTile(256, 8, 1, 1));
            }

            if (PoolingTiling.Runs(s, unroll) && PoolingTiling.Fits(s, 8))
            {
                VectorTile? p512 = PoolingTiling.Fits(s, 16) ? new VectorTile(512, 16, 1, 1) : null;
                var p256 = new VectorTile(256, 8, 1, 1);
                string ptext = row.Description + ". All " + taps.ToString(CultureInfo.InvariantCulture) + " taps unrolled. Interior rows in vectors of "
                    + (p512 is null ? "" : "16 (512-bit) or ") + "8 (256-bit) consecutive outputs, each tap " + (s.Stride[s.Rank - 1] == 2 ? "two loads keeping the even lanes" : "one load")
                    + (s.Kind == LayerKind.MaxPool ? ", the max a compare and select that propagates NaN like the scalar one" : ", the sum in tap order then divided by the window size")
                    + "; windows reaching into the padding and the row's last outputs scalar, the same operations, so every ISA gives the same bits.";
                return new KernelChoice(row.Family, kernelName.Replace("__Scalar", p512 is null ? "__V256" : "__V512"), ptext + forced, unroll, p512, p256);
            }

            string text = row.Description + ". "
                + (s.HasWeights || s.Kind == LayerKind.MaxPool || s.Kind == LayerKind.AvgPool
                    ? (unroll == UnrollMode.FullWindow
                        ? "All " + taps.ToString(CultureInfo.InvariantCulture) + " taps unrolled."
                        : taps.ToString(CultureInfo.InvariantCulture) + " taps exceed the full-unroll limit of " + KernelCatalog.FullUnrollTaps.ToString(CultureInfo.InvariantCulture) + ": the innermost axis is unrolled, outer axes loop.")
                    : "")
                + (forced.Length > 0 ? forced : s.Kind == LayerKind.MaxPool || s.Kind == LayerKind.AvgPool
                    ? " Scalar: " + PoolingTiling.WhyScalar(s, unroll) + "."
                    : " The only family this version has for this layer kind (scalar code; vectorised families are planned).");
            return new KernelChoice(row.Family, kernelName, text, unroll);
        }

        /// <summary>Why channel lanes run the layer: the cost model's reason, or the forcing attribute with what the model would say.</summary>
        private static string LaneChoice(bool wins, string why)
            => wins ? "Chosen by the cost model: " + why : "Forced by Algorithm = ChannelLanes (the cost model would not: " + why + ")";

        /// <summary>The channel-lane register tiles of both vector paths, <paramref name="more256"/> added to the 256-bit one's accumulators.</summary>
        private static string LaneTiles(VectorTile t512, VectorTile t256, string more256)
            => "Register tiles: V512 " + t512.Channels.ToString(CultureInfo.InvariantCulture) + " pixels x " + t512.Width.ToString(CultureInfo.InvariantCulture) + " channels ("
               + t512.Accumulators.ToString(CultureInfo.InvariantCulture) + " accumulators), V256 " + t256.Channels.ToString(CultureInfo.InvariantCulture) + " pixels x "
               + t256.Width.ToString(CultureInfo.InvariantCulture) + " channels (" + t256.Accumulators.ToString(CultureInfo.InvariantCulture) + " accumulators" + more256 + ")";

        private static string DescribeGather(VectorTile t, int phases)
            => t.Channels.ToString(CultureInfo.InvariantCulture) + " channels x " + phases.ToString(CultureInfo.InvariantCulture) + " phase(s) x "
               + t.Width.ToString(CultureInfo.InvariantCulture) + " columns (" + (t.Channels * t.Vectors * phases).ToString(CultureInfo.InvariantCulture) + " accumulators)";

        private static string Describe(VectorTile t, LayerShape v)
            => t.Rows > 1
               ? "depthwise row tiles, " + t.Rows.ToString(CultureInfo.InvariantCulture) + " output rows x "
                 + (t.Bits == 256 && DirectTiling.OverlapsLastVector(t, v.Output[v.Rank - 1])
                    ? v.Output[v.Rank - 1].ToString(CultureInfo.InvariantCulture) + " pixels (the whole row: " + t.Vectors.ToString(CultureInfo.InvariantCulture) + " vectors, the last at column "
                      + DirectTiling.VectorColumn(t, t.Vectors - 1, v.Output[v.Rank - 1]).ToString(CultureInfo.InvariantCulture) + ", over the one before)"
                    : t.Width.ToString(CultureInfo.InvariantCulture) + " pixels")
                 + " of one channel, each input row loaded once for every output row it feeds" + (t.Bits == 256 ? (v.Stride[v.Rank - 1] == 2 ? ", each column pair loaded once and split into its even and odd columns" : "") + ", column tiles fixed at generate time (no load tests its column at run time)"
                    : v.Stride[v.Rank - 1] == 2 ? " and split once into its even and odd columns" : "")
                 + " (" + t.Accumulators.ToString(CultureInfo.InvariantCulture) + " accumulators)"
               : t.Channels.ToString(CultureInfo.InvariantCulture) + " channels x " + t.Width.ToString(CultureInfo.InvariantCulture)
               + (t.Plane ? " pixels of the flattened plane, taps as masked loads (" : " pixels of a row (")
               + t.Accumulators.ToString(CultureInfo.InvariantCulture) + " accumulators)";
    }
}
