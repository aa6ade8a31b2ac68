using System;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>A layer declared as users declare it runs on <see cref="AlignedBuffer"/>s as on arrays, as the README shows.</summary>
    public sealed class AlignedBufferLayerTests
    {
        [Fact]
        public void Layer_Takes_Aligned_Buffers_And_Gives_The_Bits_Of_Arrays()
        {
            var random = new Random(3);
            float[] x = new float[StaticLayers.DownShape.InputElements];
            float[] w = new float[StaticLayers.DownShape.WeightElements];
            float[] b = new float[StaticLayers.DownShape.ChannelParameterElements];
            foreach (float[] a in new[] { x, w, b })
            {
                for (int i = 0; i < a.Length; i++)
                {
                    a[i] = (float)(random.NextDouble() * 2 - 1);
                }
            }

            float[] expected = new float[StaticLayers.DownShape.OutputElements];
            StaticLayers.Down(x, w, b, expected);

            var input = new AlignedBuffer(StaticLayers.DownShape.InputElements);
            x.CopyTo(input.Span);
            var output = new AlignedBuffer(StaticLayers.DownShape.OutputElements);
            PackedWeights packed = StaticLayers.DownShape.PackWeights(w);
            StaticLayers.Down(input, packed, b, output);
            Assert.Equal(expected, output.Span.ToArray());

            // An aligned buffer of the wrong length is refused like a span of it, with both lengths in the message.
            var e = Assert.Throws<ArgumentException>(() => StaticLayers.Down(new AlignedBuffer(7), packed, b, output));
            Assert.Contains("7", e.Message);
            Assert.Contains(StaticLayers.DownShape.InputElements.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
        }
    }
}
