using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Generic;
using ConvGen.Reference;
using ConvGen.Shapes;
using ConvGen.TestSupport;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>The non-specialised benchmark baseline against PyTorch's golden vectors, on every convolution case.</summary>
    public sealed class GenericConvolutionTests
    {
        public static TheoryData<string> ConvolutionCases()
        {
            var data = new TheoryData<string>();
            foreach (GoldenCase c in GoldenSet.Shared.Cases)
            {
                if (GoldenLayer.FromCase(c).Kind == LayerKind.Conv)
                {
                    data.Add(c.Name);
                }
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(ConvolutionCases))]
        public void Generic_Convolution_Matches_Golden(string name)
        {
            GoldenCase golden = GoldenSet.Shared.Get(name);
            GoldenLayer layer = GoldenLayer.FromCase(golden);
            LayerShape shape = LayerShapeBuilder.Build(layer.Kind, layer.Rank, layer.ToLayerArguments(), name, new List<ShapeViolation>());
            float[] expected = golden.LoadRequired(GoldenTensors.Output);
            float[] actual = new float[expected.Length];
            var operands = GoldenLayer.Operands(golden);
            GenericConvolution.Run(shape, layer.Batch, operands, actual);
            Mismatch worst = Compare.Worst(actual, expected);
            Assert.True(worst.Difference <= golden.Atol, Compare.Describe(name + " (" + layer.AttributeText + ")", actual, expected, golden.Atol, golden.ShapeOf(GoldenTensors.Output)!));
        }

        [Fact]
        public void Layers_It_Does_Not_Run_Are_Refused_With_The_Reason()
        {
            LayerShape pool = LayerShapeBuilder.Build(LayerKind.MaxPool, 2, new LayerArguments().Set("Channels", 1).Set("Height", 4).Set("Width", 4).Set("Kernel", 2), "p", new List<ShapeViolation>());
            var e = Assert.Throws<NotSupportedException>(() => GenericConvolution.Run(pool, 1, new LayerOperands { Input = new float[16] }, new float[4]));
            Assert.Contains("runs convolution layers in NCHW; this layer is MaxPool in Nchw", e.Message, StringComparison.Ordinal);
        }
    }
}
