namespace ConvGen
{
    /// <summary>Properties every layer attribute has.</summary>
    public abstract class LayerAttribute : global::System.Attribute
    {
        /// <summary>Fixed batch size (default 1).</summary>
        public int Batch { get; set; } = 1;

        /// <summary>When true, the batch size is the method's last parameter, <c>int batch</c>, given at call time.</summary>
        public bool DynamicBatch { get; set; }

        /// <summary>Interface layout of input, residual and output (default NCHW).</summary>
        public TensorLayout Layout { get; set; }
    }

    /// <summary>Properties shared by convolution and transposed convolution attributes.</summary>
    public abstract class ConvolutionAttribute : LayerAttribute
    {
        /// <summary>Input channels (required).</summary>
        public int InChannels { get; set; }

        /// <summary>Output channels (required unless <see cref="DepthwiseMultiplier"/> is given).</summary>
        public int OutChannels { get; set; }

        /// <summary>Kernel size on every spatial axis (per-axis properties override it).</summary>
        public int Kernel { get; set; }

        /// <summary>Stride on every spatial axis (default 1).</summary>
        public int Stride { get; set; } = 1;

        /// <summary>Dilation on every spatial axis (default 1).</summary>
        public int Dilation { get; set; } = 1;

        /// <summary>Symmetric padding on every spatial axis (default 0).</summary>
        public int Padding { get; set; }

        /// <summary>Explicit (default), Same, Valid or Causal.</summary>
        public PaddingKind PaddingKind { get; set; }

        /// <summary>Zeros (default), Reflect, Replicate or Circular.</summary>
        public PaddingMode PaddingMode { get; set; }

        /// <summary>Groups (default 1). InChannels and OutChannels must be divisible by it.</summary>
        public int Groups { get; set; } = 1;

        /// <summary>Depthwise layer with this many outputs per input channel: Groups = InChannels and OutChannels = InChannels * multiplier.</summary>
        public int DepthwiseMultiplier { get; set; }

        /// <summary>Adds a bias operand, one value per output channel.</summary>
        public bool Bias { get; set; }

        /// <summary>Folds inference batch norm into the epilogue: operands gamma, beta, running mean, running variance.</summary>
        public bool BatchNorm { get; set; }

        /// <summary>Batch norm epsilon (default 1e-5).</summary>
        public double BatchNormEpsilon { get; set; } = 1e-5;

        /// <summary>Adds an output-shaped residual operand before the activation (ResNet's skip connection).</summary>
        public bool Residual { get; set; }

        /// <summary>Activation fused into the epilogue.</summary>
        public Activation Activation { get; set; }

        /// <summary>LeakyReLU's negative slope (default 0.01).</summary>
        public double ActivationAlpha { get; set; } = 0.01;

        /// <summary>Forces an algorithm; Auto (default) lets the generator choose and report.</summary>
        public ConvAlgorithm Algorithm { get; set; }

        /// <summary>
        /// Declares that the layer is called with weights packed once by <c>{Method}Shape.PackWeights</c> (the overload
        /// taking <c>ConvGen.PackedWeights</c>): the cost model then leaves per-call weight work out, which lets it pick
        /// Winograd for layers with many channels. Both overloads exist either way.
        /// </summary>
        public bool PackedWeights { get; set; }
    }

    /// <summary>Properties shared by pooling attributes.</summary>
    public abstract class PoolingAttribute : LayerAttribute
    {
        /// <summary>Channels (required).</summary>
        public int Channels { get; set; }
    }
}

namespace ConvGen
{
    /// <summary>Properties shared by max and average pooling.</summary>
    public abstract class WindowPoolingAttribute : PoolingAttribute
    {
        /// <summary>Window size on every spatial axis (required, or per-axis properties).</summary>
        public int Kernel { get; set; }

        /// <summary>Stride on every spatial axis (default: the kernel size).</summary>
        public int Stride { get; set; }

        /// <summary>Symmetric padding on every spatial axis (default 0); at most half the window.</summary>
        public int Padding { get; set; }

        /// <summary>Ceil instead of floor in the output size.</summary>
        public bool CeilMode { get; set; }
    }
}
