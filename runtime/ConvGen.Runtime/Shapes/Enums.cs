// Public enums used in layer attributes. This file is compiled into the runtime, the generator and the
// analyzers (linked as Shared\Shapes), so the three agree on every value. Keep it free of anything that
// netstandard2.0 lacks.
namespace ConvGen
{
    /// <summary>How the padding of a convolution or pooling layer is chosen.</summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    enum PaddingKind
    {
        /// <summary>Padding given by the <c>Padding*</c>/<c>Pad*</c> arguments (0 when none is given).</summary>
        Explicit = 0,
        /// <summary>Output size equals input size (stride 1 only). Total padding is <c>dilation*(kernel-1)</c>;
        /// the smaller half goes before, the odd extra after (PyTorch's rule).</summary>
        Same = 1,
        /// <summary>No padding.</summary>
        Valid = 2,
        /// <summary>1-D only: pad <c>(kernel-1)*dilation</c> on the left and nothing on the right, so output t
        /// sees only inputs up to t (WaveNet/TCN).</summary>
        Causal = 3,
    }

    /// <summary>What the padded positions of a convolution's input hold.</summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    enum PaddingMode
    {
        /// <summary>Zeros.</summary>
        Zeros = 0,
        /// <summary>Mirror without repeating the edge: <c>a b c d</c> padded by 2 reads <c>c b | a b c d | c b</c>.</summary>
        Reflect = 1,
        /// <summary>The edge value repeated.</summary>
        Replicate = 2,
        /// <summary>Wrap around.</summary>
        Circular = 3,
    }

    /// <summary>Activation fused into a layer's epilogue (applied after bias, batch norm and residual add).</summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    enum Activation
    {
        /// <summary>No activation.</summary>
        None = 0,
        /// <summary><c>max(x, 0)</c>.</summary>
        Relu = 1,
        /// <summary><c>min(max(x, 0), 6)</c>.</summary>
        Relu6 = 2,
        /// <summary><c>x &gt;= 0 ? x : alpha*x</c>, alpha from <c>ActivationAlpha</c> (default 0.01).</summary>
        LeakyRelu = 3,
        /// <summary><c>0.5*x*(1+erf(x/sqrt(2)))</c>, the exact (erf) form.</summary>
        Gelu = 4,
        /// <summary><c>x*sigmoid(x)</c> (also called swish).</summary>
        Silu = 5,
        /// <summary><c>1/(1+exp(-x))</c>.</summary>
        Sigmoid = 6,
        /// <summary><c>tanh(x)</c>.</summary>
        Tanh = 7,
    }

    /// <summary>Memory layout of the input and output tensors at the layer's interface.</summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    enum TensorLayout
    {
        /// <summary>Channels first: NCL, NCHW, NCDHW (PyTorch's default).</summary>
        Nchw = 0,
        /// <summary>Channels last: NLC, NHWC, NDHWC (Keras/TensorFlow's default).</summary>
        Nhwc = 1,
    }

    /// <summary>The algorithm a layer's kernel uses. <see cref="Auto"/> lets the generator choose.</summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    enum ConvAlgorithm
    {
        /// <summary>The generator chooses from its cost model and reports the choice.</summary>
        Auto = 0,
        /// <summary>Direct convolution (convolution layers): the window unrolled, interior without bounds checks, borders apart.</summary>
        Direct = 1,
        /// <summary>Scatter (transposed convolution layers): each input element adds its weighted taps to the output, no zero insertion.</summary>
        Scatter = 2,
        /// <summary>
        /// Phase gather (transposed convolution layers): each output gathers the taps of its stride phase, output-stationary,
        /// vectorised along rows with the phases interleaved at the store; no zero insertion. The default for transposed layers.
        /// </summary>
        PhaseGather = 3,
        /// <summary>
        /// Winograd F(4x4, 3x3) (convolution layers: 2-D, 3x3, stride 1, dilation 1, one group; channels-last layers run it in
        /// their own layout with channels on the vector lanes where input and output channels are multiples of 16 and the
        /// activation has a vector form, otherwise between transposes of their tensors): 36 multiplies per 4x4 output tile and input channel instead of 144; in 1-D (kernel 3, stride 1, dilation 1, one group) F(4,3):
        /// 6 multiplies per 4 outputs instead of 12. Weights transformed on each call, or once with PackedWeights. Rounding differs from direct
        /// convolution (documented error bound); Auto chooses it only where it is measured faster.
        /// </summary>
        Winograd = 4,
        /// <summary>
        /// Output channels on the vector lanes (convolution layers: 1-D, 2-D or 3-D, NCHW or NHWC, one group, zero padding;
        /// transposed convolution layers: one group, innermost stride at most 4): tiles of pixels x channel vectors over
        /// weights packed in blocks of 32, 48 or 64 output channels, input pixels broadcast, so any stride or dilation and
        /// rows of any width keep the lanes full; a transposed layer's pixels each take their stride phase's taps. The same
        /// results as Direct (PhaseGather for transposed layers), bit for bit. Auto chooses it for layers declared with
        /// PackedWeights = true where it keeps more lanes busy.
        /// </summary>
        ChannelLanes = 5,
        /// <summary>
        /// Winograd F(2x2, 3x3) (2-D convolution layers with a 3x3 kernel, stride 1, dilation 1, one group; NHWC as for Winograd): 16
        /// multiplies per 2x2 output tile and input channel instead of 36. It saves less than F(4x4,3x3) but its transformed
        /// weights are 16 x Cin x Cout floats instead of 36, and its transforms only add, subtract and halve (an error
        /// close to direct convolution's). Auto chooses it for small maps with many channels (ResNet's 7x7 512-channel
        /// layer), where F(4x4,3x3)'s transformed weights would not stay in the caches.
        /// </summary>
        WinogradF2x2 = 6,
    }
}

namespace ConvGen.Shapes
{
    /// <summary>The kinds of layer ConvGen generates. The rank (1, 2 or 3 spatial axes) is separate.</summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    enum LayerKind
    {
        /// <summary>Convolution (cross-correlation, PyTorch's Conv1d/2d/3d).</summary>
        Conv = 0,
        /// <summary>Transposed convolution (PyTorch's ConvTranspose1d/2d/3d).</summary>
        ConvTranspose = 1,
        /// <summary>Max pooling.</summary>
        MaxPool = 2,
        /// <summary>Average pooling.</summary>
        AvgPool = 3,
        /// <summary>Adaptive average pooling to a given output size.</summary>
        AdaptiveAvgPool = 4,
        /// <summary>Global average pooling (adaptive to size 1 on every axis).</summary>
        GlobalAvgPool = 5,
    }
}
