using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ConvGen.Reference;
using ConvGen.Shapes;
using ConvGen.TestSupport;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>
    /// The reference kernels against PyTorch's float64 golden vectors (tests/data/golden): every case goes through
    /// the same path a generated layer would, golden params -> attribute arguments -> LayerShapeBuilder -> kernel.
    /// </summary>
    public sealed class ReferenceGoldenTests
    {
        public static TheoryData<string> CaseNames()
        {
            var data = new TheoryData<string>();
            foreach (GoldenCase c in GoldenSet.Shared.Cases)
            {
                data.Add(c.Name);
            }

            return data;
        }

        [Fact]
        public void GoldenSetHasEveryCase()
        {
            GoldenSet set = GoldenSet.Shared;
            Assert.Equal(136, set.Cases.Count);
            Assert.Equal(4, set.Cases.Count(c => c.IsLarge));
        }

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void ReferenceMatchesGolden(string name)
        {
            GoldenCase golden = GoldenSet.Shared.Get(name);
            GoldenLayer layer = GoldenLayer.FromCase(golden);
            var violations = new List<ShapeViolation>();
            LayerShape shape = LayerShapeBuilder.Build(layer.Kind, layer.Rank, layer.ToLayerArguments(), name, violations);
            Assert.True(!violations.Any(v => v.Severity == ViolationSeverity.Error),
                name + ": " + layer.AttributeText + " has errors: " + string.Join("; ", violations.Select(v => v.ToString())));

            int[] expectedOutput = golden.ShapeOf(GoldenTensors.Output)!;
            int[] actualOutput = new[] { layer.Batch, shape.OutChannels }.Concat(shape.Output).ToArray();
            Assert.True(expectedOutput.SequenceEqual(actualOutput),
                name + ": LayerShapeBuilder gives output [" + string.Join(", ", actualOutput) + "] for " + layer.AttributeText
                + ", golden output is [" + string.Join(", ", expectedOutput) + "]");

            float[] expected = golden.LoadRequired(GoldenTensors.Output);
            float[] actual = new float[expected.Length];
            var operands = GoldenLayer.Operands(golden);
            ReferenceKernels.Run(shape, layer.Batch, operands, actual);

            // Max pooling only selects elements, so it must be bit for bit (the README's tolerance is 0 there).
            double atol = golden.Op.StartsWith("max_pool", StringComparison.Ordinal) ? 0 : golden.Atol;
            Mismatch worst = Compare.Worst(actual, expected);
            Assert.True(worst.Difference <= atol,
                Compare.Describe(name + " (" + layer.AttributeText + ")", actual, expected, atol, expectedOutput));
        }

        /// <summary>
        /// The oracle must be far better than the tolerance it enforces: accumulating in double and rounding once leaves
        /// at most a one-ulp difference from PyTorch's float64 result (it can round the other way only when the exact
        /// value is within double-precision error of a rounding boundary).
        /// </summary>
        [Theory]
        [MemberData(nameof(CaseNames))]
        public void ReferenceIsWithinOneUlpOfGolden(string name)
        {
            GoldenCase golden = GoldenSet.Shared.Get(name);
            GoldenLayer layer = GoldenLayer.FromCase(golden);
            LayerShape shape = LayerShapeBuilder.Build(layer.Kind, layer.Rank, layer.ToLayerArguments(), name, new List<ShapeViolation>());
            float[] expected = golden.LoadRequired(GoldenTensors.Output);
            float[] actual = new float[expected.Length];
            ReferenceKernels.Run(shape, layer.Batch, GoldenLayer.Operands(golden), actual);

            for (int i = 0; i < expected.Length; i++)
            {
                float a = actual[i], e = expected[i];
                bool close = a == e || MathF.BitIncrement(e) == a || MathF.BitDecrement(e) == a;
                Assert.True(close, string.Create(CultureInfo.InvariantCulture,
                    $"{name}: element {i} {Compare.Coordinates(i, golden.ShapeOf(GoldenTensors.Output)!)} is {a:R}, golden {e:R}: more than one ulp apart"));
            }
        }
    }
}
