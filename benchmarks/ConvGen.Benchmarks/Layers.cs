using System;

namespace ConvGen.Benchmarks
{
    /// <summary>
    /// Layers from real networks at their real shapes (fp32, batch 1, NCHW, no bias or activation, so the timed work is
    /// the convolution itself). Comments give XNNPACK's argument names: H, W input size; KH, KW kernel; PH, PW padding
    /// (symmetric); S stride; D dilation; G groups.
    /// </summary>
    internal static partial class Layers
    {
        /// <summary>ResNet-50 conv1: 3->64, H=W=224, KH=KW=7, PH=PW=3, S=2, D=1, G=1 (output 112x112).</summary>
        [Conv2D(InChannels = 3, OutChannels = 64, Height = 224, Width = 224, Kernel = 7, Stride = 2, Padding = 3)]
        public static partial void ResNetConv1(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>ResNet-18/34 stage-1 3x3: 64->64, H=W=56, KH=KW=3, PH=PW=1, S=1, D=1, G=1.</summary>
        [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, Kernel = 3, Padding = 1)]
        public static partial void ResNet3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>ResNet-50 bottleneck 1x1 reduce: 256->64, H=W=56, KH=KW=1, PH=PW=0, S=1, D=1, G=1.</summary>
        [Conv2D(InChannels = 256, OutChannels = 64, Height = 56, Width = 56, Kernel = 1)]
        public static partial void ResNet1x1(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>MobileNetV2 first depthwise 3x3: 32->32, H=W=112, KH=KW=3, PH=PW=1, S=1, D=1, G=32.</summary>
        [Conv2D(InChannels = 32, OutChannels = 32, Height = 112, Width = 112, Kernel = 3, Padding = 1, Groups = 32)]
        public static partial void MobileNetDepthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>Decoder upsampling ConvTranspose2d: 64->32, H=W=28, KH=KW=4, PH=PW=1, S=2, D=1, G=1 (output 56x56).</summary>
        [ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 28, Width = 28, Kernel = 4, Stride = 2, Padding = 1)]
        public static partial void DecoderDeconv(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        /// <summary>ResNet stem max pool: 64 channels, H=W=112, KH=KW=3, PH=PW=1, S=2, D=1 (output 56x56).</summary>
        [MaxPool2D(Channels = 64, Height = 112, Width = 112, Kernel = 3, Stride = 2, Padding = 1)]
        public static partial void ResNetMaxPool(ReadOnlySpan<float> input, Span<float> output);

        /// <summary>The same max pool channels-last (NHWC): a vector of channels per output pixel.</summary>
        [MaxPool2D(Channels = 64, Height = 112, Width = 112, Kernel = 3, Stride = 2, Padding = 1, Layout = TensorLayout.Nhwc)]
        public static partial void ResNetMaxPoolNhwc(ReadOnlySpan<float> input, Span<float> output);
    }
}
