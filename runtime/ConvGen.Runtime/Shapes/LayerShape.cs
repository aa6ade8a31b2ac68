using System;
using System.Text;

namespace ConvGen.Shapes
{
    /// <summary>
    /// A layer's complete, resolved geometry and epilogue: every padding resolved to before/after numbers and
    /// every output size computed. Built by <see cref="LayerShapeBuilder"/> from the attribute arguments; the
    /// generator plans from it, the analyzers validate it, and the reference kernels run it. Per-axis arrays
    /// follow the spatial order (L), (H, W), (D, H, W). Treat instances as immutable.
    /// </summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    sealed class LayerShape : IEquatable<LayerShape>
    {
        /// <summary>Layer kind.</summary>
        public LayerKind Kind { get; set; }
        /// <summary>Number of spatial axes: 1, 2 or 3.</summary>
        public int Rank { get; set; }
        /// <summary>Fixed batch size, or 0 when the batch is given at call time.</summary>
        public int Batch { get; set; } = 1;
        /// <summary>Images per batch item: 1, or the dilation phases of a layer's item (<see cref="WithDilationPhases"/>), which its kernel runs as consecutive batch items.</summary>
        public int ImagesPerItem { get; set; } = 1;
        /// <summary>Interface layout of input, residual and output.</summary>
        public TensorLayout Layout { get; set; }
        /// <summary>Input channels.</summary>
        public int InChannels { get; set; }
        /// <summary>Output channels (equal to <see cref="InChannels"/> for pooling).</summary>
        public int OutChannels { get; set; }
        /// <summary>Groups (1 for pooling).</summary>
        public int Groups { get; set; } = 1;
        /// <summary>Input spatial sizes.</summary>
        public int[] Input { get; set; } = Array.Empty<int>();
        /// <summary>Kernel sizes (pooling window sizes; for adaptive/global pooling, the largest window).</summary>
        public int[] Kernel { get; set; } = Array.Empty<int>();
        /// <summary>Strides.</summary>
        public int[] Stride { get; set; } = Array.Empty<int>();
        /// <summary>Dilations.</summary>
        public int[] Dilation { get; set; } = Array.Empty<int>();
        /// <summary>Padding at the start of each axis (resolved).</summary>
        public int[] PadBefore { get; set; } = Array.Empty<int>();
        /// <summary>Padding at the end of each axis (resolved).</summary>
        public int[] PadAfter { get; set; } = Array.Empty<int>();
        /// <summary>Transposed convolution's extra output at the end of each axis.</summary>
        public int[] OutputPadding { get; set; } = Array.Empty<int>();
        /// <summary>Output spatial sizes.</summary>
        public int[] Output { get; set; } = Array.Empty<int>();
        /// <summary>How the padding was specified.</summary>
        public PaddingKind PaddingKind { get; set; }
        /// <summary>What padded positions hold (convolutions).</summary>
        public PaddingMode PaddingMode { get; set; }
        /// <summary>Pooling: ceil instead of floor in the output size.</summary>
        public bool CeilMode { get; set; }
        /// <summary>Average pooling: count padded positions in the divisor.</summary>
        public bool CountIncludePad { get; set; } = true;
        /// <summary>A bias operand is added.</summary>
        public bool Bias { get; set; }
        /// <summary>Inference batch norm (gamma, beta, running mean, running variance) folded into the epilogue.</summary>
        public bool BatchNorm { get; set; }
        /// <summary>Batch norm epsilon.</summary>
        public double BatchNormEpsilon { get; set; } = 1e-5;
        /// <summary>A residual tensor (output-shaped) is added before the activation.</summary>
        public bool Residual { get; set; }
        /// <summary>The layer is called with weights packed once (<c>PackWeights</c>): the cost model leaves per-call weight work out.</summary>
        public bool PackedWeights { get; set; }
        /// <summary>Fused activation.</summary>
        public Activation Activation { get; set; }
        /// <summary>LeakyReLU's negative slope.</summary>
        public double ActivationAlpha { get; set; } = 0.01;
        /// <summary>Algorithm requested by the user (Auto: the generator chooses).</summary>
        public ConvAlgorithm Algorithm { get; set; }

        /// <summary>True for convolution and transposed convolution (the kinds with weights).</summary>
        public bool HasWeights => Kind == LayerKind.Conv || Kind == LayerKind.ConvTranspose;

        /// <summary>True when the batch size is an argument of the generated method.</summary>
        public bool DynamicBatch => Batch == 0;

        /// <summary>Product of the input spatial sizes.</summary>
        public long InputSpatial => Product(Input);

        /// <summary>Product of the output spatial sizes.</summary>
        public long OutputSpatial => Product(Output);

        /// <summary>Product of the kernel sizes.</summary>
        public long KernelSpatial => Product(Kernel);

        /// <summary>Elements of one batch item of the input.</summary>
        public long InputItemLength => InChannels * InputSpatial;

        /// <summary>Elements of one batch item of the output.</summary>
        public long OutputItemLength => OutChannels * OutputSpatial;

        /// <summary>Weight elements: conv [Cout, Cin/g, k...]; transposed [Cin, Cout/g, k...]; 0 for pooling.</summary>
        public long WeightLength => Kind == LayerKind.Conv ? (long)OutChannels * (InChannels / Math.Max(Groups, 1)) * KernelSpatial
            : Kind == LayerKind.ConvTranspose ? (long)InChannels * (OutChannels / Math.Max(Groups, 1)) * KernelSpatial
            : 0;

        /// <summary>Multiply-accumulates per batch item (convolution: Cout*prod(out)*Cin/g*prod(k); transposed: Cin*prod(in)*Cout/g*prod(k);
        /// pooling: one per window element visited).</summary>
        public long MacsPerItem => Kind switch
        {
            LayerKind.Conv => (long)OutChannels * OutputSpatial * (InChannels / Math.Max(Groups, 1)) * KernelSpatial,
            LayerKind.ConvTranspose => (long)InChannels * InputSpatial * (OutChannels / Math.Max(Groups, 1)) * KernelSpatial,
            LayerKind.AdaptiveAvgPool or LayerKind.GlobalAvgPool => (long)OutChannels * Math.Max(InputSpatial, OutputSpatial),
            _ => (long)OutChannels * OutputSpatial * KernelSpatial,
        };

        /// <summary>Product of an array of sizes, as long.</summary>
        public static long Product(int[] values)
        {
            long p = 1;
            foreach (int v in values)
            {
                p *= v;
            }

            return p;
        }

        /// <summary>A one-line description: <c>Conv2D 3x3, stride 2x2, ...</c>.</summary>
        public string Describe()
        {
            var sb = new StringBuilder();
            sb.Append(AxisNames.AttributeName(Kind, Rank)).Append(' ');
            if (Kind == LayerKind.AdaptiveAvgPool || Kind == LayerKind.GlobalAvgPool)
            {
                sb.Append("to ").Append(Join(Output, "x"));
                return sb.ToString();
            }

            sb.Append(Join(Kernel, "x")).Append(", stride ").Append(Join(Stride, "x"));
            if (Kind != LayerKind.AvgPool)
            {
                sb.Append(", dilation ").Append(Join(Dilation, "x"));
            }

            sb.Append(", padding ");
            for (int a = 0; a < Rank; a++)
            {
                if (a > 0)
                {
                    sb.Append('/');
                }

                sb.Append(Inv(PadBefore[a])).Append('/').Append(Inv(PadAfter[a]));
            }

            if (HasWeights)
            {
                sb.Append(" (").Append(PaddingKind == PaddingKind.Explicit ? "" : PaddingKind.ToString().ToLowerInvariant() + ", ")
                  .Append(PaddingMode.ToString().ToLowerInvariant()).Append(')');
                sb.Append(", ").Append(Inv(InChannels)).Append("->").Append(Inv(OutChannels)).Append(" channels");
                if (Groups != 1)
                {
                    sb.Append(", groups ").Append(Inv(Groups));
                    if (Groups == InChannels)
                    {
                        sb.Append(" (depthwise").Append(OutChannels != InChannels ? ", multiplier " + Inv(OutChannels / InChannels) : "").Append(')');
                    }
                }
            }
            else
            {
                if (CeilMode)
                {
                    sb.Append(", ceil mode");
                }

                if (Kind == LayerKind.AvgPool && !CountIncludePad)
                {
                    sb.Append(", padding not counted");
                }
            }

            if (Kind == LayerKind.ConvTranspose && Array.Exists(OutputPadding, p => p != 0))
            {
                sb.Append(", output padding ").Append(Join(OutputPadding, "x"));
            }

            return sb.ToString();
        }

        /// <summary>The epilogue as text: <c>bias, batch norm, residual, ReLU</c> or <c>no epilogue</c>.</summary>
        public string DescribeEpilogue()
        {
            var parts = new System.Collections.Generic.List<string>();
            if (Bias)
            {
                parts.Add("bias");
            }

            if (BatchNorm)
            {
                parts.Add("batch norm (eps " + BatchNormEpsilon.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ")");
            }

            if (Residual)
            {
                parts.Add("residual add");
            }

            if (Activation != Activation.None)
            {
                parts.Add(Activation == Activation.LeakyRelu
                    ? "LeakyReLU(" + ActivationAlpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture) + ")"
                    : Activation.ToString());
            }

            return parts.Count == 0 ? "no epilogue" : string.Join(", ", parts);
        }

        /// <summary>Joins ints with a separator, invariant culture.</summary>
        public static string Join(int[] values, string separator)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0)
                {
                    sb.Append(separator);
                }

                sb.Append(Inv(values[i]));
            }

            return sb.ToString();
        }

        private static string Inv(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <inheritdoc />
        /// <summary>The same layer with another interface layout (a copy; the per-axis arrays are shared, as instances are immutable).</summary>
        /// <summary>
        /// True when every spatial axis has kernel 1, stride 1 and no padding: each output pixel reads only its own input
        /// pixel, so in either layout a channel's (or a pixel's channels') pixels are one contiguous run that any grouping
        /// into rows walks alike (<see cref="WithPointwiseExtents"/>).
        /// </summary>
        public bool IsPointwise
        {
            get
            {
                for (int a = 0; a < Rank; a++)
                {
                    if (Kernel[a] != 1 || Stride[a] != 1 || PadBefore[a] != 0 || PadAfter[a] != 0)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// A copy of this pointwise layer (<see cref="IsPointwise"/>) with its pixels regrouped into <paramref name="extents"/>
        /// (their product is the layer's pixel count): input and output those extents, kernel and stride 1, no padding.
        /// </summary>
        public LayerShape WithPointwiseExtents(params int[] extents)
        {
            var copy = (LayerShape)MemberwiseClone();
            int n = extents.Length;
            copy.Rank = n;
            copy.Input = (int[])extents.Clone();
            copy.Output = (int[])extents.Clone();
            copy.Kernel = Ones(n);
            copy.Stride = Ones(n);
            copy.Dilation = Ones(n);
            copy.PadBefore = new int[n];
            copy.PadAfter = new int[n];
            copy.OutputPadding = new int[n];
            return copy;
        }

        private static int[] Ones(int n)
        {
            var a = new int[n];
            for (int i = 0; i < n; i++)
            {
                a[i] = 1;
            }

            return a;
        }

        /// <summary>
        /// The undilated convolution one dilation phase of this layer is (<see cref="LayerShapeBuilder.DilationPhasesBlocker"/>
        /// null): every spatial size and padding divided by the axis' dilation, dilation 1, and <c>Dh x Dw</c> times the batch
        /// (the phases of an item are consecutive items; a dynamic batch stays dynamic).
        /// </summary>
        public LayerShape WithDilationPhases()
        {
            var copy = (LayerShape)MemberwiseClone();
            copy.Input = new int[Rank];
            copy.Output = new int[Rank];
            copy.PadBefore = new int[Rank];
            copy.PadAfter = new int[Rank];
            for (int a = 0; a < Rank; a++)
            {
                int d = Dilation[a];
                copy.Input[a] = Input[a] / d;
                copy.Output[a] = Output[a] / d;
                copy.PadBefore[a] = PadBefore[a] / d;
                copy.PadAfter[a] = PadAfter[a] / d;
            }

            copy.Dilation = Ones(Rank);
            copy.Batch = Batch * DilationPhaseCount;
            copy.ImagesPerItem = ImagesPerItem * DilationPhaseCount;
            return copy;
        }

        /// <summary>Dilation phases per item (<see cref="WithDilationPhases"/>): the product of the dilations.</summary>
        public int DilationPhaseCount
        {
            get
            {
                int phases = 1;
                for (int a = 0; a < Rank; a++)
                {
                    phases *= Dilation[a];
                }

                return phases;
            }
        }

        public LayerShape WithLayout(TensorLayout layout)
        {
            var copy = (LayerShape)MemberwiseClone();
            copy.Layout = layout;
            return copy;
        }

        public bool Equals(LayerShape? other)
        {
            if (other is null)
            {
                return false;
            }

            return Kind == other.Kind && Rank == other.Rank && Batch == other.Batch && ImagesPerItem == other.ImagesPerItem && Layout == other.Layout
                && InChannels == other.InChannels && OutChannels == other.OutChannels && Groups == other.Groups
                && Same(Input, other.Input) && Same(Kernel, other.Kernel) && Same(Stride, other.Stride)
                && Same(Dilation, other.Dilation) && Same(PadBefore, other.PadBefore) && Same(PadAfter, other.PadAfter)
                && Same(OutputPadding, other.OutputPadding) && Same(Output, other.Output)
                && PaddingKind == other.PaddingKind && PaddingMode == other.PaddingMode && CeilMode == other.CeilMode
                && CountIncludePad == other.CountIncludePad && Bias == other.Bias && BatchNorm == other.BatchNorm
                && BatchNormEpsilon.Equals(other.BatchNormEpsilon) && Residual == other.Residual
                && Activation == other.Activation && ActivationAlpha.Equals(other.ActivationAlpha) && Algorithm == other.Algorithm;
        }

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as LayerShape);

        /// <inheritdoc />
        public override int GetHashCode()
        {
            unchecked
            {
                int h = (int)Kind * 31 + Rank;
                h = h * 31 + InChannels;
                h = h * 31 + OutChannels;
                h = h * 31 + Groups;
                foreach (int v in Input)
                {
                    h = h * 31 + v;
                }

                foreach (int v in Kernel)
                {
                    h = h * 31 + v;
                }

                return h;
            }
        }

        private static bool Same(int[] a, int[] b)
        {
            if (a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
