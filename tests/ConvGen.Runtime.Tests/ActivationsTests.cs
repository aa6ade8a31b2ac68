using System;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    public sealed class ActivationsTests
    {
        // Values from a correctly rounded erf (CPython's math.erf).
        [Theory]
        [InlineData(0.5, 0.5204998778130465)]
        [InlineData(1.0, 0.8427007929497149)]
        [InlineData(2.0, 0.9953222650189527)]
        [InlineData(-3.0, -0.9999779095030014)]
        [InlineData(0.1, 0.1124629160182849)]
        [InlineData(3.5, 0.9999992569016276)]
        [InlineData(5.9, 0.9999999999999999)]
        [InlineData(0.0, 0.0)]
        public void ErfMatchesKnownValues(double x, double expected)
            => Assert.InRange(Activations.Erf(x), expected - 1e-15, expected + 1e-15);

        [Fact]
        public void ErfIsOddSaturatesAndPropagatesNaN()
        {
            foreach (double x in new[] { 0.01, 0.7, 1.3, 2.9, 4.4 })
            {
                Assert.Equal(-Activations.Erf(x), Activations.Erf(-x));
            }

            Assert.Equal(1.0, Activations.Erf(6.0));
            Assert.Equal(-1.0, Activations.Erf(-40.0));
            Assert.Equal(1.0, Activations.Erf(double.PositiveInfinity));
            Assert.True(double.IsNaN(Activations.Erf(double.NaN)));
        }

        [Fact]
        public void ErfInFloatIsTheDoubleRoundedOnce()
        {
            foreach (float x in new[] { -2.5f, -0.3f, 0.25f, 1.75f })
            {
                Assert.Equal((float)Activations.Erf((double)x), Activations.Erf(x));
            }
        }

        [Theory]
        [InlineData(1.0, 0.8413447460685429)]
        [InlineData(-1.0, -0.15865525393145707)]
        [InlineData(3.0, 2.99595030590511)]
        [InlineData(-0.5, -0.15426876936299344)]
        [InlineData(0.0, 0.0)]
        public void GeluIsTheExactErfForm(double x, double expected)
        {
            Assert.InRange(Activations.Apply(Activation.Gelu, x, 0), expected - 1e-15, expected + 1e-15);
            Assert.InRange(Activations.Gelu((float)x), (float)expected - 1e-6f, (float)expected + 1e-6f);
        }

        [Theory]
        [InlineData(1.0, 0.7310585786300049)]
        [InlineData(-1.0, -0.2689414213699951)]
        [InlineData(3.0, 2.8577223804672998)]
        [InlineData(-0.5, -0.1887703343990727)]
        public void SiluIsXTimesSigmoid(double x, double expected)
        {
            Assert.InRange(Activations.Apply(Activation.Silu, x, 0), expected - 1e-15, expected + 1e-15);
            Assert.InRange(Activations.Silu((float)x), (float)expected - 1e-6f, (float)expected + 1e-6f);
        }

        [Fact]
        public void ReluFamily()
        {
            Assert.Equal(0.0, Activations.Apply(Activation.Relu, -2.5, 0));
            Assert.Equal(2.5, Activations.Apply(Activation.Relu, 2.5, 0));
            Assert.True(double.IsNaN(Activations.Apply(Activation.Relu, double.NaN, 0)));
            Assert.True(float.IsNaN(Activations.Relu(float.NaN)));

            Assert.Equal(0.0, Activations.Apply(Activation.Relu6, -1, 0));
            Assert.Equal(6.0, Activations.Apply(Activation.Relu6, 7.5, 0));
            Assert.Equal(3.25, Activations.Apply(Activation.Relu6, 3.25, 0));
            Assert.True(double.IsNaN(Activations.Apply(Activation.Relu6, double.NaN, 0)));
            Assert.Equal(6f, Activations.Relu6(100f));
            Assert.True(float.IsNaN(Activations.Relu6(float.NaN)));

            Assert.Equal(-0.2, Activations.Apply(Activation.LeakyRelu, -2, 0.1), 15);
            Assert.Equal(2.0, Activations.Apply(Activation.LeakyRelu, 2, 0.1));
            Assert.Equal(-0.02f, Activations.LeakyRelu(-2f, 0.01f));
        }

        [Fact]
        public void SigmoidTanhAndNone()
        {
            Assert.Equal(0.5, Activations.Apply(Activation.Sigmoid, 0, 0));
            Assert.Equal(1 / (1 + Math.Exp(-2.0)), Activations.Apply(Activation.Sigmoid, 2, 0), 15);
            Assert.Equal(Math.Tanh(0.7), Activations.Apply(Activation.Tanh, 0.7, 0));
            Assert.Equal(-4.25, Activations.Apply(Activation.None, -4.25, 0));
            Assert.Throws<ArgumentOutOfRangeException>(() => Activations.Apply((Activation)99, 1, 0));
        }
    }
}
