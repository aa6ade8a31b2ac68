using ConvGen.Shapes;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    public sealed class ShapeMathTests
    {
        [Theory]
        [InlineData(56, 3, 2, 1, 1, 1, 28)]   // ResNet stride-2 3x3
        [InlineData(224, 7, 2, 1, 3, 3, 112)] // stem
        [InlineData(9, 3, 1, 1, 0, 0, 7)]
        [InlineData(10, 4, 1, 1, 1, 2, 10)]   // "same" with an even kernel: the odd extra goes after
        [InlineData(15, 3, 1, 2, 2, 2, 15)]   // dilation 2
        [InlineData(3, 5, 1, 1, 1, 1, 1)]     // kernel equal to the padded input
        [InlineData(4, 5, 1, 1, 0, 0, 0)]     // kernel larger than the input: floor of a negative numerator
        [InlineData(11, 2, 3, 1, 0, 0, 4)]    // stride larger than the kernel
        [InlineData(10, 4, 2, 1, 2, 1, 5)]    // asymmetric padding
        public void ConvOutput(long input, long kernel, long stride, long dilation, long before, long after, long expected)
            => Assert.Equal(expected, ShapeMath.ConvOutput(input, kernel, stride, dilation, before, after));

        [Fact]
        public void ConvOutputFloorsNegativeNumerators()
        {
            // (1 + 0 + 0 - 1*(5-1) - 1) / 2 = -4/2 -> -2 -> output -1; (2 - 4 - 1)/2 = -3/2 floors to -2, not -1.
            Assert.Equal(-1, ShapeMath.ConvOutput(1, 5, 2, 1, 0, 0));
            Assert.Equal(-1, ShapeMath.ConvOutput(2, 5, 2, 1, 0, 0));
        }

        [Theory]
        [InlineData(7, 4, 2, 1, 1, 1, 0, 14)]
        [InlineData(9, 3, 2, 1, 1, 1, 1, 18)] // output padding
        [InlineData(5, 2, 3, 1, 0, 0, 0, 14)] // stride larger than the kernel
        [InlineData(6, 3, 2, 2, 1, 1, 1, 14)] // dilation 2 and output padding
        [InlineData(1, 3, 2, 1, 0, 0, 0, 3)]
        public void TransposedOutput(long input, long kernel, long stride, long dilation, long before, long after, long outputPadding, long expected)
            => Assert.Equal(expected, ShapeMath.TransposedOutput(input, kernel, stride, dilation, before, after, outputPadding));

        [Theory]
        [InlineData(10, 2, 2, 1, 0, false, 5)]
        [InlineData(11, 3, 2, 1, 1, false, 6)]
        [InlineData(13, 3, 1, 2, 1, false, 11)]
        [InlineData(8, 3, 2, 1, 0, false, 3)]
        [InlineData(8, 3, 2, 1, 0, true, 4)]  // ceil mode adds the partial window
        [InlineData(5, 2, 2, 1, 1, false, 3)]
        [InlineData(5, 2, 2, 1, 1, true, 3)]  // ceil gives 4, but window 3 would start at 6 >= 5 + 1: dropped
        [InlineData(6, 2, 2, 1, 1, true, 4)]  // here window 3 starts at 6 - 1 = 5 < 6 + 1: kept
        [InlineData(9, 3, 2, 1, 1, true, 5)]
        public void PoolOutput(long input, long kernel, long stride, long dilation, long pad, bool ceil, long expected)
            => Assert.Equal(expected, ShapeMath.PoolOutput(input, kernel, stride, dilation, pad, pad, ceil));

        [Theory]
        [InlineData(7, 2, new long[] { 0, 4, 3, 7 })]
        [InlineData(3, 5, new long[] { 0, 1, 0, 2, 1, 2, 1, 3, 2, 3 })]  // upsampling: windows overlap
        [InlineData(8, 4, new long[] { 0, 2, 2, 4, 4, 6, 6, 8 })]
        [InlineData(5, 1, new long[] { 0, 5 })]
        public void AdaptiveWindow(long input, long output, long[] startsAndEnds)
        {
            for (long i = 0; i < output; i++)
            {
                ShapeMath.AdaptiveWindow(i, input, output, out long start, out long end);
                Assert.Equal(startsAndEnds[2 * i], start);
                Assert.Equal(startsAndEnds[2 * i + 1], end);
            }
        }

        [Theory]
        [InlineData(7, 2, 4)]
        [InlineData(3, 5, 2)]
        [InlineData(8, 4, 2)]
        [InlineData(11, 5, 3)]
        [InlineData(14, 1, 14)]
        public void AdaptiveMaxWindow(int input, int output, int expected)
            => Assert.Equal(expected, ShapeMath.AdaptiveMaxWindow(input, output));

        [Theory]
        [InlineData(7, 2, 3)]
        [InlineData(-7, 2, -4)]
        [InlineData(-8, 2, -4)]
        [InlineData(-1, 3, -1)]
        [InlineData(0, 5, 0)]
        [InlineData(6, 3, 2)]
        public void FloorDiv(long a, long b, long expected) => Assert.Equal(expected, ShapeMath.FloorDiv(a, b));

        [Theory]
        [InlineData(7, 2, 4)]
        [InlineData(-7, 2, -3)]
        [InlineData(6, 3, 2)]
        [InlineData(1, 5, 1)]
        [InlineData(0, 5, 0)]
        public void CeilDiv(long a, long b, long expected) => Assert.Equal(expected, ShapeMath.CeilDiv(a, b));

        [Fact]
        public void FormulasShowTheNumbers()
        {
            Assert.Equal("floor((4 + 0 + 0 - 1*(5-1) - 1) / 1) + 1", ShapeMath.ConvOutputFormula(4, 5, 1, 1, 0, 0));
            Assert.Equal("(7-1)*2 - 1 - 1 + 1*(4-1) + 0 + 1", ShapeMath.TransposedOutputFormula(7, 4, 2, 1, 1, 1, 0));
            Assert.Equal("floor((10 + 0 + 0 - 1*(2-1) - 1) / 2) + 1", ShapeMath.PoolOutputFormula(10, 2, 2, 1, 0, 0, false));
            Assert.StartsWith("ceil((5 + 1 + 1 - 1*(2-1) - 1) / 2) + 1, minus 1", ShapeMath.PoolOutputFormula(5, 2, 2, 1, 1, 1, true), System.StringComparison.Ordinal);
        }
    }
}
