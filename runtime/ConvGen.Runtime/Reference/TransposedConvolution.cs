using System;
using ConvGen.Shapes;

namespace ConvGen.Reference
{
    public static partial class ReferenceKernels
    {
        /// <summary>
        /// Transposed convolution. Each input element scatters <c>x[n,c,i] * w[c, o_local, k]</c> into full-buffer
        /// position <c>i*stride + k*dilation</c>; the output is that buffer with <c>padBefore</c> elements cropped from
        /// the start, and the output padding is extra (bias-only) positions at the end. It is computed here as the
        /// equivalent gather, so each output element's sum is accumulated in one double: output position <c>p</c>
        /// receives tap <c>k</c> from input <c>i = (p + padBefore - k*dilation) / stride</c> when that division is
        /// exact and <c>0 &lt;= i &lt; in</c>.
        /// </summary>
        private static void RunTransposedConvolution(LayerShape s, int batch, in LayerOperands ops, Span<float> output)
        {
            var g = new Geometry(s);
            ReadOnlySpan<float> input = ops.Input;
            ReadOnlySpan<float> weight = ops.Weight;
            int cinG = s.InChannels / s.Groups;
            int coutG = s.OutChannels / s.Groups;

            // sources[a][p * K + k] = the input index whose tap k lands on output p along axis a, or -1 (none).
            int[][] sources = new int[3][];
            for (int a = 0; a < 3; a++)
            {
                sources[a] = new int[g.Out[a] * g.Kernel[a]];
                for (int p = 0; p < g.Out[a]; p++)
                {
                    for (int k = 0; k < g.Kernel[a]; k++)
                    {
                        int q = p + g.PadBefore[a] - k * g.Dilation[a];
                        int i = q >= 0 && q % g.Stride[a] == 0 ? q / g.Stride[a] : -1;
                        sources[a][p * g.Kernel[a] + k] = i < g.In[a] ? i : -1;
                    }
                }
            }

            int kD = g.Kernel[0], kH = g.Kernel[1], kW = g.Kernel[2];
            for (int n = 0; n < batch; n++)
            {
                for (int oc = 0; oc < s.OutChannels; oc++)
                {
                    int group = oc / coutG;
                    int local = oc % coutG;
                    for (int od = 0; od < g.Out[0]; od++)
                    {
                        for (int oh = 0; oh < g.Out[1]; oh++)
                        {
                            for (int ow = 0; ow < g.Out[2]; ow++)
                            {
                                double sum = 0;
                                for (int c = 0; c < cinG; c++)
                                {
                                    int ic = group * cinG + c;
                                    int wBase = (ic * coutG + local) * g.KernelSpatial;
                                    for (int kd = 0; kd < kD; kd++)
                                    {
                                        int id = sources[0][od * kD + kd];
                                        if (id < 0)
                                        {
                                            continue;
                                        }

                                        for (int kh = 0; kh < kH; kh++)
                                        {
                                            int ih = sources[1][oh * kH + kh];
                                            if (ih < 0)
                                            {
                                                continue;
                                            }

                                            for (int kw = 0; kw < kW; kw++)
                                            {
                                                int iw = sources[2][ow * kW + kw];
                                                if (iw < 0)
                                                {
                                                    continue;
                                                }

                                                float x = input[Offset(s.Layout, n, ic, s.InChannels, g.InIndex(id, ih, iw), g.InSpatial)];
                                                float w = weight[wBase + (kd * kH + kh) * kW + kw];
                                                sum += (double)x * w;
                                            }
                                        }
                                    }
                                }

                                int outOffset = Offset(s.Layout, n, oc, s.OutChannels, g.OutIndex(od, oh, ow), g.OutSpatial);
                                output[outOffset] = Epilogue(s, ops, oc, sum, outOffset);
                            }
                        }
                    }
                }
            }
        }
    }
}
