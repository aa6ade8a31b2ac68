using System;

namespace ConvGen.Samples.Filters
{
    /// <summary>
    /// The filters, declared as ConvGen layers. Each attribute fixes the layer's whole shape; the ConvGen generator
    /// writes the method bodies and a nested <c>{Method}Shape</c> class (buffer sizes, MAC count, the chosen kernel
    /// and the resolved <see cref="Shapes.LayerShape"/>). Tensors are NCHW with batch 1; weights use PyTorch's layout
    /// and are built by <see cref="FilterWeights"/>. The generated files are kept under
    /// obj/&lt;configuration&gt;/net10.0/generated/ (EmitCompilerGeneratedFiles).
    /// </summary>
    internal static partial class Filters
    {
        /// <summary>Photo side: both bundled photographs are 512x512.</summary>
        public const int Size = 512;

        /// <summary>Side after a factor-2 downsample.</summary>
        public const int Half = Size / 2;

        /// <summary>Sobel X and Y in one layer: 1 grey channel in, 2 gradient channels out (gx, gy), 3x3, reflect padding.</summary>
        [Conv2D(InChannels = 1, OutChannels = 2, Height = Size, Width = Size, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Reflect)]
        public static partial void Sobel(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>Gaussian blur of an RGB image: depthwise (Groups = 3, one 5x5 kernel per channel), replicate padding.</summary>
        [Conv2D(InChannels = 3, OutChannels = 3, Groups = 3, Height = Size, Width = Size, Kernel = 5, Padding = 2, PaddingMode = PaddingMode.Replicate)]
        public static partial void GaussianBlur(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>A bank of 8 Gabor filters (8 orientations), 9x9, zero padding 4, ReLU keeps the positive responses.</summary>
        [Conv2D(InChannels = 1, OutChannels = 8, Height = Size, Width = Size, Kernel = 9, Padding = 4, Activation = Activation.Relu)]
        public static partial void GaborBank(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>2x2 average downsample (stride defaults to the window): 512x512 to 256x256.</summary>
        [AvgPool2D(Channels = 1, Height = Size, Width = Size, Kernel = 2)]
        public static partial void AverageDown2(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>Anti-aliased downsample: 3x3 binomial blur evaluated at stride 2, reflect padding: 512x512 to 256x256.</summary>
        [Conv2D(InChannels = 1, OutChannels = 1, Height = Size, Width = Size, Kernel = 3, Stride = 2, Padding = 1, PaddingMode = PaddingMode.Reflect)]
        public static partial void BinomialDown2(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>3x3 max pooling at stride 2 with padding 1 (padding never wins): 512x512 to 256x256.</summary>
        [MaxPool2D(Channels = 1, Height = Size, Width = Size, Kernel = 3, Stride = 2, Padding = 1)]
        public static partial void MaxDown2(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>Emboss with a dilated 3x3 kernel (taps 2 pixels apart, a 5x5 footprint) on the 256x256 image; padding 2 keeps the size.</summary>
        [Conv2D(InChannels = 1, OutChannels = 1, Height = Half, Width = Half, Kernel = 3, Dilation = 2, Padding = 2, PaddingMode = PaddingMode.Reflect)]
        public static partial void DilatedEmboss(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>Bilinear x2 upsample as a transposed convolution: kernel 4, stride 2, padding 1: 256x256 to 512x512.</summary>
        [ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = Half, Width = Half, Kernel = 4, Stride = 2, Padding = 1)]
        public static partial void BilinearUp2(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);
    }
}
