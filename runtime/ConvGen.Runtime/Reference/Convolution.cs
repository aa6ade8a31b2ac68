using System;
using ConvGen.Shapes;

namespace ConvGen.Reference
{
    public static partial class ReferenceKernels
    {
        /// <summary>
        /// Convolution (cross-correlation):
        /// <c>out[n,o,y] = epilogue(sum_{c &lt; Cin/g} sum_k xpad[n, g*Cin/g + c, y*stride + k*dilation - padBefore] * w[o,c,k])</c>
        /// with <c>g = o / (Cout/groups)</c>. Padded positions are resolved per axis by <see cref="PaddingIndex.Resolve"/>
        /// (index -1 reads zero), which is how PyTorch pads each axis independently.
        /// </summary>
        private static void RunConvolution(LayerShape s, int batch, in LayerOperands ops, Span<float> output)
        {
            var g = new Geometry(s);

            // taps[a][o * K + k] = the real input index that output o, kernel tap k reads on axis a, or -1 (zero).
            int[][] taps = new int[3][];
            for (int a = 0; a < 3; a++)
            {
                taps[a] = new int[g.Out[a] * g.Kernel[a]];
                for (int o = 0; o < g.Out[a]; o++)
                {
                    for (int k = 0; k < g.Kernel[a]; k++)
                    {
                        int padded = o * g.Stride[a] + k * g.Dilation[a] - g.PadBefore[a];
                        taps[a][o * g.Kernel[a] + k] = PaddingIndex.Resolve(s.PaddingMode, padded, g.In[a]);
                    }
                }
            }

            Gather(s, batch, ops, output, g, taps, transposed: false);
        }

        /// <summary>
        /// The loop both convolution kinds share: for every output element, sum over the input channels of its group
        /// and every kernel tap whose per-axis source index (from <paramref name="taps"/>, -1 = none) is real, in
        /// double, then apply the epilogue. Only the tap tables and the weight layout differ between the kinds:
        /// convolution weights are [Cout, Cin/g, k...], transposed ones [Cin, Cout/g, k...].
        /// </summary>
        private static void Gather(LayerShape s, int batch, in LayerOperands ops, Span<float> output, Geometry g, int[][] taps, bool transposed)
        {
            ReadOnlySpan<float> input = ops.Input;
            ReadOnlySpan<float> weight = ops.Weight;
            int cinG = s.InChannels / s.Groups;
            int coutG = s.OutChannels / s.Groups;
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
                                    int wBase = (transposed ? ic * coutG + local : oc * cinG + c) * g.KernelSpatial;
                                    for (int kd = 0; kd < kD; kd++)
                                    {
                                        int id = taps[0][od * kD + kd];
                                        if (id < 0)
                                        {
                                            continue;
                                        }

                                        for (int kh = 0; kh < kH; kh++)
                                        {
                                            int ih = taps[1][oh * kH + kh];
                                            if (ih < 0)
                                            {
                                                continue;
                                            }

                                            for (int kw = 0; kw < kW; kw++)
                                            {
                                                int iw = taps[2][ow * kW + kw];
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
