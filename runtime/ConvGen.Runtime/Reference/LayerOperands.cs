using System;

namespace ConvGen.Reference
{
    /// <summary>
    /// The read-only operands of one layer call of <see cref="ReferenceKernels.Run"/>. Every span a layer does not use
    /// must be left empty (the default); every span it uses must have exactly the length the layer needs.
    /// Tensors follow the layer's <see cref="TensorLayout"/>; weights always use PyTorch's layout.
    /// </summary>
    public readonly ref struct LayerOperands
    {
        /// <summary>The input tensor: <c>batch * InChannels * prod(Input)</c> elements, in the layer's layout.</summary>
        public ReadOnlySpan<float> Input { get; init; }

        /// <summary>
        /// Weights in PyTorch's layout: convolution <c>[OutChannels, InChannels/Groups, kernel...]</c>; transposed
        /// convolution <c>[InChannels, OutChannels/Groups, kernel...]</c>. Empty for pooling.
        /// </summary>
        public ReadOnlySpan<float> Weight { get; init; }

        /// <summary>Bias, <c>[OutChannels]</c>, when the layer has one; otherwise empty.</summary>
        public ReadOnlySpan<float> Bias { get; init; }

        /// <summary>Batch-norm scale (gamma), <c>[OutChannels]</c>, when the layer folds batch norm; otherwise empty.</summary>
        public ReadOnlySpan<float> Gamma { get; init; }

        /// <summary>Batch-norm shift (beta), <c>[OutChannels]</c>, when the layer folds batch norm; otherwise empty.</summary>
        public ReadOnlySpan<float> Beta { get; init; }

        /// <summary>Batch-norm running mean, <c>[OutChannels]</c>, when the layer folds batch norm; otherwise empty.</summary>
        public ReadOnlySpan<float> RunningMean { get; init; }

        /// <summary>Batch-norm running variance, <c>[OutChannels]</c>, when the layer folds batch norm; otherwise empty.</summary>
        public ReadOnlySpan<float> RunningVar { get; init; }

        /// <summary>Output-shaped tensor added before the activation, when the layer has a residual; otherwise empty.</summary>
        public ReadOnlySpan<float> Residual { get; init; }
    }
}
