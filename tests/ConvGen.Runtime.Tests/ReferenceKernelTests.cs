using System;
using System.Collections.Generic;
using System.Linq;
using ConvGen.Reference;
using ConvGen.Shapes;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>
    /// The reference kernels beyond the golden vectors: channels-last layout, operand length checks, the epilogue
    /// pieces PyTorch's cases do not cover (residual, LeakyReLU, sigmoid, tanh), and transposed convolution checked
    /// against a literal scatter.
    /// </summary>
    public sealed class ReferenceKernelTests
    {
        /// <summary>kind, rank, arguments (without Layout), batch.</summary>
        public static TheoryData<LayerKind, int, string, int> LayoutCases() => new()
        {
            { LayerKind.Conv, 2, "InChannels=4 OutChannels=6 Height=7 Width=6 KernelH=3 KernelW=2 Padding=1 PaddingMode=1 Groups=2 Bias=1 Residual=1 Activation=3 ActivationAlpha=0.1", 2 },
            { LayerKind.Conv, 2, "InChannels=3 OutChannels=5 Height=9 Width=8 Kernel=3 Stride=2 Dilation=2 Padding=2 PaddingMode=3 BatchNorm=1 Activation=4", 1 },
            { LayerKind.Conv, 1, "InChannels=3 OutChannels=2 Length=11 Kernel=3 Dilation=2 PaddingKind=3 Bias=1 Activation=6", 3 },
            { LayerKind.Conv, 3, "InChannels=2 OutChannels=3 Depth=4 Height=5 Width=6 Kernel=3 PadFront=1 PadBack=0 PadTop=2 PadBottom=1 PadLeft=0 PadRight=2 PaddingMode=2 Bias=1", 2 },
            { LayerKind.ConvTranspose, 2, "InChannels=4 OutChannels=6 Height=5 Width=4 KernelH=3 KernelW=4 Stride=2 Padding=1 OutputPaddingH=1 Groups=2 Bias=1 Activation=7", 2 },
            { LayerKind.ConvTranspose, 1, "InChannels=3 OutChannels=2 Length=6 Kernel=3 Stride=2 Dilation=2 Padding=1 OutputPadding=1 Residual=1", 1 },
            { LayerKind.MaxPool, 2, "Channels=3 Height=9 Width=8 Kernel=3 Stride=2 Padding=1 Dilation=2 CeilMode=1", 2 },
            { LayerKind.AvgPool, 2, "Channels=5 Height=7 Width=6 Kernel=2 Stride=2 Padding=1 CeilMode=1 CountIncludePad=0", 2 },
            { LayerKind.AvgPool, 3, "Channels=2 Depth=5 Height=4 Width=6 Kernel=3 Stride=2 Padding=1", 1 },
            { LayerKind.AdaptiveAvgPool, 2, "Channels=4 Height=7 Width=5 OutputHeight=3 OutputWidth=4", 2 },
            { LayerKind.GlobalAvgPool, 1, "Channels=6 Length=9", 3 },
        };

        [Theory]
        [MemberData(nameof(LayoutCases))]
        public void ChannelsLastEqualsChannelsFirstOnTransposedData(LayerKind kind, int rank, string arguments, int batch)
        {
            LayerShape nchw = Build(kind, rank, arguments + " Batch=" + batch.ToString(System.Globalization.CultureInfo.InvariantCulture));
            LayerShape nhwc = Build(kind, rank, arguments + " Layout=1 Batch=" + batch.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(TensorLayout.Nhwc, nhwc.Layout);

            var random = new Random(1234 + (int)kind * 10 + rank);
            float[] input = RandomArray(random, batch * (int)nchw.InputItemLength);
            float[] weight = RandomArray(random, (int)nchw.WeightLength);
            float[] bias = nchw.Bias ? RandomArray(random, nchw.OutChannels) : Array.Empty<float>();
            float[] gamma = nchw.BatchNorm ? RandomArray(random, nchw.OutChannels) : Array.Empty<float>();
            float[] beta = nchw.BatchNorm ? RandomArray(random, nchw.OutChannels) : Array.Empty<float>();
            float[] mean = nchw.BatchNorm ? RandomArray(random, nchw.OutChannels) : Array.Empty<float>();
            float[] variance = nchw.BatchNorm ? RandomArray(random, nchw.OutChannels).Select(v => v + 1.5f).ToArray() : Array.Empty<float>();
            int outputLength = batch * (int)nchw.OutputItemLength;
            float[] residual = nchw.Residual ? RandomArray(random, outputLength) : Array.Empty<float>();

            float[] expected = new float[outputLength];
            ReferenceKernels.Run(nchw, batch, new LayerOperands
            {
                Input = input, Weight = weight, Bias = bias, Gamma = gamma, Beta = beta, RunningMean = mean, RunningVar = variance, Residual = residual,
            }, expected);

            int inSpatial = (int)nchw.InputSpatial, outSpatial = (int)nchw.OutputSpatial;
            float[] actualNhwc = new float[outputLength];
            ReferenceKernels.Run(nhwc, batch, new LayerOperands
            {
                Input = ToChannelsLast(input, batch, nchw.InChannels, inSpatial),
                Weight = weight, // weights keep PyTorch's layout whatever the activation layout
                Bias = bias, Gamma = gamma, Beta = beta, RunningMean = mean, RunningVar = variance,
                Residual = nchw.Residual ? ToChannelsLast(residual, batch, nchw.OutChannels, outSpatial) : Array.Empty<float>(),
            }, actualNhwc);

            // Same arithmetic in the same order, so the results are identical, not merely close.
            float[] actual = ToChannelsFirst(actualNhwc, batch, nchw.OutChannels, outSpatial);
            Assert.Equal(expected, actual);
        }

        /// <summary>operand, wrong length.</summary>
        public static TheoryData<string, int> WrongLengths() => new()
        {
            { "input", 2 * 3 * 6 * 5 - 1 },
            { "weight", 4 * 3 * 3 * 3 + 1 },
            { "bias", 3 },
            { "gamma", 5 },
            { "beta", 0 },
            { "runningMean", 1 },
            { "runningVar", 8 },
            { "residual", 2 * 4 * 6 * 5 + 4 },
            { "output", 0 },
        };

        [Theory]
        [MemberData(nameof(WrongLengths))]
        public void WrongOperandLengthThrowsNamingTheOperand(string operand, int length)
        {
            // Conv2D 3->4, 6x5, 3x3, padding 1, batch 2, with every operand.
            LayerShape shape = Build(LayerKind.Conv, 2, "InChannels=3 OutChannels=4 Height=6 Width=5 Kernel=3 Padding=1 Bias=1 BatchNorm=1 Residual=1 Batch=2");
            var expectedLengths = new Dictionary<string, int>
            {
                ["input"] = 2 * 3 * 6 * 5, ["weight"] = 4 * 3 * 3 * 3, ["bias"] = 4, ["gamma"] = 4, ["beta"] = 4,
                ["runningMean"] = 4, ["runningVar"] = 4, ["residual"] = 2 * 4 * 6 * 5, ["output"] = 2 * 4 * 6 * 5,
            };
            float[] Make(string name) => new float[name == operand ? length : expectedLengths[name]];

            float[] input = Make("input"), weight = Make("weight"), bias = Make("bias"), gamma = Make("gamma"), beta = Make("beta");
            float[] mean = Make("runningMean"), variance = Make("runningVar"), residual = Make("residual"), output = Make("output");
            ArgumentException e = Assert.Throws<ArgumentException>(() => ReferenceKernels.Run(shape, 2, new LayerOperands
            {
                Input = input, Weight = weight, Bias = bias, Gamma = gamma, Beta = beta, RunningMean = mean, RunningVar = variance, Residual = residual,
            }, output));
            Assert.Equal(operand, e.ParamName);
            Assert.Contains("'" + operand + "'", e.Message, StringComparison.Ordinal);
            Assert.Contains("must have length " + expectedLengths[operand].ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
            Assert.Contains("but it has length " + length.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void OperandsTheLayerDoesNotUseMustBeEmpty()
        {
            LayerShape conv = Build(LayerKind.Conv, 1, "InChannels=1 OutChannels=2 Length=4 Kernel=1");
            float[] output = new float[8];
            ArgumentException e = Assert.Throws<ArgumentException>(() => ReferenceKernels.Run(conv, 1,
                new LayerOperands { Input = new float[4], Weight = new float[2], Bias = new float[2] }, output));
            Assert.Equal("bias", e.ParamName);
            Assert.Contains("must have length 0", e.Message, StringComparison.Ordinal);

            LayerShape pool = Build(LayerKind.MaxPool, 1, "Channels=1 Length=4 Kernel=2");
            e = Assert.Throws<ArgumentException>(() => ReferenceKernels.Run(pool, 1,
                new LayerOperands { Input = new float[4], Weight = new float[1] }, new float[2]));
            Assert.Equal("weight", e.ParamName);
        }

        [Fact]
        public void BatchMustMatchAFixedBatchAndBePositive()
        {
            LayerShape fixedBatch = Build(LayerKind.GlobalAvgPool, 1, "Channels=1 Length=4 Batch=2");
            Assert.Throws<ArgumentOutOfRangeException>(() => ReferenceKernels.Run(fixedBatch, 0, new LayerOperands(), Span<float>.Empty));
            ArgumentException e = Assert.Throws<ArgumentException>(() => ReferenceKernels.Run(fixedBatch, 3, new LayerOperands { Input = new float[12] }, new float[3]));
            Assert.Equal("batch", e.ParamName);

            LayerShape dynamic = Build(LayerKind.GlobalAvgPool, 1, "Channels=1 Length=4 DynamicBatch=1");
            float[] output = new float[3];
            ReferenceKernels.Run(dynamic, 3, new LayerOperands { Input = new float[] { 1, 2, 3, 4, 0, 0, 0, 4, -1, -1, -1, -1 } }, output);
            Assert.Equal(new[] { 2.5f, 1f, -1f }, output);
        }

        [Fact]
        public void EpilogueRunsBiasBatchNormResidualThenActivation()
        {
            // 1x1 conv, 1 -> 2 channels: y = w*x, then + bias, batch norm, + residual, LeakyReLU(0.1). All in double.
            LayerShape shape = Build(LayerKind.Conv, 1, "InChannels=1 OutChannels=2 Length=3 Kernel=1 Bias=1 BatchNorm=1 BatchNormEpsilon=0.5 Residual=1 Activation=3 ActivationAlpha=0.1");
            float[] input = { 1f, -2f, 0.5f };
            float[] weight = { 2f, -1f };
            float[] bias = { 0.25f, 1f };
            float[] gamma = { 1.5f, 0.5f }, beta = { -0.5f, 0.125f }, mean = { 0.75f, -1f }, variance = { 1.5f, 3.5f };
            float[] residual = { 0.1f, -3f, 0.2f, 0.3f, -0.4f, 0.5f };
            float[] output = new float[6];
            ReferenceKernels.Run(shape, 1, new LayerOperands
            {
                Input = input, Weight = weight, Bias = bias, Gamma = gamma, Beta = beta, RunningMean = mean, RunningVar = variance, Residual = residual,
            }, output);

            for (int o = 0; o < 2; o++)
            {
                for (int i = 0; i < 3; i++)
                {
                    double y = (double)weight[o] * input[i] + bias[o];
                    y = (y - mean[o]) / Math.Sqrt(variance[o] + 0.5) * gamma[o] + beta[o];
                    y += residual[o * 3 + i];
                    y = y >= 0 ? y : 0.1 * y;
                    Assert.Equal((float)y, output[o * 3 + i]);
                }
            }

            Assert.Contains(output, v => v < 0); // the LeakyReLU branch is exercised
        }

        [Theory]
        [InlineData(6)]
        [InlineData(7)]
        public void SigmoidAndTanhEpilogues(int activation)
        {
            LayerShape shape = Build(LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Length=4 Kernel=1 Activation=" + activation.ToString(System.Globalization.CultureInfo.InvariantCulture));
            float[] input = { -3f, -0.5f, 0f, 2f };
            float[] output = new float[4];
            ReferenceKernels.Run(shape, 1, new LayerOperands { Input = input, Weight = new[] { 1.5f } }, output);
            for (int i = 0; i < 4; i++)
            {
                double y = 1.5 * input[i];
                Assert.Equal((float)Activations.Apply((Activation)activation, y, 0.01), output[i]);
            }
        }

        [Theory]
        [InlineData("InChannels=3 OutChannels=2 Length=5 Kernel=3 Stride=2 Padding=1 OutputPadding=1", 1, 2)]
        [InlineData("InChannels=4 OutChannels=6 Length=4 Kernel=4 Stride=3 Dilation=2 Padding=2 OutputPadding=2 Groups=2", 1, 1)]
        [InlineData("InChannels=2 OutChannels=4 Height=3 Width=4 KernelH=2 KernelW=3 StrideH=2 StrideW=1 PaddingH=1 PaddingW=0 Groups=2", 2, 2)]
        [InlineData("InChannels=2 OutChannels=2 Depth=2 Height=3 Width=2 Kernel=2 Stride=2 OutputPaddingD=1", 3, 1)]
        public void TransposedConvolutionEqualsALiteralScatter(string arguments, int rank, int batch)
        {
            LayerShape s = Build(LayerKind.ConvTranspose, rank, arguments + " Bias=1 Batch=" + batch.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var random = new Random(77 + rank);
            float[] input = RandomArray(random, batch * (int)s.InputItemLength);
            float[] weight = RandomArray(random, (int)s.WeightLength);
            float[] bias = RandomArray(random, s.OutChannels);
            float[] actual = new float[batch * (int)s.OutputItemLength];
            ReferenceKernels.Run(s, batch, new LayerOperands { Input = input, Weight = weight, Bias = bias }, actual);

            // The README's definition: scatter every input element into a full buffer of length
            // (in-1)*stride + dilation*(k-1) + 1 + output_padding, then crop padBefore from the start.
            int[] inSize = Pad3(s.Input, 1), stride = Pad3(s.Stride, 1), dil = Pad3(s.Dilation, 1), k = Pad3(s.Kernel, 1);
            int[] before = Pad3(s.PadBefore, 0), outSize = Pad3(s.Output, 1);
            int[] full = new int[3];
            for (int a = 0; a < 3; a++)
            {
                full[a] = (inSize[a] - 1) * stride[a] + dil[a] * (k[a] - 1) + 1 + Pad3(s.OutputPadding, 0)[a];
            }

            int cinG = s.InChannels / s.Groups, coutG = s.OutChannels / s.Groups;
            for (int n = 0; n < batch; n++)
            {
                for (int o = 0; o < s.OutChannels; o++)
                {
                    double[] buffer = new double[full[0] * full[1] * full[2]];
                    int g = o / coutG;
                    for (int c = g * cinG; c < (g + 1) * cinG; c++)
                    {
                        for (int i0 = 0; i0 < inSize[0]; i0++)
                        {
                            for (int i1 = 0; i1 < inSize[1]; i1++)
                            {
                                for (int i2 = 0; i2 < inSize[2]; i2++)
                                {
                                    float x = input[((n * s.InChannels + c) * inSize[0] + i0) * inSize[1] * inSize[2] + i1 * inSize[2] + i2];
                                    for (int k0 = 0; k0 < k[0]; k0++)
                                    {
                                        for (int k1 = 0; k1 < k[1]; k1++)
                                        {
                                            for (int k2 = 0; k2 < k[2]; k2++)
                                            {
                                                float w = weight[(((c * coutG + o % coutG) * k[0] + k0) * k[1] + k1) * k[2] + k2];
                                                int p0 = i0 * stride[0] + k0 * dil[0], p1 = i1 * stride[1] + k1 * dil[1], p2 = i2 * stride[2] + k2 * dil[2];
                                                buffer[(p0 * full[1] + p1) * full[2] + p2] += (double)x * w;
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }

                    for (int y0 = 0; y0 < outSize[0]; y0++)
                    {
                        for (int y1 = 0; y1 < outSize[1]; y1++)
                        {
                            for (int y2 = 0; y2 < outSize[2]; y2++)
                            {
                                double v = buffer[((y0 + before[0]) * full[1] + y1 + before[1]) * full[2] + y2 + before[2]] + bias[o];
                                int index = ((n * s.OutChannels + o) * outSize[0] + y0) * outSize[1] * outSize[2] + y1 * outSize[2] + y2;
                                // Summation order differs (scatter vs gather), so allow a double-rounding flip of one float ulp.
                                float e = (float)v, a = actual[index];
                                Assert.True(e == a || MathF.BitIncrement(e) == a || MathF.BitDecrement(e) == a, $"index {index}: {a} vs scatter {e}");
                            }
                        }
                    }
                }
            }
        }

        [Fact]
        public void MaxPoolPropagatesNaNAndNeverPicksPadding()
        {
            LayerShape shape = Build(LayerKind.MaxPool, 1, "Channels=1 Length=6 Kernel=3 Stride=1 Padding=1");
            float[] input = { -5f, -4f, float.NaN, -3f, -2f, -7f };
            float[] output = new float[6];
            ReferenceKernels.Run(shape, 1, new LayerOperands { Input = input }, output);
            // Windows: [pad,-5,-4] [-5,-4,NaN] [-4,NaN,-3] [NaN,-3,-2] [-3,-2,-7] [-2,-7,pad]: padding never wins over negatives.
            Assert.Equal(-4f, output[0]);
            Assert.True(float.IsNaN(output[1]) && float.IsNaN(output[2]) && float.IsNaN(output[3]));
            Assert.Equal(-2f, output[4]);
            Assert.Equal(-2f, output[5]);
        }

        [Fact]
        public void AvgPoolCeilTailDividesByTheClippedWindow()
        {
            // Length 5, kernel 3, stride 2, padding 1, ceil: windows [-1,2) [1,4) [3,6): the last one ends at
            // min(3+3, 5+1) = 6, so count_include_pad divides by 3; with it off, by the 2 real elements (3 and 4).
            float[] input = { 1f, 2f, 3f, 4f, 5f };
            float[] included = new float[3], excluded = new float[3];
            ReferenceKernels.Run(Build(LayerKind.AvgPool, 1, "Channels=1 Length=5 Kernel=3 Stride=2 Padding=1 CeilMode=1 CountIncludePad=1"), 1,
                new LayerOperands { Input = input }, included);
            ReferenceKernels.Run(Build(LayerKind.AvgPool, 1, "Channels=1 Length=5 Kernel=3 Stride=2 Padding=1 CeilMode=1 CountIncludePad=0"), 1,
                new LayerOperands { Input = input }, excluded);
            Assert.Equal(new[] { (float)(3.0 / 3), (float)(9.0 / 3), (float)(9.0 / 3) }, included);
            Assert.Equal(new[] { (float)(3.0 / 2), (float)(9.0 / 3), (float)(9.0 / 2) }, excluded);
        }

        [Fact]
        public void ReflectPaddedConvolutionReadsTheMirror()
        {
            // Kernel 5 of ones, padding 2 reflect on "a b c d" = 1 2 3 4: the padded row is 3 2 | 1 2 3 4 | 3 2.
            LayerShape shape = Build(LayerKind.Conv, 1, "InChannels=1 OutChannels=1 Length=4 Kernel=5 Padding=2 PaddingMode=1");
            float[] output = new float[4];
            ReferenceKernels.Run(shape, 1, new LayerOperands { Input = new[] { 1f, 2f, 3f, 4f }, Weight = new[] { 1f, 1f, 1f, 1f, 1f } }, output);
            Assert.Equal(new[] { 3f + 2 + 1 + 2 + 3, 2f + 1 + 2 + 3 + 4, 1f + 2 + 3 + 4 + 3, 2f + 3 + 4 + 3 + 2 }, output);
        }

        private static LayerShape Build(LayerKind kind, int rank, string arguments)
        {
            var violations = new List<ShapeViolation>();
            LayerShape shape = LayerShapeBuilder.Build(kind, rank, LayerShapeBuilderTests.Args(arguments), "T", violations);
            Assert.True(!violations.Any(v => v.Severity == ViolationSeverity.Error), string.Join("; ", violations.Select(v => v.ToString())));
            return shape;
        }

        private static float[] RandomArray(Random random, int length)
        {
            var data = new float[length];
            for (int i = 0; i < length; i++)
            {
                data[i] = (float)(random.NextDouble() * 2 - 1);
            }

            return data;
        }

        private static int[] Pad3(int[] values, int fill)
        {
            var r = new[] { fill, fill, fill };
            Array.Copy(values, 0, r, 3 - values.Length, values.Length);
            return r;
        }

        private static float[] ToChannelsLast(float[] nchw, int batch, int channels, int spatial)
        {
            var r = new float[nchw.Length];
            for (int n = 0; n < batch; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    for (int s = 0; s < spatial; s++)
                    {
                        r[(n * spatial + s) * channels + c] = nchw[(n * channels + c) * spatial + s];
                    }
                }
            }

            return r;
        }

        private static float[] ToChannelsFirst(float[] nhwc, int batch, int channels, int spatial)
        {
            var r = new float[nhwc.Length];
            for (int n = 0; n < batch; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    for (int s = 0; s < spatial; s++)
                    {
                        r[(n * channels + c) * spatial + s] = nhwc[(n * spatial + s) * channels + c];
                    }
                }
            }

            return r;
        }
    }
}
