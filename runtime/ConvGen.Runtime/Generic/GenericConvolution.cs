using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ConvGen.Reference;
using ConvGen.Shapes;

namespace ConvGen.Generic
{
    /// <summary>
    /// A non-specialised float32 convolution: the shape arrives at run time, so nothing is unrolled or tiled for it.
    /// It is what a straightforward vectorised library kernel looks like (weight-stationary: for every (output channel,
    /// input channel, tap) it adds <c>w * input row</c> into the output row with <see cref="Vector{T}"/> when the stride
    /// is 1), and it exists so the benchmarks can show what generating a kernel per shape gains over it. Single-threaded.
    /// Convolution layers only (any rank, groups, stride, dilation, padding mode, epilogue), NCHW.
    /// </summary>
    public static class GenericConvolution
    {
        /// <summary>Runs <paramref name="s"/> on <paramref name="batch"/> items.</summary>
        /// <exception cref="NotSupportedException">The layer is not a convolution in NCHW.</exception>
        /// <exception cref="ArgumentException">A span's length does not match the shape.</exception>
        public static void Run(LayerShape s, int batch, in LayerOperands operands, Span<float> output)
        {
            ArgumentNullException.ThrowIfNull(s);
            if (s.Kind != LayerKind.Conv || s.Layout != TensorLayout.Nchw)
            {
                throw new NotSupportedException("GenericConvolution runs convolution layers in NCHW; this layer is " + s.Kind + " in " + s.Layout + ".");
            }

            SpanChecks.Length("GenericConvolution", "input", operands.Input.Length, batch * s.InputItemLength, "batch*C*spatial");
            SpanChecks.Length("GenericConvolution", "weight", operands.Weight.Length, s.WeightLength, "Cout*(Cin/groups)*taps");
            SpanChecks.Length("GenericConvolution", "output", output.Length, batch * s.OutputItemLength, "batch*Cout*spatial");

            // Treat every rank as 3-D (leading axes of size 1).
            int[] inp = Pad3(s.Input, 1), outp = Pad3(s.Output, 1), k = Pad3(s.Kernel, 1), st = Pad3(s.Stride, 1), dil = Pad3(s.Dilation, 1), pb = Pad3(s.PadBefore, 0);
            int cg = s.InChannels / s.Groups, ocg = s.OutChannels / s.Groups;
            int inPlane = inp[0] * inp[1] * inp[2], outPlane = outp[0] * outp[1] * outp[2];
            output.Clear();
            for (int n = 0; n < batch; n++)
            {
                for (int oc = 0; oc < s.OutChannels; oc++)
                {
                    Span<float> y = output.Slice((n * s.OutChannels + oc) * outPlane, outPlane);
                    int g = oc / ocg;
                    for (int icl = 0; icl < cg; icl++)
                    {
                        ReadOnlySpan<float> x = operands.Input.Slice((n * s.InChannels + g * cg + icl) * inPlane, inPlane);
                        ReadOnlySpan<float> w = operands.Weight.Slice((oc * cg + icl) * k[0] * k[1] * k[2], k[0] * k[1] * k[2]);
                        AddTaps(s.PaddingMode, x, w, y, inp, outp, k, st, dil, pb);
                    }
                }
            }

            Epilogue(s, batch, operands, output, outPlane);
        }

        private static void AddTaps(PaddingMode mode, ReadOnlySpan<float> x, ReadOnlySpan<float> w, Span<float> y, int[] inp, int[] outp, int[] k, int[] st, int[] dil, int[] pb)
        {
            for (int kz = 0; kz < k[0]; kz++)
            {
                for (int ky = 0; ky < k[1]; ky++)
                {
                    for (int kx = 0; kx < k[2]; kx++)
                    {
                        float wv = w[(kz * k[1] + ky) * k[2] + kx];
                        // Output columns whose input column ox*S - P + kx*D lies inside the row: [lo, hi).
                        int off = kx * dil[2] - pb[2];
                        int lo = Math.Max(0, (-off + st[2] - 1) / st[2]);
                        int hi = Math.Min(outp[2], (inp[2] - 1 - off) / st[2] + 1);
                        if (inp[2] - 1 - off < 0)
                        {
                            hi = 0;
                        }

                        for (int oz = 0; oz < outp[0]; oz++)
                        {
                            int iz = PaddingIndex.Resolve(mode, oz * st[0] - pb[0] + kz * dil[0], inp[0]);
                            if (iz < 0)
                            {
                                continue;
                            }

                            for (int oy = 0; oy < outp[1]; oy++)
                            {
                                int iy = PaddingIndex.Resolve(mode, oy * st[1] - pb[1] + ky * dil[1], inp[1]);
                                if (iy < 0)
                                {
                                    continue;
                                }

                                ReadOnlySpan<float> xr = x.Slice((iz * inp[1] + iy) * inp[2], inp[2]);
                                Span<float> yr = y.Slice((oz * outp[1] + oy) * outp[2], outp[2]);
                                if (mode != PaddingMode.Zeros)
                                {
                                    // Columns outside [lo, hi) read through the padding mode.
                                    for (int ox = 0; ox < outp[2]; ox++)
                                    {
                                        if (ox >= lo && ox < hi)
                                        {
                                            continue;
                                        }

                                        int ix = PaddingIndex.Resolve(mode, ox * st[2] + off, inp[2]);
                                        yr[ox] = MathF.FusedMultiplyAdd(wv, xr[ix], yr[ox]);
                                    }
                                }

                                Row(wv, xr, yr, lo, hi, st[2], off);
                            }
                        }
                    }
                }
            }
        }

        /// <summary><c>y[ox] += w * x[ox*S + off]</c> for ox in [lo, hi): vectorised for stride 1.</summary>
        private static void Row(float wv, ReadOnlySpan<float> xr, Span<float> yr, int lo, int hi, int stride, int off)
        {
            int ox = lo;
            if (stride == 1 && Vector.IsHardwareAccelerated)
            {
                var wvec = new Vector<float>(wv);
                ref float xs = ref MemoryMarshal.GetReference(xr);
                ref float ys = ref MemoryMarshal.GetReference(yr);
                for (; ox + Vector<float>.Count <= hi; ox += Vector<float>.Count)
                {
                    Vector<float> acc = Vector.LoadUnsafe(ref ys, (nuint)ox);
                    Vector<float> xv = Vector.LoadUnsafe(ref xs, (nuint)(ox + off));
                    Vector.FusedMultiplyAdd(wvec, xv, acc).StoreUnsafe(ref ys, (nuint)ox);
                }
            }

            for (; ox < hi; ox++)
            {
                yr[ox] = MathF.FusedMultiplyAdd(wv, xr[ox * stride + off], yr[ox]);
            }
        }

        private static void Epilogue(LayerShape s, int batch, in LayerOperands operands, Span<float> output, int outPlane)
        {
            for (int n = 0; n < batch; n++)
            {
                for (int oc = 0; oc < s.OutChannels; oc++)
                {
                    Span<float> y = output.Slice((n * s.OutChannels + oc) * outPlane, outPlane);
                    float bias = s.Bias ? operands.Bias[oc] : 0f;
                    float scale = 1f, shift = 0f;
                    if (s.BatchNorm)
                    {
                        scale = operands.Gamma[oc] / MathF.Sqrt(operands.RunningVar[oc] + (float)s.BatchNormEpsilon);
                        shift = operands.Beta[oc] - operands.RunningMean[oc] * scale;
                    }

                    ReadOnlySpan<float> r = s.Residual ? operands.Residual.Slice((n * s.OutChannels + oc) * outPlane, outPlane) : default;
                    for (int i = 0; i < y.Length; i++)
                    {
                        float v = y[i] + bias;
                        if (s.BatchNorm)
                        {
                            v = MathF.FusedMultiplyAdd(v, scale, shift);
                        }

                        if (s.Residual)
                        {
                            v += r[i];
                        }

                        y[i] = Activate(s, v);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static float Activate(LayerShape s, float v) => s.Activation switch
        {
            Activation.Relu => Activations.Relu(v),
            Activation.Relu6 => Activations.Relu6(v),
            Activation.LeakyRelu => Activations.LeakyRelu(v, (float)s.ActivationAlpha),
            Activation.Gelu => Activations.Gelu(v),
            Activation.Silu => Activations.Silu(v),
            Activation.Sigmoid => Activations.Sigmoid(v),
            Activation.Tanh => Activations.Tanh(v),
            _ => v,
        };

        private static int[] Pad3(int[] a, int fill)
        {
            var r = new[] { fill, fill, fill };
            for (int i = 0; i < a.Length; i++)
            {
                r[3 - a.Length + i] = a[i];
            }

            return r;
        }
    }
}
