using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Shapes;
using ConvGen.TestSupport;
using Xunit;

namespace ConvGen.Golden.Tests
{
    /// <summary>
    /// Every PyTorch golden case (tests/data/golden, or CONVGEN_GOLDEN_DIR) through generated code: the case's
    /// attribute declaration is compiled in memory with the generator and its output compared with PyTorch's
    /// float64 reference at the case's tolerance (max pooling: bit for bit). Each case runs three ways: fixed
    /// batch NCHW, batch given at call time, and channels-last (NHWC) with transposed data, plus Winograd forced where
    /// it applies (at the golden set's Winograd tolerance); each at the 512-bit,
    /// 256-bit and scalar ISA levels (on a machine without AVX-512 the 512-bit level on software vectors, <see cref="Isa.Emulate512"/>).
    /// </summary>
    public sealed class GoldenTests
    {
        public static IEnumerable<object[]> Cases()
            => GoldenSet.Load().Cases.SelectMany(c => GoldenFixture.VariantsOf(c).SelectMany(v =>
                new[] { IsaLevel.V512, IsaLevel.V256, IsaLevel.Scalar }.Select(isa => new object[] { c.Name, v, isa })));

        [Fact]
        public void Generator_Throws_No_Exception_Over_All_Cases()
        {
            GoldenFixture f = GoldenFixture.Instance;
            Assert.Empty(f.Exceptions);
            Assert.Equal(f.Set.Cases.Sum(c => GoldenFixture.VariantsOf(c).Count()), f.GeneratedFiles);
            Assert.True(f.Set.Cases.Count(GoldenFixture.WinogradApplies) >= 5, "expected several golden cases Winograd can run");
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Generated_Layer_Matches_PyTorch(string name, GoldenVariant variant, IsaLevel isa)
        {
            // Tests in one class run one at a time, so the process-wide ISA switch is safe to set here. Without AVX-512 the
            // 512-bit level runs on software 512-bit vectors (the same bits as the hardware would give).
            Isa.Ceiling = isa;
            Isa.Emulate512 = isa == IsaLevel.V512 && !System.Runtime.Intrinsics.X86.Avx512F.IsSupported;
            Assert.True(isa != IsaLevel.V512 || Isa.Current == IsaLevel.V512, "the 512-bit level runs (on hardware or software vectors)");
            GoldenFixture f = GoldenFixture.Instance;
            GoldenCase c = f.Set.Get(name);
            int[] inShape = c.ShapeOf(GoldenTensors.Input)!;
            int[] outShape = c.ShapeOf(GoldenTensors.Output)!;
            var operands = GoldenFixture.OperandKeys(c).Select(k => c.LoadRequired(k)).ToArray();
            float[] expected = c.LoadRequired(GoldenTensors.Output);
            if (variant == GoldenVariant.Nhwc)
            {
                operands[0] = Layouts.ToChannelsLast(operands[0], inShape);
            }

            float[] output = new float[expected.Length];
            output.AsSpan().Fill(float.NaN);
            f.Invoke(c, variant, operands, output, inShape[0]);
            if (variant == GoldenVariant.Nhwc)
            {
                output = Layouts.ToChannelsFirst(output, outShape);
            }

            bool exact = c.Op.StartsWith("max_pool", StringComparison.Ordinal);
            // Winograd F(4x4,3x3) rounds differently: the golden set's own Winograd tolerance (10 x the direct one); F(2x2,3x3),
            // whose transforms only add, subtract and halve, twice the direct one.
            double atol = exact ? 0 : variant == GoldenVariant.Winograd ? c.AtolWinograd : variant == GoldenVariant.WinogradF2x2 ? 2 * c.Atol : c.Atol;
            Mismatch worst = Compare.Worst(output, expected);
            Assert.True(worst.Difference <= atol, c.Name + " (" + variant + ", " + Isa.Current + "): " + Compare.Describe("generated", output, expected, atol, outShape));
        }
    }

    /// <summary>NCHW and NHWC conversions for any rank (N, C, spatial...) <-> (N, spatial..., C).</summary>
    public static class Layouts
    {
        public static float[] ToChannelsLast(float[] data, int[] shape)
        {
            (int n, int c, int p) = Split(shape);
            var r = new float[data.Length];
            for (int b = 0; b < n; b++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    for (int i = 0; i < p; i++)
                    {
                        r[(b * p + i) * c + ch] = data[(b * c + ch) * p + i];
                    }
                }
            }

            return r;
        }

        public static float[] ToChannelsFirst(float[] data, int[] shape)
        {
            (int n, int c, int p) = Split(shape);
            var r = new float[data.Length];
            for (int b = 0; b < n; b++)
            {
                for (int ch = 0; ch < c; ch++)
                {
                    for (int i = 0; i < p; i++)
                    {
                        r[(b * c + ch) * p + i] = data[(b * p + i) * c + ch];
                    }
                }
            }

            return r;
        }

        private static (int N, int C, int P) Split(int[] shape)
        {
            int p = 1;
            for (int i = 2; i < shape.Length; i++)
            {
                p *= shape[i];
            }

            return (shape[0], shape[1], p);
        }
    }
}

namespace ConvGen.Golden.Tests
{
    /// <summary>
    /// Winograd F(4x4,3x3) and F(2x2,3x3) (2-D cases) against direct convolution on every golden case it can run: each against PyTorch's float64
    /// output, errors relative to the output's largest magnitude. Writes the table docs/winograd.md quotes.
    /// </summary>
    public sealed class WinogradErrorTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper _output;

        public WinogradErrorTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

        [Fact]
        public void Winograd_Error_Stays_Within_Ten_Times_The_Direct_Tolerance()
        {
            GoldenFixture f = GoldenFixture.Instance;
            int checkedCases = 0;
            foreach (GoldenCase c in f.Set.Cases.Where(GoldenFixture.WinogradApplies))
            {
                int[] inShape = c.ShapeOf(GoldenTensors.Input)!;
                var operands = GoldenFixture.OperandKeys(c).Select(k => c.LoadRequired(k)).ToArray();
                float[] expected = c.LoadRequired(GoldenTensors.Output);
                float[] direct = new float[expected.Length], winograd = new float[expected.Length];
                f.Invoke(c, GoldenVariant.FixedNchw, operands, direct, inShape[0]);
                f.Invoke(c, GoldenVariant.Winograd, operands, winograd, inShape[0]);
                double scale = Math.Max(1e-30, expected.Max(v => Math.Abs((double)v)));
                double directError = Compare.Worst(direct, expected).Difference;
                double winogradError = Compare.Worst(winograd, expected).Difference;
                _output.WriteLine(c.Name + ": auto-chosen kernel " + (directError / scale).ToString("E2", System.Globalization.CultureInfo.InvariantCulture)
                    + ", winograd " + (winogradError / scale).ToString("E2", System.Globalization.CultureInfo.InvariantCulture) + " (relative to max |output|), ratio "
                    + (winogradError / Math.Max(1e-30, directError)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(winogradError <= c.AtolWinograd, c.Name + ": Winograd error " + winogradError + " above " + c.AtolWinograd);
                if (GoldenFixture.VariantsOf(c).Contains(GoldenVariant.WinogradF2x2))
                {
                    // F(2x2,3x3): transforms that only add, subtract and halve; held to twice the direct tolerance.
                    float[] f2 = new float[expected.Length];
                    f.Invoke(c, GoldenVariant.WinogradF2x2, operands, f2, inShape[0]);
                    double f2Error = Compare.Worst(f2, expected).Difference;
                    _output.WriteLine("  " + c.Name + ": winograd F(2x2,3x3) " + (f2Error / scale).ToString("E2", System.Globalization.CultureInfo.InvariantCulture) + ", ratio to the auto-chosen kernel "
                        + (f2Error / Math.Max(1e-30, directError)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture));
                    Assert.True(f2Error <= 2 * c.Atol, c.Name + ": Winograd F(2x2,3x3) error " + f2Error + " above twice the direct tolerance " + 2 * c.Atol);
                }

                checkedCases++;
            }

            Assert.True(checkedCases >= 5, "only " + checkedCases + " cases");
        }
    }
}
