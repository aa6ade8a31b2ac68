using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using ConvGen.Shapes;

namespace ConvGen.Reference
{
    /// <summary>
    /// Straightforward reference implementations of every layer ConvGen generates: the oracle that generated kernels
    /// are tested against. They favour clarity over speed. Every sum is accumulated in <see cref="double"/> and each
    /// output element is rounded to <see cref="float"/> exactly once, after the whole epilogue, so they match a
    /// float64 PyTorch reference to within one float32 rounding.
    /// </summary>
    public static partial class ReferenceKernels
    {
        /// <summary>
        /// Runs the layer described by <paramref name="shape"/> (any <see cref="LayerKind"/>, rank 1 to 3, either
        /// <see cref="TensorLayout"/>) on <paramref name="operands"/> and writes <paramref name="output"/>.
        /// </summary>
        /// <param name="shape">The resolved layer, normally from <see cref="LayerShapeBuilder.Build"/>.</param>
        /// <param name="batch">The batch size: <see cref="LayerShape.Batch"/> when the layer's batch is fixed, any value of at least 1 when it is dynamic.</param>
        /// <param name="operands">Input, weights and epilogue operands. Spans the layer does not use must be empty.</param>
        /// <param name="output">The output tensor, <c>batch * OutChannels * prod(Output)</c> elements, in the layer's layout.</param>
        /// <exception cref="ArgumentNullException"><paramref name="shape"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
        /// <exception cref="ArgumentException">
        /// The shape is not a valid resolved layer, <paramref name="batch"/> contradicts a fixed batch, or an operand
        /// does not have exactly the length the layer needs (the message names the operand and both lengths).
        /// </exception>
        public static void Run(LayerShape shape, int batch, LayerOperands operands, Span<float> output)
        {
            ArgumentNullException.ThrowIfNull(shape);
            string layer = "Reference " + AxisNames.AttributeName(shape.Kind, Math.Clamp(shape.Rank, 1, 3));
            ValidateShape(shape, layer);
            ValidateBatch(shape, batch, layer);
            ValidateOperands(shape, batch, operands, output, layer);

            switch (shape.Kind)
            {
                case LayerKind.Conv:
                    RunConvolution(shape, batch, operands, output);
                    break;
                case LayerKind.ConvTranspose:
                    RunTransposedConvolution(shape, batch, operands, output);
                    break;
                case LayerKind.MaxPool:
                    RunMaxPool(shape, batch, operands.Input, output);
                    break;
                case LayerKind.AvgPool:
                    RunAvgPool(shape, batch, operands.Input, output);
                    break;
                default:
                    RunAdaptiveAvgPool(shape, batch, operands.Input, output);
                    break;
            }
        }

        // ---- validation ----------------------------------------------------------------------------------------

        private static void ValidateShape(LayerShape s, string layer)
        {
            if (!Enum.IsDefined(s.Kind))
            {
                ThrowShape(layer, "Kind " + I((int)s.Kind) + " is not a LayerKind value");
            }

            if (s.Rank < 1 || s.Rank > 3)
            {
                ThrowShape(layer, "Rank must be 1, 2 or 3, got " + I(s.Rank));
            }

            if (!Enum.IsDefined(s.Layout))
            {
                ThrowShape(layer, "Layout " + I((int)s.Layout) + " is not a TensorLayout value");
            }

            CheckAxes(s.Input, "Input", s.Rank, 1, layer);
            CheckAxes(s.Output, "Output", s.Rank, 1, layer);
            bool adaptive = s.Kind == LayerKind.AdaptiveAvgPool || s.Kind == LayerKind.GlobalAvgPool;
            if (!adaptive)
            {
                CheckAxes(s.Kernel, "Kernel", s.Rank, 1, layer);
                CheckAxes(s.Stride, "Stride", s.Rank, 1, layer);
                CheckAxes(s.Dilation, "Dilation", s.Rank, 1, layer);
                CheckAxes(s.PadBefore, "PadBefore", s.Rank, 0, layer);
                CheckAxes(s.PadAfter, "PadAfter", s.Rank, 0, layer);
            }

            if (s.Kind == LayerKind.ConvTranspose)
            {
                CheckAxes(s.OutputPadding, "OutputPadding", s.Rank, 0, layer);
            }

            if (s.InChannels < 1 || s.OutChannels < 1 || s.Groups < 1)
            {
                ThrowShape(layer, "InChannels, OutChannels and Groups must be at least 1, got " + I(s.InChannels) + ", " + I(s.OutChannels) + ", " + I(s.Groups));
            }

            if (s.HasWeights)
            {
                if (s.InChannels % s.Groups != 0 || s.OutChannels % s.Groups != 0)
                {
                    ThrowShape(layer, "InChannels " + I(s.InChannels) + " and OutChannels " + I(s.OutChannels) + " must both be divisible by Groups " + I(s.Groups));
                }

                if (s.Kind == LayerKind.Conv && s.PaddingMode != PaddingMode.Zeros)
                {
                    for (int a = 0; a < s.Rank; a++)
                    {
                        int maxPad = Math.Max(s.PadBefore[a], s.PadAfter[a]);
                        if ((s.PaddingMode == PaddingMode.Reflect && maxPad >= s.Input[a]) || (s.PaddingMode == PaddingMode.Circular && maxPad > s.Input[a]))
                        {
                            ThrowShape(layer, s.PaddingMode + " padding " + I(maxPad) + " does not fit the input size " + I(s.Input[a]) + " on axis " + I(a));
                        }
                    }
                }
            }
            else if (s.InChannels != s.OutChannels)
            {
                ThrowShape(layer, "pooling keeps the channel count, but InChannels is " + I(s.InChannels) + " and OutChannels " + I(s.OutChannels));
            }
        }

        private static void CheckAxes(int[] values, string name, int rank, int min, string layer)
        {
            if (values is null || values.Length != rank)
            {
                ThrowShape(layer, name + " must have one value per spatial axis (" + I(rank) + "), got " + (values is null ? "null" : I(values.Length)));
            }

            foreach (int v in values)
            {
                if (v < min)
                {
                    ThrowShape(layer, name + " values must be at least " + I(min) + ", got " + I(v));
                }
            }
        }

        [DoesNotReturn]
        private static void ThrowShape(string layer, string message)
            => throw new ArgumentException(layer + ": the shape is not a valid resolved layer: " + message + ".", "shape");

        private static void ValidateBatch(LayerShape s, int batch, string layer)
        {
            if (batch < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(batch), batch, layer + ": 'batch' must be at least 1, but it is " + I(batch) + ".");
            }

            if (s.Batch != 0 && batch != s.Batch)
            {
                throw new ArgumentException(layer + ": the layer has a fixed batch of " + I(s.Batch) + ", but 'batch' is " + I(batch) + ".", nameof(batch));
            }
        }

        private static void ValidateOperands(LayerShape s, int batch, LayerOperands ops, Span<float> output, string layer)
        {
            string spatialIn = string.Join("*", Array.ConvertAll(s.Input, v => I(v)));
            string spatialOut = string.Join("*", Array.ConvertAll(s.Output, v => I(v)));
            string kernel = string.Join("*", Array.ConvertAll(s.Kernel, v => I(v)));
            long inputLength = (long)batch * s.InChannels * s.InputSpatial;
            long outputLength = (long)batch * s.OutChannels * s.OutputSpatial;

            SpanChecks.Length(layer, "input", ops.Input.Length, inputLength,
                "batch*InChannels*prod(input) = " + I(batch) + "*" + I(s.InChannels) + "*" + spatialIn);
            SpanChecks.Length(layer, "output", output.Length, outputLength,
                "batch*OutChannels*prod(output) = " + I(batch) + "*" + I(s.OutChannels) + "*" + spatialOut);

            if (s.Kind == LayerKind.Conv)
            {
                SpanChecks.Length(layer, "weight", ops.Weight.Length, s.WeightLength,
                    "OutChannels*(InChannels/Groups)*prod(kernel) = " + I(s.OutChannels) + "*" + I(s.InChannels / s.Groups) + "*" + kernel);
            }
            else if (s.Kind == LayerKind.ConvTranspose)
            {
                SpanChecks.Length(layer, "weight", ops.Weight.Length, s.WeightLength,
                    "InChannels*(OutChannels/Groups)*prod(kernel) = " + I(s.InChannels) + "*" + I(s.OutChannels / s.Groups) + "*" + kernel);
            }
            else
            {
                SpanChecks.Length(layer, "weight", ops.Weight.Length, 0, "pooling has no weights");
            }

            bool conv = s.HasWeights;
            PerChannel(layer, "bias", ops.Bias.Length, conv && s.Bias, s.OutChannels, "the layer has no bias");
            PerChannel(layer, "gamma", ops.Gamma.Length, conv && s.BatchNorm, s.OutChannels, "the layer has no batch norm");
            PerChannel(layer, "beta", ops.Beta.Length, conv && s.BatchNorm, s.OutChannels, "the layer has no batch norm");
            PerChannel(layer, "runningMean", ops.RunningMean.Length, conv && s.BatchNorm, s.OutChannels, "the layer has no batch norm");
            PerChannel(layer, "runningVar", ops.RunningVar.Length, conv && s.BatchNorm, s.OutChannels, "the layer has no batch norm");
            if (conv && s.Residual)
            {
                SpanChecks.Length(layer, "residual", ops.Residual.Length, outputLength, "output-shaped: batch*OutChannels*prod(output) = " + I(batch) + "*" + I(s.OutChannels) + "*" + spatialOut);
            }
            else
            {
                SpanChecks.Length(layer, "residual", ops.Residual.Length, 0, "the layer has no residual");
            }
        }

        private static void PerChannel(string layer, string name, int actual, bool used, int channels, string unusedReason)
        {
            if (used)
            {
                SpanChecks.Length(layer, name, actual, channels, "one per output channel = OutChannels = " + I(channels));
            }
            else
            {
                SpanChecks.Length(layer, name, actual, 0, unusedReason);
            }
        }

        // ---- shared helpers ------------------------------------------------------------------------------------

        /// <summary>
        /// The spatial geometry normalised to three axes (D, H, W): a rank-1 or rank-2 layer gets leading axes of
        /// size 1 with kernel 1, stride 1, dilation 1 and no padding, so one loop nest serves every rank.
        /// </summary>
        private sealed class Geometry
        {
            public readonly int[] In = { 1, 1, 1 };
            public readonly int[] Out = { 1, 1, 1 };
            public readonly int[] Kernel = { 1, 1, 1 };
            public readonly int[] Stride = { 1, 1, 1 };
            public readonly int[] Dilation = { 1, 1, 1 };
            public readonly int[] PadBefore = { 0, 0, 0 };
            public readonly int[] PadAfter = { 0, 0, 0 };

            public Geometry(LayerShape s)
            {
                int offset = 3 - s.Rank;
                bool adaptive = s.Kind == LayerKind.AdaptiveAvgPool || s.Kind == LayerKind.GlobalAvgPool;
                for (int a = 0; a < s.Rank; a++)
                {
                    In[offset + a] = s.Input[a];
                    Out[offset + a] = s.Output[a];
                    if (!adaptive)
                    {
                        Kernel[offset + a] = s.Kernel[a];
                        Stride[offset + a] = s.Stride[a];
                        Dilation[offset + a] = s.Dilation[a];
                        PadBefore[offset + a] = s.PadBefore[a];
                        PadAfter[offset + a] = s.PadAfter[a];
                    }
                }

                InSpatial = In[0] * In[1] * In[2];
                OutSpatial = Out[0] * Out[1] * Out[2];
                KernelSpatial = Kernel[0] * Kernel[1] * Kernel[2];
            }

            public int InSpatial { get; }

            public int OutSpatial { get; }

            public int KernelSpatial { get; }

            /// <summary>Flat spatial index of input position (d, h, w).</summary>
            public int InIndex(int d, int h, int w) => (d * In[1] + h) * In[2] + w;

            /// <summary>Flat spatial index of output position (d, h, w).</summary>
            public int OutIndex(int d, int h, int w) => (d * Out[1] + h) * Out[2] + w;
        }

        /// <summary>Element offset of (n, c, spatial) in a tensor of <paramref name="channels"/> channels and <paramref name="spatialCount"/> positions.</summary>
        private static int Offset(TensorLayout layout, int n, int c, int channels, int spatial, int spatialCount)
            => layout == TensorLayout.Nhwc
                ? (n * spatialCount + spatial) * channels + c
                : (n * channels + c) * spatialCount + spatial;

        /// <summary>
        /// The fused epilogue in double, in this order: bias, batch norm, residual add, activation; then one rounding
        /// to float.
        /// </summary>
        private static float Epilogue(LayerShape s, in LayerOperands ops, int channel, double y, int outputOffset)
        {
            if (s.Bias)
            {
                y += ops.Bias[channel];
            }

            if (s.BatchNorm)
            {
                y = (y - ops.RunningMean[channel]) / Math.Sqrt(ops.RunningVar[channel] + s.BatchNormEpsilon) * ops.Gamma[channel] + ops.Beta[channel];
            }

            if (s.Residual)
            {
                y += ops.Residual[outputOffset];
            }

            return (float)Activations.Apply(s.Activation, y, s.ActivationAlpha);
        }

        private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
