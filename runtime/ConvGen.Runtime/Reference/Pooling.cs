using System;
using ConvGen.Shapes;

namespace ConvGen.Reference
{
    public static partial class ReferenceKernels
    {
        /// <summary>
        /// Max pooling. Window tap <c>k</c> of output <c>o</c> reads input <c>o*stride + k*dilation - padBefore</c>;
        /// padded positions are skipped (they never win). The maximum starts at -infinity and NaN propagates:
        /// <c>if (v &gt; m || IsNaN(v)) m = v</c>. The result is exact.
        /// </summary>
        private static void RunMaxPool(LayerShape s, int batch, ReadOnlySpan<float> input, Span<float> output)
        {
            var g = new Geometry(s);
            int[][] taps = new int[3][];
            for (int a = 0; a < 3; a++)
            {
                taps[a] = new int[g.Out[a] * g.Kernel[a]];
                for (int o = 0; o < g.Out[a]; o++)
                {
                    for (int k = 0; k < g.Kernel[a]; k++)
                    {
                        taps[a][o * g.Kernel[a] + k] = PaddingIndex.Zeros(o * g.Stride[a] + k * g.Dilation[a] - g.PadBefore[a], g.In[a]);
                    }
                }
            }

            int kD = g.Kernel[0], kH = g.Kernel[1], kW = g.Kernel[2];
            int channels = s.InChannels;
            for (int n = 0; n < batch; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    for (int od = 0; od < g.Out[0]; od++)
                    {
                        for (int oh = 0; oh < g.Out[1]; oh++)
                        {
                            for (int ow = 0; ow < g.Out[2]; ow++)
                            {
                                float m = float.NegativeInfinity;
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

                                            float v = input[Offset(s.Layout, n, c, channels, g.InIndex(id, ih, iw), g.InSpatial)];
                                            if (v > m || float.IsNaN(v))
                                            {
                                                m = v;
                                            }
                                        }
                                    }
                                }

                                output[Offset(s.Layout, n, c, channels, g.OutIndex(od, oh, ow), g.OutSpatial)] = m;
                            }
                        }
                    }
                }
            }
        }

        /// <summary>
        /// Average pooling (PyTorch's rule). On each axis the window of output <c>o</c> is <c>[a, b)</c> with
        /// <c>a = o*stride - padBefore</c> and <c>b = min(a + kernel, in + padAfter)</c>; the sum runs over the real
        /// positions <c>[max(a, 0), min(b, in))</c>. The divisor is the product of <c>b - a</c> over the axes when
        /// <see cref="LayerShape.CountIncludePad"/> is true, else the number of real elements summed.
        /// </summary>
        private static void RunAvgPool(LayerShape s, int batch, ReadOnlySpan<float> input, Span<float> output)
        {
            var g = new Geometry(s);
            var windows = new Window[3][];
            for (int a = 0; a < 3; a++)
            {
                windows[a] = new Window[g.Out[a]];
                for (int o = 0; o < g.Out[a]; o++)
                {
                    int start = o * g.Stride[a] - g.PadBefore[a];
                    int end = Math.Min(start + g.Kernel[a], g.In[a] + g.PadAfter[a]);
                    windows[a][o] = new Window(Math.Max(start, 0), Math.Min(end, g.In[a]), end - start);
                }
            }

            Average(s, g, batch, input, output, windows, s.CountIncludePad);
        }

        /// <summary>
        /// Adaptive (and global) average pooling: output index <c>i</c> on an axis averages the input window
        /// <see cref="ShapeMath.AdaptiveWindow"/> gives, <c>[floor(i*in/out), ceil((i+1)*in/out))</c>.
        /// </summary>
        private static void RunAdaptiveAvgPool(LayerShape s, int batch, ReadOnlySpan<float> input, Span<float> output)
        {
            var g = new Geometry(s);
            var windows = new Window[3][];
            for (int a = 0; a < 3; a++)
            {
                windows[a] = new Window[g.Out[a]];
                for (int o = 0; o < g.Out[a]; o++)
                {
                    ShapeMath.AdaptiveWindow(o, g.In[a], g.Out[a], out long start, out long end);
                    windows[a][o] = new Window((int)start, (int)end, (int)(end - start));
                }
            }

            Average(s, g, batch, input, output, windows, divideByFullSize: false);
        }

        /// <summary>
        /// Sums each box of real input positions in double and divides once: by the product of the windows' full
        /// sizes when <paramref name="divideByFullSize"/>, else by the number of elements summed.
        /// </summary>
        private static void Average(LayerShape s, Geometry g, int batch, ReadOnlySpan<float> input, Span<float> output, Window[][] windows, bool divideByFullSize)
        {
            int channels = s.InChannels;
            for (int n = 0; n < batch; n++)
            {
                for (int c = 0; c < channels; c++)
                {
                    for (int od = 0; od < g.Out[0]; od++)
                    {
                        Window wd = windows[0][od];
                        for (int oh = 0; oh < g.Out[1]; oh++)
                        {
                            Window wh = windows[1][oh];
                            for (int ow = 0; ow < g.Out[2]; ow++)
                            {
                                Window ww = windows[2][ow];
                                double sum = 0;
                                for (int id = wd.Start; id < wd.End; id++)
                                {
                                    for (int ih = wh.Start; ih < wh.End; ih++)
                                    {
                                        for (int iw = ww.Start; iw < ww.End; iw++)
                                        {
                                            sum += input[Offset(s.Layout, n, c, channels, g.InIndex(id, ih, iw), g.InSpatial)];
                                        }
                                    }
                                }

                                double divisor = divideByFullSize
                                    ? (double)wd.FullSize * wh.FullSize * ww.FullSize
                                    : (double)Math.Max(wd.End - wd.Start, 0) * Math.Max(wh.End - wh.Start, 0) * Math.Max(ww.End - ww.Start, 0);
                                output[Offset(s.Layout, n, c, channels, g.OutIndex(od, oh, ow), g.OutSpatial)] = (float)(sum / divisor);
                            }
                        }
                    }
                }
            }
        }

        /// <summary>One axis of a pooling window: the real positions <c>[Start, End)</c> and the full size, padding included.</summary>
        private readonly struct Window
        {
            public Window(int start, int end, int fullSize)
            {
                Start = start;
                End = end;
                FullSize = fullSize;
            }

            public int Start { get; }

            public int End { get; }

            public int FullSize { get; }
        }
    }
}
