using System;
using System.Collections.Generic;
using ConvGen.Reference;
using ConvGen.Shapes;

namespace ConvGen.Benchmarks
{
    /// <summary>A generated layer method, adapted to one signature (pooling ignores the weight span).</summary>
    internal delegate void GeneratedKernel(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

    /// <summary>One benchmarked layer: its generated method, its shape constants and its resolved <see cref="LayerShape"/>.</summary>
    internal sealed class LayerCase
    {
        private LayerCase(string name, string source, string kernel, int opsPerMac, LayerShape shape, GeneratedKernel generated)
        {
            Name = name;
            Source = source;
            Kernel = kernel;
            OpsPerMac = opsPerMac;
            Shape = shape;
            Generated = generated;
        }

        /// <summary>Short name, also the BenchmarkDotNet parameter value.</summary>
        public string Name { get; }

        /// <summary>Where the layer comes from, with its XNNPACK-style arguments.</summary>
        public string Source { get; }

        /// <summary>The kernel the generator chose (<c>{Method}Shape.Kernel</c>).</summary>
        public string Kernel { get; }

        /// <summary>Multiply-accumulates per call (batch 1); for max pooling, window compares.</summary>
        public long Macs => Shape.MacsPerItem * Shape.Batch;

        /// <summary>Floating-point operations per MAC: 2 (multiply + add) for convolutions, 1 (a compare) for max pooling.</summary>
        public int OpsPerMac { get; }

        /// <summary>Input length, derived from the shape (equals <c>{Method}Shape.InputElements</c>).</summary>
        public int InputElements => (int)(Shape.InputItemLength * Shape.Batch);

        /// <summary>Weight length (0 for pooling).</summary>
        public int WeightElements => (int)Shape.WeightLength;

        /// <summary>Output length.</summary>
        public int OutputElements => (int)(Shape.OutputItemLength * Shape.Batch);

        /// <summary>The resolved shape the reference kernel runs (<c>{Method}Shape.Layer</c>).</summary>
        public LayerShape Shape { get; }

        /// <summary>The generated, shape-specialised method.</summary>
        public GeneratedKernel Generated { get; }

        /// <summary>Operations per call: <see cref="Macs"/> times <see cref="OpsPerMac"/>.</summary>
        public double Operations => (double)Macs * OpsPerMac;

        /// <summary>Every benchmarked layer, in the order tables print them.</summary>
        public static IReadOnlyList<LayerCase> All { get; } =
        [
            new LayerCase(
                nameof(Layers.ResNetConv1), "ResNet-50 conv1 3->64 H=W=224 KH=KW=7 PH=PW=3 S=2",
                Layers.ResNetConv1Shape.Kernel, 2,
                Layers.ResNetConv1Shape.Layer, Layers.ResNetConv1),
            new LayerCase(
                nameof(Layers.ResNet3x3), "ResNet 3x3 64->64 H=W=56 KH=KW=3 PH=PW=1 S=1",
                Layers.ResNet3x3Shape.Kernel, 2,
                Layers.ResNet3x3Shape.Layer, Layers.ResNet3x3),
            new LayerCase(
                nameof(Layers.ResNet1x1), "ResNet-50 1x1 256->64 H=W=56 KH=KW=1 S=1",
                Layers.ResNet1x1Shape.Kernel, 2,
                Layers.ResNet1x1Shape.Layer, Layers.ResNet1x1),
            new LayerCase(
                nameof(Layers.MobileNetDepthwise), "MobileNetV2 depthwise 3x3 C=32 H=W=112 PH=PW=1 G=32",
                Layers.MobileNetDepthwiseShape.Kernel, 2,
                Layers.MobileNetDepthwiseShape.Layer, Layers.MobileNetDepthwise),
            new LayerCase(
                nameof(Layers.DecoderDeconv), "ConvTranspose2D 64->32 H=W=28 KH=KW=4 PH=PW=1 S=2",
                Layers.DecoderDeconvShape.Kernel, 2,
                Layers.DecoderDeconvShape.Layer, Layers.DecoderDeconv),
            new LayerCase(
                nameof(Layers.ResNetMaxPool), "ResNet MaxPool2D 3x3 C=64 H=W=112 PH=PW=1 S=2",
                Layers.ResNetMaxPoolShape.Kernel, 1,
                Layers.ResNetMaxPoolShape.Layer, static (input, _, output) => Layers.ResNetMaxPool(input, output)),
            new LayerCase(
                nameof(Layers.ResNetMaxPoolNhwc), "ResNet MaxPool2D 3x3 C=64 H=W=112 PH=PW=1 S=2, NHWC",
                Layers.ResNetMaxPoolNhwcShape.Kernel, 1,
                Layers.ResNetMaxPoolNhwcShape.Layer, static (input, _, output) => Layers.ResNetMaxPoolNhwc(input, output)),
        ];

        /// <summary>Finds a layer by <see cref="Name"/>.</summary>
        public static LayerCase Find(string name)
        {
            foreach (LayerCase c in All)
            {
                if (c.Name == name)
                {
                    return c;
                }
            }

            throw new ArgumentException("No benchmarked layer is called '" + name + "'.", nameof(name));
        }

        /// <summary>Fresh buffers filled with reproducible values in [-1, 1).</summary>
        public Buffers CreateBuffers(int seed = 42)
        {
            var random = new Random(seed);
            var buffers = new Buffers(new float[InputElements], new float[WeightElements], new float[OutputElements]);
            Fill(buffers.Input, random);
            Fill(buffers.Weight, random);
            return buffers;
        }

        /// <summary>Runs the generated kernel.</summary>
        public void RunGenerated(Buffers b) => Generated(b.Input, b.Weight, b.Output);

        /// <summary>Runs <see cref="ReferenceKernels.Run"/>, the non-specialised double-accumulating oracle, on the same shape.</summary>
        public void RunReference(Buffers b, float[] output) =>
            ReferenceKernels.Run(Shape, 1, new LayerOperands { Input = b.Input, Weight = b.Weight }, output);

        /// <summary>True when the non-specialised runtime kernel (<see cref="ConvGen.Generic.GenericConvolution"/>) runs this layer.</summary>
        public bool HasGeneric => Shape.Kind == LayerKind.Conv && Shape.Layout == TensorLayout.Nchw;

        /// <summary>Runs the layer through the non-specialised runtime kernel (same shape, known only at run time).</summary>
        public void RunGeneric(Buffers b, float[] output) =>
            ConvGen.Generic.GenericConvolution.Run(Shape, 1, new LayerOperands { Input = b.Input, Weight = b.Weight }, output);

        private static void Fill(float[] values, Random random)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)((random.NextDouble() * 2) - 1);
            }
        }
    }

    /// <summary>Input, weight (empty for pooling) and output arrays of one layer.</summary>
    internal sealed record Buffers(float[] Input, float[] Weight, float[] Output);
}
