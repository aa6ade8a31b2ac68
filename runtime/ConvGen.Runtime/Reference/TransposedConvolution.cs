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

            Gather(s, batch, ops, output, g, sources, transposed: true);
        }
    }
}
