using System;
using ConvGen;

namespace ConvGen.Generators.Tests
{
    /// <summary>Layers declared the way users declare them: generated at build time by the real compiler.</summary>
    public static partial class StaticLayers
    {
        [Conv2D(InChannels = 3, OutChannels = 8, Height = 9, Width = 11, Kernel = 3, Stride = 2, Padding = 1, Bias = true, Activation = Activation.Relu)]
        public static partial void Down(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output);
    }
}

namespace ConvGen.Generators.Tests
{
    public static partial class StaticLayers
    {
        [MaxPool2D(Channels = 4, Height = 8, Width = 8, Kernel = 2, DynamicBatch = true)]
        public static partial void Pool(ReadOnlySpan<float> input, Span<float> output, int batch);
    }
}
