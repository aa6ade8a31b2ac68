using System;
using System.Collections.Generic;
using System.Globalization;

namespace ConvGen.Shapes
{
    /// <summary>
    /// Turns the arguments written on a layer attribute into a resolved <see cref="LayerShape"/> and the list of
    /// everything wrong with it. It never throws: absurd values become <see cref="ShapeViolation"/>s. This is the
    /// single implementation of ConvGen's shape rules; the generator rejects a layer exactly when this reports an
    /// error, and the analyzers report exactly these violations.
    /// </summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    static class LayerShapeBuilder
    {
        /// <summary>Builds the shape. <paramref name="violations"/> receives errors and warnings in a stable order.</summary>
        public static LayerShape Build(LayerKind kind, int rank, LayerArguments args, string layerName, List<ShapeViolation> violations)
        {
            var b = new Builder(kind, rank, args, layerName, violations);
            return b.Run();
        }

        /// <summary>True when any violation is an error.</summary>
        public static bool HasErrors(List<ShapeViolation> violations)
        {
            foreach (ShapeViolation v in violations)
            {
                if (v.Severity == ViolationSeverity.Error)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Why Winograd (F(4x4,3x3), or F(4,3) in 1-D) cannot run the convolution <paramref name="s"/>, or null when it
        /// can: the one statement of where it applies, for the shape rules (CG0015), the planner and the tests.
        /// </summary>
        public static string? WinogradBlocker(LayerShape s, bool depthwiseMultiplier = false)
        {
            string? window = WinogradWindowBlocker(s);
            if (window is not null)
            {
                return window;
            }

            if (s.Rank == 1 ? s.Dilation[0] != 1 && !WinogradDilationLanes(s) : s.Dilation[0] != 1 || s.Dilation[1] != 1)
            {
                return DilationText(s);
            }

            if (s.Groups != 1 || depthwiseMultiplier)
            {
                return "it has " + Inv(s.Groups) + " groups";
            }

            return null;
        }

        /// <summary>
        /// The run the 1-D Winograd F(4,3) kernel runs dilated layers at: a dilation that is a multiple of it puts at least
        /// that many consecutive outputs (each its own tile of 4 outputs spaced by the dilation) on consecutive lanes, so
        /// every input point of a vector of tiles is one contiguous load (a multiple of 8), two 128-bit ones (4 mod 8) or
        /// four 64-bit ones (2 mod 4), and every output the same as stores: every even dilation.
        /// </summary>
        public const int WinogradDilationLaneMultiple = 2;

        /// <summary>
        /// True when a 1-D layer is dilated by a multiple of <see cref="WinogradDilationLaneMultiple"/>: the 1-D Winograd
        /// kernel runs it as it is (tiles of outputs <c>o, o + d, o + 2d, o + 3d</c>, consecutive <c>o</c> on the lanes), with
        /// any padding and length, instead of on its dilation phases.
        /// </summary>
        /// <summary>The dilations <see cref="WinogradDilationLanes"/> takes, in words for the messages: "an even dilation".</summary>
        private static string LaneDilations => WinogradDilationLaneMultiple == 2 ? "an even dilation" : "a dilation that is a multiple of " + Inv(WinogradDilationLaneMultiple);

        public static bool WinogradDilationLanes(LayerShape s) => s.Rank == 1 && s.Dilation[0] > 1 && s.Dilation[0] % WinogradDilationLaneMultiple == 0;

        private static string DilationText(LayerShape s)
            => s.Rank == 1 ? "the dilation is " + Inv(s.Dilation[0]) + " (1-D Winograd runs dilation 1 or " + LaneDilations + ")"
                : "the dilation is " + Inv(s.Dilation[0]) + "x" + Inv(s.Dilation[1]);

        /// <summary>
        /// The window part of <see cref="WinogradBlocker"/>: why the layer's kernel and stride are not Winograd's (a 3x3, or
        /// k3 in 1-D, stride-1 window; not 3-D), or null when they are, whatever its dilation and groups.
        /// </summary>
        public static string? WinogradWindowBlocker(LayerShape s)
        {
            if (s.Rank == 3)
            {
                return "it is 3-D";
            }

            if (s.Rank == 1)
            {
                return s.Kernel[0] != 3 ? "the kernel is " + Inv(s.Kernel[0])
                    : s.Stride[0] != 1 ? "the stride is " + Inv(s.Stride[0])
                    : null;
            }

            return s.Kernel[0] != 3 || s.Kernel[1] != 3 ? "the kernel is " + Inv(s.Kernel[0]) + "x" + Inv(s.Kernel[1])
                : s.Stride[0] != 1 || s.Stride[1] != 1 ? "the stride is " + Inv(s.Stride[0]) + "x" + Inv(s.Stride[1])
                : null;
        }

        /// <summary>
        /// Why a dilated convolution cannot run as its dilation phases (<see cref="LayerShape.WithDilationPhases"/>), or
        /// null when it can: a 1-D or 2-D convolution (NCHW, or channels last: split straight into NCHW phase images) with a
        /// dilation above 1, one group, zero padding, and input sizes and paddings that are whole multiples of the dilation, so
        /// that each phase of the output reads only the same phase of the input and the phases are equal undilated convolutions.
        /// </summary>
        public static string? DilationPhasesBlocker(LayerShape s)
        {
            if (s.Kind != LayerKind.Conv || s.Rank == 3)
            {
                return "only 1-D and 2-D convolutions run as dilation phases";
            }

            if (s.DilationPhaseCount == 1)
            {
                return "it is not dilated";
            }

            if (s.Groups != 1)
            {
                return "it has " + Inv(s.Groups) + " groups";
            }

            if (s.PaddingMode != PaddingMode.Zeros)
            {
                return "its padding is " + s.PaddingMode + " (dilation phases need zero padding)";
            }

            string[] names = s.Rank == 1 ? new[] { "length" } : new[] { "height", "width" };
            for (int a = 0; a < s.Rank; a++)
            {
                int d = s.Dilation[a];
                if (s.Input[a] % d != 0 || s.PadBefore[a] % d != 0 || s.PadAfter[a] % d != 0)
                {
                    return "its " + names[a] + " " + Inv(s.Input[a]) + " and padding " + Inv(s.PadBefore[a]) + "/" + Inv(s.PadAfter[a]) + " are not all multiples of the dilation " + Inv(d);
                }
            }

            return null;
        }

        /// <summary>
        /// Why Algorithm = Winograd (or WinogradF2x2) cannot run <paramref name="s"/>, or null: <see cref="WinogradBlocker"/>,
        /// except that a dilated 1-D or 2-D layer runs it on its dilation phases when <see cref="DilationPhasesBlocker"/> allows
        /// (a 1-D layer dilated by a multiple of <see cref="WinogradDilationLaneMultiple"/> runs it directly).
        /// </summary>
        public static string? ForcedWinogradBlocker(LayerShape s)
        {
            if (s.Rank < 3 && s.Kind == LayerKind.Conv && s.DilationPhaseCount != 1 && !WinogradDilationLanes(s))
            {
                string? blocker = PhasesWinogradBlocker(s, out bool phases);
                return phases ? DilationText(s) + " and " + blocker : blocker;
            }

            return WinogradBlocker(s);
        }

        /// <summary>
        /// Why Winograd cannot run a dilated layer on its dilation phases, or null: <see cref="DilationPhasesBlocker"/>
        /// (<paramref name="phases"/> true), else <see cref="WinogradBlocker"/> of one phase.
        /// </summary>
        public static string? PhasesWinogradBlocker(LayerShape s, out bool phases)
        {
            string? blocker = DilationPhasesBlocker(s);
            phases = blocker is not null;
            return blocker ?? WinogradBlocker(s.WithDilationPhases());
        }

        /// <summary>
        /// Largest innermost stride of a transposed convolution on channel lanes: a tile's width (at most 6 pixels on 256-bit)
        /// is a multiple of the stride, so every interior tile starts on the same phase.
        /// </summary>
        public const int MaxTransposedLaneStride = 4;

        private static string Inv(int v) => v.ToString(CultureInfo.InvariantCulture);

        private sealed class Builder
        {
            private readonly LayerKind _kind;
            private readonly int _rank;
            private readonly LayerArguments _args;
            private readonly string _layer;
            private readonly List<ShapeViolation> _out;
            private readonly string[] _suffix;

            public Builder(LayerKind kind, int rank, LayerArguments args, string layer, List<ShapeViolation> violations)
            {
                _kind = kind;
                _rank = rank < 1 ? 1 : rank > 3 ? 3 : rank;
                _args = args;
                _layer = layer;
                _out = violations;
                _suffix = AxisNames.Suffixes(_rank);
            }

            private bool IsConv => _kind == LayerKind.Conv || _kind == LayerKind.ConvTranspose;

            private bool IsWindowPool => _kind == LayerKind.MaxPool || _kind == LayerKind.AvgPool;

            public LayerShape Run()
            {
                var s = new LayerShape { Kind = _kind, Rank = _rank };
                int n = _rank;
                s.Input = new int[n];
                s.Kernel = new int[n];
                s.Stride = new int[n];
                s.Dilation = new int[n];
                s.PadBefore = new int[n];
                s.PadAfter = new int[n];
                s.OutputPadding = new int[n];
                s.Output = new int[n];

                ReadCommon(s);
                bool geometryOk = ReadGeometry(s);
                if (IsConv)
                {
                    ReadChannelsAndGroups(s);
                    ReadEpilogue(s);
                }

                if (geometryOk)
                {
                    ComputeOutput(s);
                    if (!HasErrors(_out))
                    {
                        AddWarnings(s);
                    }
                }

                CheckOverflow(s);
                return s;
            }

            // ---- common: batch, layout, channels for pooling --------------------------------------------------

            private void ReadCommon(LayerShape s)
            {
                bool dynamic = _args.Bool("DynamicBatch", false);
                if (dynamic && _args.Has("Batch"))
                {
                    Error(DiagnosticIds.ConflictingArguments, "DynamicBatch",
                        "Batch = " + I(_args.Int("Batch", 1)) + " and DynamicBatch = true contradict each other; a dynamic batch is given at call time");
                }

                if (dynamic)
                {
                    s.Batch = 0;
                }
                else
                {
                    s.Batch = _args.Int("Batch", 1);
                    if (s.Batch < 1)
                    {
                        Error(DiagnosticIds.NotPositive, "Batch", "Batch must be at least 1, got " + I(s.Batch) + " (use DynamicBatch = true for a batch given at call time)");
                        s.Batch = 1;
                    }
                }

                int layout = _args.Int("Layout", 0);
                if (layout < 0 || layout > 1)
                {
                    Error(DiagnosticIds.InvalidValue, "Layout", "Layout " + I(layout) + " is not a TensorLayout value");
                    layout = 0;
                }

                s.Layout = (TensorLayout)layout;

                if (!IsConv)
                {
                    if (!_args.Has("Channels"))
                    {
                        Error(DiagnosticIds.MissingArgument, null, "Channels is required");
                        s.InChannels = s.OutChannels = 1;
                    }
                    else
                    {
                        int c = _args.Int("Channels", 1);
                        if (c < 1)
                        {
                            Error(DiagnosticIds.NotPositive, "Channels", "Channels must be at least 1, got " + I(c));
                            c = 1;
                        }

                        s.InChannels = s.OutChannels = c;
                    }
                }
            }

            // ---- sizes, kernel, stride, dilation, padding -----------------------------------------------------

            private bool ReadGeometry(LayerShape s)
            {
                bool ok = true;
                string[] sizes = AxisNames.SizeNames(_rank);
                for (int a = 0; a < _rank; a++)
                {
                    if (!_args.Has(sizes[a]))
                    {
                        Error(DiagnosticIds.MissingArgument, null, sizes[a] + " (the input " + AxisNames.Word(_rank, a) + ") is required");
                        ok = false;
                        s.Input[a] = 1;
                        continue;
                    }

                    s.Input[a] = _args.Int(sizes[a], 1);
                    if (s.Input[a] < 1)
                    {
                        Error(DiagnosticIds.NotPositive, sizes[a], sizes[a] + " must be at least 1, got " + I(s.Input[a]));
                        ok = false;
                    }
                }

                if (_kind == LayerKind.AdaptiveAvgPool || _kind == LayerKind.GlobalAvgPool)
                {
                    return ReadAdaptive(s) && ok;
                }

                bool anyKernel = _args.Has("Kernel");
                for (int a = 0; a < _rank; a++)
                {
                    anyKernel |= _rank > 1 && _args.Has("Kernel" + _suffix[a]);
                }

                for (int a = 0; a < _rank; a++)
                {
                    string? kArg = ArgFor("Kernel", a);
                    if (kArg is null)
                    {
                        if (anyKernel)
                        {
                            Error(DiagnosticIds.MissingArgument, null, "the kernel " + AxisNames.Word(_rank, a) + " is not given: set Kernel (all axes) or Kernel" + _suffix[a]);
                        }

                        s.Kernel[a] = 1;
                        ok = false;
                        continue;
                    }

                    s.Kernel[a] = _args.Int(kArg, 1);
                    ok &= Positive(kArg, s.Kernel[a]);
                }

                if (!anyKernel)
                {
                    Error(DiagnosticIds.MissingArgument, null, "Kernel is required");
                }

                for (int a = 0; a < _rank; a++)
                {
                    string? sArg = ArgFor("Stride", a);
                    // Pooling's stride defaults to its kernel (PyTorch's rule); convolution's to 1.
                    s.Stride[a] = sArg is null ? (IsWindowPool ? s.Kernel[a] : 1) : _args.Int(sArg, 1);
                    ok &= sArg is null || Positive(sArg, s.Stride[a]);

                    string? dArg = ArgFor("Dilation", a);
                    s.Dilation[a] = dArg is null ? 1 : _args.Int(dArg, 1);
                    ok &= dArg is null || Positive(dArg, s.Dilation[a]);
                    if (_kind == LayerKind.AvgPool && s.Dilation[a] != 1)
                    {
                        Error(DiagnosticIds.NotSupportedForKind, dArg, "average pooling has no dilation (PyTorch's AvgPool neither), got Dilation " + I(s.Dilation[a]));
                        ok = false;
                    }
                }

                ok &= ResolvePadding(s);

                if (IsWindowPool)
                {
                    s.CeilMode = _args.Bool("CeilMode", false);
                    s.CountIncludePad = _args.Bool("CountIncludePad", true);
                }

                return ok;
            }

            private bool ReadAdaptive(LayerShape s)
            {
                bool ok = true;
                for (int a = 0; a < _rank; a++)
                {
                    s.Stride[a] = 1;
                    s.Dilation[a] = 1;
                    if (_kind == LayerKind.GlobalAvgPool)
                    {
                        s.Output[a] = 1;
                    }
                    else
                    {
                        string perAxis = AxisNames.OutputSizeName(_rank, a);
                        string? arg = _args.Has(perAxis) ? perAxis : _args.Has("OutputSize") ? "OutputSize" : null;
                        if (arg is null)
                        {
                            Error(DiagnosticIds.MissingArgument, null, "the output " + AxisNames.Word(_rank, a) + " is not given: set OutputSize (all axes) or " + perAxis);
                            s.Output[a] = 1;
                            ok = false;
                            continue;
                        }

                        s.Output[a] = _args.Int(arg, 1);
                        if (!Positive(arg, s.Output[a]))
                        {
                            s.Output[a] = 1;
                            ok = false;
                            continue;
                        }
                    }

                    s.Kernel[a] = s.Input[a] >= 1 ? ShapeMath.AdaptiveMaxWindow(s.Input[a], s.Output[a]) : 1;
                }

                return ok;
            }

            private bool ResolvePadding(LayerShape s)
            {
                bool ok = true;
                int kindValue = IsConv ? _args.Int("PaddingKind", 0) : 0;
                if (kindValue < 0 || kindValue > 3)
                {
                    Error(DiagnosticIds.InvalidValue, "PaddingKind", "PaddingKind " + I(kindValue) + " is not a PaddingKind value");
                    kindValue = 0;
                    ok = false;
                }

                var kind = (PaddingKind)kindValue;
                s.PaddingKind = kind;

                int modeValue = IsConv ? _args.Int("PaddingMode", 0) : 0;
                if (modeValue < 0 || modeValue > 3)
                {
                    Error(DiagnosticIds.InvalidValue, "PaddingMode", "PaddingMode " + I(modeValue) + " is not a PaddingMode value");
                    modeValue = 0;
                    ok = false;
                }

                s.PaddingMode = (PaddingMode)modeValue;

                string? firstExplicit = FirstExplicitPaddingArgument();
                if (kind != PaddingKind.Explicit && firstExplicit is not null)
                {
                    Error(DiagnosticIds.ConflictingArguments, firstExplicit,
                        "PaddingKind." + kind + " computes the padding itself, so " + firstExplicit + " = " + I(_args.Int(firstExplicit, 0)) + " contradicts it; remove one of the two");
                    ok = false;
                }

                if (_kind == LayerKind.ConvTranspose)
                {
                    if (kind == PaddingKind.Same || kind == PaddingKind.Causal)
                    {
                        Error(DiagnosticIds.NotSupportedForKind, "PaddingKind", "PaddingKind." + kind + " is not defined for a transposed convolution (PyTorch's ConvTranspose has no such mode); give the padding explicitly");
                        ok = false;
                    }

                    if (s.PaddingMode != PaddingMode.Zeros)
                    {
                        Error(DiagnosticIds.NotSupportedForKind, "PaddingMode", "a transposed convolution only crops its output, so PaddingMode." + s.PaddingMode + " has no meaning; only Zeros is allowed (PyTorch's rule)");
                        ok = false;
                    }
                }

                if (kind == PaddingKind.Causal && _rank != 1)
                {
                    Error(DiagnosticIds.CausalNotOneDimensional, "PaddingKind", "PaddingKind.Causal is for 1-D layers only; this layer is " + I(_rank) + "-D");
                    ok = false;
                }

                string[] before = AxisNames.PadBeforeNames(_rank);
                string[] after = AxisNames.PadAfterNames(_rank);
                for (int a = 0; a < _rank; a++)
                {
                    int eff = s.Dilation[a] * (s.Kernel[a] - 1);
                    switch (kind)
                    {
                        case PaddingKind.Same:
                            if (s.Stride[a] > 1)
                            {
                                Error(DiagnosticIds.SameWithStride, ArgFor("Stride", a) ?? "PaddingKind",
                                    "PaddingKind.Same needs stride 1, but the stride on " + AxisNames.Word(_rank, a) + " is " + I(s.Stride[a]) + " (PyTorch refuses it too); give the padding explicitly");
                                ok = false;
                            }

                            s.PadBefore[a] = eff / 2;
                            s.PadAfter[a] = eff - eff / 2;
                            break;
                        case PaddingKind.Causal:
                            s.PadBefore[a] = eff;
                            s.PadAfter[a] = 0;
                            break;
                        case PaddingKind.Valid:
                            break;
                        default:
                            string? common = ArgFor("Padding", a);
                            int sym = common is null ? 0 : _args.Int(common, 0);
                            string? bArg = IsConv && _args.Has(before[a]) ? before[a] : common;
                            string? aArg = IsConv && _args.Has(after[a]) ? after[a] : common;
                            s.PadBefore[a] = IsConv && _args.Has(before[a]) ? _args.Int(before[a], 0) : sym;
                            s.PadAfter[a] = IsConv && _args.Has(after[a]) ? _args.Int(after[a], 0) : sym;
                            if (s.PadBefore[a] < 0)
                            {
                                Error(DiagnosticIds.NegativePadding, bArg, (bArg ?? "Padding") + " must be at least 0, got " + I(s.PadBefore[a]));
                                ok = false;
                            }
                            else if (s.PadAfter[a] < 0)
                            {
                                Error(DiagnosticIds.NegativePadding, aArg, (aArg ?? "Padding") + " must be at least 0, got " + I(s.PadAfter[a]));
                                ok = false;
                            }

                            break;
                    }
                }

                if (_kind == LayerKind.ConvTranspose)
                {
                    for (int a = 0; a < _rank; a++)
                    {
                        string? opArg = ArgFor("OutputPadding", a);
                        s.OutputPadding[a] = opArg is null ? 0 : _args.Int(opArg, 0);
                        if (s.OutputPadding[a] < 0)
                        {
                            Error(DiagnosticIds.NegativePadding, opArg, opArg + " must be at least 0, got " + I(s.OutputPadding[a]));
                            ok = false;
                        }
                        else if (s.OutputPadding[a] > 0 && s.OutputPadding[a] >= Math.Max(s.Stride[a], s.Dilation[a]))
                        {
                            Error(DiagnosticIds.OutputPaddingTooLarge, opArg,
                                "output padding " + I(s.OutputPadding[a]) + " on " + AxisNames.Word(_rank, a) + " must be smaller than max(stride " + I(s.Stride[a]) + ", dilation " + I(s.Dilation[a]) + ") = " + I(Math.Max(s.Stride[a], s.Dilation[a])) + " (PyTorch's rule)",
                                opArg == "OutputPadding" && _rank > 1 ? AxisArg("OutputPadding", a) : opArg, I(Math.Max(s.Stride[a], s.Dilation[a]) - 1));
                            ok = false;
                        }
                    }
                }

                if (IsWindowPool)
                {
                    for (int a = 0; a < _rank; a++)
                    {
                        long effective = (long)s.Dilation[a] * (s.Kernel[a] - 1) + 1;
                        long half = (_kind == LayerKind.MaxPool ? effective : s.Kernel[a]) / 2;
                        if (s.PadBefore[a] > half)
                        {
                            Error(DiagnosticIds.PoolPaddingTooLarge, ArgFor("Padding", a),
                                "pooling padding " + I(s.PadBefore[a]) + " on " + AxisNames.Word(_rank, a) + " must be at most half the "
                                + (_kind == LayerKind.MaxPool ? "dilated kernel (" + effective.ToString(CultureInfo.InvariantCulture) + "/2 = " : "kernel (" + I(s.Kernel[a]) + "/2 = ")
                                + half.ToString(CultureInfo.InvariantCulture) + ") (PyTorch's rule), or a window could hold only padding");
                            ok = false;
                        }
                    }
                }

                return ok;
            }

            private string? FirstExplicitPaddingArgument()
            {
                var names = new List<string> { "Padding" };
                if (_rank > 1)
                {
                    foreach (string sfx in _suffix)
                    {
                        names.Add("Padding" + sfx);
                    }
                }

                names.AddRange(AxisNames.PadBeforeNames(_rank));
                names.AddRange(AxisNames.PadAfterNames(_rank));
                foreach (string name in names)
                {
                    if (_args.Has(name))
                    {
                        return name;
                    }
                }

                return null;
            }

            // ---- channels and groups (convolutions) ----------------------------------------------------------

            private void ReadChannelsAndGroups(LayerShape s)
            {
                bool hasIn = _args.Has("InChannels");
                s.InChannels = _args.Int("InChannels", 1);
                if (!hasIn)
                {
                    Error(DiagnosticIds.MissingArgument, null, "InChannels is required");
                    s.InChannels = 1;
                }
                else if (!Positive("InChannels", s.InChannels))
                {
                    s.InChannels = 1;
                }

                if (_args.Has("DepthwiseMultiplier"))
                {
                    int m = _args.Int("DepthwiseMultiplier", 1);
                    if (!Positive("DepthwiseMultiplier", m))
                    {
                        m = 1;
                    }

                    int groups = _args.Int("Groups", s.InChannels);
                    if (groups != s.InChannels)
                    {
                        Error(DiagnosticIds.ChannelsNotDivisibleByGroups, "Groups",
                            "a depthwise layer has Groups = InChannels = " + I(s.InChannels) + ", but Groups is " + I(groups) + "; remove Groups or DepthwiseMultiplier");
                    }

                    s.Groups = s.InChannels;
                    long expectedOut = (long)s.InChannels * m;
                    s.OutChannels = (int)Math.Min(expectedOut, int.MaxValue);
                    if (_args.Has("OutChannels") && _args.Int("OutChannels", 0) != expectedOut)
                    {
                        Error(DiagnosticIds.ChannelsNotDivisibleByGroups, "OutChannels",
                            "OutChannels " + I(_args.Int("OutChannels", 0)) + " is not InChannels * DepthwiseMultiplier = " + I(s.InChannels) + "*" + I(m) + " = " + expectedOut.ToString(CultureInfo.InvariantCulture));
                    }

                    return;
                }

                if (!_args.Has("OutChannels"))
                {
                    Error(DiagnosticIds.MissingArgument, null, "OutChannels is required (or DepthwiseMultiplier for a depthwise layer)");
                    s.OutChannels = 1;
                }
                else
                {
                    s.OutChannels = _args.Int("OutChannels", 1);
                    if (!Positive("OutChannels", s.OutChannels))
                    {
                        s.OutChannels = 1;
                    }
                }

                s.Groups = _args.Int("Groups", 1);
                if (!Positive("Groups", s.Groups))
                {
                    s.Groups = 1;
                    return;
                }

                if (s.InChannels % s.Groups != 0)
                {
                    Error(DiagnosticIds.ChannelsNotDivisibleByGroups, "Groups",
                        "InChannels " + I(s.InChannels) + " is not divisible by Groups " + I(s.Groups) + " (" + I(s.InChannels) + " % " + I(s.Groups) + " = " + I(s.InChannels % s.Groups) + ")");
                }

                if (s.OutChannels % s.Groups != 0)
                {
                    Error(DiagnosticIds.ChannelsNotDivisibleByGroups, "Groups",
                        "OutChannels " + I(s.OutChannels) + " is not divisible by Groups " + I(s.Groups) + " (" + I(s.OutChannels) + " % " + I(s.Groups) + " = " + I(s.OutChannels % s.Groups) + ")");
                }
            }

            private void ReadEpilogue(LayerShape s)
            {
                s.Bias = _args.Bool("Bias", false);
                s.BatchNorm = _args.Bool("BatchNorm", false);
                s.BatchNormEpsilon = _args.Double("BatchNormEpsilon", 1e-5);
                if (double.IsNaN(s.BatchNormEpsilon) || double.IsInfinity(s.BatchNormEpsilon) || s.BatchNormEpsilon < 0)
                {
                    Error(DiagnosticIds.InvalidValue, "BatchNormEpsilon", "BatchNormEpsilon must be a finite number >= 0, got " + s.BatchNormEpsilon.ToString("R", CultureInfo.InvariantCulture));
                }

                if (_args.Has("BatchNormEpsilon") && !s.BatchNorm)
                {
                    Error(DiagnosticIds.ConflictingArguments, "BatchNormEpsilon", "BatchNormEpsilon is set but BatchNorm is not true");
                }

                s.Residual = _args.Bool("Residual", false);
                s.PackedWeights = _args.Bool("PackedWeights", false);
                int act = _args.Int("Activation", 0);
                if (act < 0 || act > 7)
                {
                    Error(DiagnosticIds.InvalidValue, "Activation", "Activation " + I(act) + " is not an Activation value");
                    act = 0;
                }

                s.Activation = (Activation)act;
                s.ActivationAlpha = _args.Double("ActivationAlpha", 0.01);
                if (double.IsNaN(s.ActivationAlpha) || double.IsInfinity(s.ActivationAlpha))
                {
                    Error(DiagnosticIds.InvalidValue, "ActivationAlpha", "ActivationAlpha must be finite");
                }

                if (_args.Has("ActivationAlpha") && s.Activation != Activation.LeakyRelu)
                {
                    Error(DiagnosticIds.ConflictingArguments, "ActivationAlpha", "ActivationAlpha is only used by Activation.LeakyRelu, but Activation is " + s.Activation);
                }

                int alg = _args.Int("Algorithm", 0);
                if (alg < 0 || alg > 6)
                {
                    Error(DiagnosticIds.InvalidValue, "Algorithm", "Algorithm " + I(alg) + " is not a ConvAlgorithm value");
                    alg = 0;
                }

                s.Algorithm = (ConvAlgorithm)alg;
                bool conv = _kind == LayerKind.Conv;
                bool runs = s.Algorithm == ConvAlgorithm.Auto
                    || (conv ? s.Algorithm is ConvAlgorithm.Direct or ConvAlgorithm.Winograd or ConvAlgorithm.WinogradF2x2 or ConvAlgorithm.ChannelLanes : s.Algorithm is ConvAlgorithm.PhaseGather or ConvAlgorithm.Scatter or ConvAlgorithm.ChannelLanes);
                string? winogradBlocker = conv && s.Algorithm == ConvAlgorithm.Winograd ? ForcedWinogradBlocker(s) : null;
                string? f2x2Blocker = conv && s.Algorithm == ConvAlgorithm.WinogradF2x2 ? (s.Rank != 2 ? "it is " + I(s.Rank) + "-D" : ForcedWinogradBlocker(s)) : null;
                string? lanesBlocker = s.Algorithm == ConvAlgorithm.ChannelLanes ? ChannelLanesBlocker(s) : null;
                if (lanesBlocker is not null)
                {
                    Error(DiagnosticIds.AlgorithmNotApplicable, "Algorithm",
                        conv
                            ? "Algorithm = ConvAlgorithm.ChannelLanes cannot run this convolution: " + lanesBlocker + "; channel lanes need a convolution with one group and zero padding (NCHW or NHWC); Direct runs every convolution"
                            : "Algorithm = ConvAlgorithm.ChannelLanes cannot run this transposed convolution: " + lanesBlocker + "; channel lanes need one group and an innermost stride of at most " + I(MaxTransposedLaneStride) + " (NCHW or NHWC); PhaseGather runs every transposed convolution",
                        "Algorithm", conv ? "ConvGen.ConvAlgorithm.Direct" : "ConvGen.ConvAlgorithm.PhaseGather");
                }
                else if (winogradBlocker is not null)
                {
                    Error(DiagnosticIds.AlgorithmNotApplicable, "Algorithm",
                        "Algorithm = ConvAlgorithm.Winograd cannot run this convolution: " + winogradBlocker + "; Winograd needs a 3x3 kernel in 2-D (F(4x4,3x3)) or a kernel of 3 in 1-D (F(4,3)), stride 1, dilation 1 and one group (in either layout: channels last runs it through transposed copies; a dilated layer with zero padding and sizes and paddings divisible by the dilation runs it on its dilation phases; a 1-D layer with " + LaneDilations + " runs it as it is, any padding); Direct runs every convolution",
                        "Algorithm", "ConvGen.ConvAlgorithm.Direct");
                }
                else if (f2x2Blocker is not null)
                {
                    Error(DiagnosticIds.AlgorithmNotApplicable, "Algorithm",
                        "Algorithm = ConvAlgorithm.WinogradF2x2 cannot run this convolution: " + f2x2Blocker + "; F(2x2,3x3) needs a 2-D convolution with a 3x3 kernel, stride 1, dilation 1 (or dilation phases, as Winograd) and one group (in either layout)"
                        + (s.Rank == 1 ? " (1-D layers with a kernel of 3 have Winograd F(4,3): ConvAlgorithm.Winograd)" : "") + "; Direct runs every convolution",
                        "Algorithm", s.Rank == 1 && WinogradBlocker(s) is null ? "ConvGen.ConvAlgorithm.Winograd" : "ConvGen.ConvAlgorithm.Direct");
                }
                else if (!runs)
                {
                    // The fix is the algorithm Auto would choose.
                    ConvAlgorithm fix = conv ? ConvAlgorithm.Direct : ConvAlgorithm.PhaseGather;
                    Error(DiagnosticIds.AlgorithmNotApplicable, "Algorithm",
                        "Algorithm = ConvAlgorithm." + s.Algorithm + " cannot run a " + (conv ? "convolution" : "transposed convolution")
                        + "; the algorithms that can are " + (conv ? "Auto, Direct, ChannelLanes (one group, zero padding), Winograd (3x3 in 2-D or 3 in 1-D, stride 1) and WinogradF2x2 (3x3 in 2-D, stride 1)" : "Auto, PhaseGather (the default), Scatter and ChannelLanes (one group, innermost stride at most " + I(MaxTransposedLaneStride) + ")"),
                        "Algorithm", "ConvGen.ConvAlgorithm." + fix);
                }
            }

            // ---- output size and the checks that need it ------------------------------------------------------

            private void ComputeOutput(LayerShape s)
            {
                if (_kind == LayerKind.AdaptiveAvgPool || _kind == LayerKind.GlobalAvgPool)
                {
                    return;
                }

                for (int a = 0; a < _rank; a++)
                {
                    long o;
                    string formula;
                    switch (_kind)
                    {
                        case LayerKind.ConvTranspose:
                            o = ShapeMath.TransposedOutput(s.Input[a], s.Kernel[a], s.Stride[a], s.Dilation[a], s.PadBefore[a], s.PadAfter[a], s.OutputPadding[a]);
                            formula = ShapeMath.TransposedOutputFormula(s.Input[a], s.Kernel[a], s.Stride[a], s.Dilation[a], s.PadBefore[a], s.PadAfter[a], s.OutputPadding[a]);
                            break;
                        case LayerKind.Conv:
                            o = ShapeMath.ConvOutput(s.Input[a], s.Kernel[a], s.Stride[a], s.Dilation[a], s.PadBefore[a], s.PadAfter[a]);
                            formula = ShapeMath.ConvOutputFormula(s.Input[a], s.Kernel[a], s.Stride[a], s.Dilation[a], s.PadBefore[a], s.PadAfter[a]);
                            break;
                        default:
                            o = ShapeMath.PoolOutput(s.Input[a], s.Kernel[a], s.Stride[a], s.Dilation[a], s.PadBefore[a], s.PadAfter[a], s.CeilMode);
                            formula = ShapeMath.PoolOutputFormula(s.Input[a], s.Kernel[a], s.Stride[a], s.Dilation[a], s.PadBefore[a], s.PadAfter[a], s.CeilMode);
                            break;
                    }

                    if (o < 1)
                    {
                        // Padding to keep the size is the one clearly right fix when it exists: a convolution with
                        // stride 1 and an odd (dilated) kernel on every axis, so 'Same' pads symmetrically.
                        bool sameFits = _kind == LayerKind.Conv && s.PaddingKind != PaddingKind.Causal;
                        for (int b = 0; b < _rank; b++)
                        {
                            sameFits &= s.Stride[b] == 1 && (s.Dilation[b] * (s.Kernel[b] - 1)) % 2 == 0;
                        }

                        Error(DiagnosticIds.OutputNotPositive, ArgFor("Kernel", a) ?? AxisNames.SizeNames(_rank)[a],
                            "output " + AxisNames.Word(_rank, a) + " is " + o.ToString(CultureInfo.InvariantCulture) + " = " + formula + "; it must be at least 1",
                            sameFits ? "PaddingKind" : null, sameFits ? "ConvGen.PaddingKind.Same" : null);
                        s.Output[a] = 0;
                    }
                    else if (o > int.MaxValue)
                    {
                        Error(DiagnosticIds.ElementCountOverflow, AxisNames.SizeNames(_rank)[a], "output " + AxisNames.Word(_rank, a) + " is " + o.ToString(CultureInfo.InvariantCulture) + ", more than int.MaxValue");
                        s.Output[a] = 0;
                    }
                    else
                    {
                        s.Output[a] = (int)o;
                    }

                    if (_kind == LayerKind.Conv && s.PaddingMode != PaddingMode.Zeros)
                    {
                        int maxPad = Math.Max(s.PadBefore[a], s.PadAfter[a]);
                        string? padArg = ArgFor("Padding", a) ?? (s.PadBefore[a] >= s.PadAfter[a] ? AxisNames.PadBeforeNames(_rank)[a] : AxisNames.PadAfterNames(_rank)[a]);
                        if (!_args.Has(padArg))
                        {
                            padArg = s.PaddingKind == PaddingKind.Explicit ? null : "PaddingKind";
                        }

                        if (s.PaddingMode == PaddingMode.Reflect && maxPad >= s.Input[a])
                        {
                            Error(DiagnosticIds.PaddingTooLargeForMode, padArg ?? "PaddingMode",
                                "reflect padding " + I(maxPad) + " on " + AxisNames.Word(_rank, a) + " must be smaller than the input " + AxisNames.Word(_rank, a) + " " + I(s.Input[a]) + " (a mirror cannot reach further than the input)");
                        }
                        else if (s.PaddingMode == PaddingMode.Circular && maxPad > s.Input[a])
                        {
                            Error(DiagnosticIds.PaddingTooLargeForMode, padArg ?? "PaddingMode",
                                "circular padding " + I(maxPad) + " on " + AxisNames.Word(_rank, a) + " must be at most the input " + AxisNames.Word(_rank, a) + " " + I(s.Input[a]) + " (it would wrap more than once)");
                        }
                    }
                }
            }

            /// <summary>
            /// Legal but probably a mistake: strides that skip input, input tails no output reads, outputs that see only
            /// padding, checkerboard-prone transposed kernels, and the asymmetric split of 'Same' with even kernels.
            /// </summary>
            private void AddWarnings(LayerShape s)
            {
                bool window = _kind == LayerKind.Conv || _kind == LayerKind.MaxPool || _kind == LayerKind.AvgPool;
                for (int a = 0; a < _rank; a++)
                {
                    string word = AxisNames.Word(_rank, a);
                    long eff = (long)s.Dilation[a] * (s.Kernel[a] - 1) + 1;
                    string effText = s.Dilation[a] == 1 ? "kernel " + I(s.Kernel[a]) : "dilated kernel " + eff.ToString(CultureInfo.InvariantCulture) + " = " + I(s.Dilation[a]) + "*(" + I(s.Kernel[a]) + "-1)+1";
                    if (window && s.Stride[a] > eff)
                    {
                        Warn(DiagnosticIds.StrideSkipsInput, ArgFor("Stride", a),
                            "stride " + I(s.Stride[a]) + " on " + word + " is larger than the " + effText + ": " + (s.Stride[a] - eff).ToString(CultureInfo.InvariantCulture)
                            + " of every " + I(s.Stride[a]) + " input positions never reach any output");
                    }

                    if (window)
                    {
                        // The last real input position any window reads; anything after it is silently dropped.
                        long lastRead = (long)(s.Output[a] - 1) * s.Stride[a] - s.PadBefore[a] + eff - 1;
                        long dropped = s.Input[a] - 1 - lastRead;
                        if (dropped > 0)
                        {
                            long rest = s.Input[a] + s.PadBefore[a] + s.PadAfter[a] - eff;
                            Warn(DiagnosticIds.InputTailDropped, ArgFor("Stride", a) ?? AxisNames.SizeNames(_rank)[a],
                                "the last " + dropped.ToString(CultureInfo.InvariantCulture) + " input " + word + " position(s) never reach an output: ("
                                + I(s.Input[a]) + " + " + I(s.PadBefore[a]) + " + " + I(s.PadAfter[a]) + " - " + eff.ToString(CultureInfo.InvariantCulture) + ") % " + I(s.Stride[a])
                                + " = " + (rest % s.Stride[a]).ToString(CultureInfo.InvariantCulture) + "; pad or crop the input so the windows tile it");
                        }
                    }

                    if (_kind == LayerKind.Conv && s.PaddingMode == PaddingMode.Zeros && s.PaddingKind == PaddingKind.Explicit
                        && Math.Max(s.PadBefore[a], s.PadAfter[a]) >= eff)
                    {
                        int pad = Math.Max(s.PadBefore[a], s.PadAfter[a]);
                        Warn(DiagnosticIds.PaddingOnlyOutputs, ArgFor("Padding", a) ?? (s.PadBefore[a] >= s.PadAfter[a] ? AxisNames.PadBeforeNames(_rank)[a] : AxisNames.PadAfterNames(_rank)[a]),
                            "padding " + I(pad) + " on " + word + " is not smaller than the " + effText + ": the outermost output(s) see only zero padding (a constant: the bias)");
                    }

                    if (_kind == LayerKind.ConvTranspose && s.Stride[a] > 1 && s.Kernel[a] % s.Stride[a] != 0)
                    {
                        int suggested = (s.Kernel[a] + s.Stride[a] - 1) / s.Stride[a] * s.Stride[a];
                        Warn(DiagnosticIds.CheckerboardTransposed, ArgFor("Kernel", a),
                            "kernel " + I(s.Kernel[a]) + " on " + word + " is not divisible by the stride " + I(s.Stride[a])
                            + ": output positions get unequal numbers of taps, which shows as checkerboard artifacts (Odena et al. 2016); use kernel "
                            + I(suggested) + " (a multiple of the stride) or upsample and then convolve",
                            AxisArg("Kernel", a), I(suggested));
                    }

                    if (s.PaddingKind == PaddingKind.Same && (eff - 1) % 2 == 1)
                    {
                        Warn(DiagnosticIds.SameAsymmetricSplit, "PaddingKind",
                            "PaddingKind.Same with the " + effText + " on " + word + " pads " + I(s.PadBefore[a]) + " before and " + I(s.PadAfter[a])
                            + " after (PyTorch's split: the odd extra goes after); write the pads explicitly to make this visible, or use an odd kernel");
                    }
                }
            }

            private void CheckOverflow(LayerShape s)
            {
                long batch = Math.Max(s.Batch, 1);
                long input = batch * s.InChannels * LayerShape.Product(s.Input);
                long output = batch * s.OutChannels * LayerShape.Product(s.Output);
                long weight = s.WeightLength;
                if (input > int.MaxValue)
                {
                    Error(DiagnosticIds.ElementCountOverflow, null, "the input holds " + input.ToString(CultureInfo.InvariantCulture) + " elements, more than int.MaxValue (2147483647)");
                }

                if (output > int.MaxValue)
                {
                    Error(DiagnosticIds.ElementCountOverflow, null, "the output holds " + output.ToString(CultureInfo.InvariantCulture) + " elements, more than int.MaxValue (2147483647)");
                }

                if (weight > int.MaxValue)
                {
                    Error(DiagnosticIds.ElementCountOverflow, null, "the weight holds " + weight.ToString(CultureInfo.InvariantCulture) + " elements, more than int.MaxValue (2147483647)");
                }
            }

            // ---- helpers -----------------------------------------------------------------------------------

            /// <summary>The property that gives <paramref name="baseName"/> on an axis: the per-axis one if written, else the common one, else null.</summary>
            private string? ArgFor(string baseName, int axis)
            {
                if (_rank > 1 && _args.Has(baseName + _suffix[axis]))
                {
                    return baseName + _suffix[axis];
                }

                return _args.Has(baseName) ? baseName : null;
            }

            private bool Positive(string name, int value)
            {
                if (value >= 1)
                {
                    return true;
                }

                Error(DiagnosticIds.NotPositive, name, name + " must be at least 1, got " + I(value));
                return false;
            }

            /// <summary>Why direct convolution on channel lanes cannot run the layer, or null when it can.</summary>
            private string? ChannelLanesBlocker(LayerShape s)
            {
                if (s.Groups != 1 || _args.Has("DepthwiseMultiplier"))
                {
                    return "it has " + I(s.Groups) + " groups";
                }

                if (s.PaddingMode != PaddingMode.Zeros)
                {
                    return "the padding mode is " + s.PaddingMode;
                }

                if (_kind == LayerKind.ConvTranspose && s.Stride[_rank - 1] > MaxTransposedLaneStride)
                {
                    return "the innermost stride is " + I(s.Stride[_rank - 1]);
                }

                return null;
            }

            /// <summary>Why Winograd cannot run the layer (<see cref="LayerShapeBuilder.WinogradBlocker"/>); a depthwise multiplier counts as groups.</summary>
            private string? WinogradBlocker(LayerShape s) => LayerShapeBuilder.WinogradBlocker(s, _args.Has("DepthwiseMultiplier"));

            private void Error(string id, string? argument, string message, string? fixArgument = null, string? fixValue = null)
                => _out.Add(new ShapeViolation(id, ViolationSeverity.Error, argument, "Layer '" + _layer + "': " + message, fixArgument, fixValue));

            private void Warn(string id, string? argument, string message, string? fixArgument = null, string? fixValue = null)
                => _out.Add(new ShapeViolation(id, ViolationSeverity.Warning, argument, "Layer '" + _layer + "': " + message, fixArgument, fixValue));

            /// <summary>The per-axis property name (<c>KernelW</c>), or the common one for 1-D layers.</summary>
            private string AxisArg(string baseName, int axis) => _rank > 1 ? baseName + _suffix[axis] : baseName;

            private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
        }
    }
}
