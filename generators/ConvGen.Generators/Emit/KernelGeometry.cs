using System;
using ConvGen.Generators.Helpers;
using ConvGen.Shapes;

namespace ConvGen.Generators.Emit
{
    /// <summary>
    /// Constants every kernel emitter needs, derived once from a shape: strides for the interface layout, axis
    /// letters, and the interior ranges (output or input positions whose window is entirely in bounds).
    /// </summary>
    internal sealed class KernelGeometry
    {
        private static readonly string[] s_letters1 = { "x" };
        private static readonly string[] s_letters2 = { "y", "x" };
        private static readonly string[] s_letters3 = { "z", "y", "x" };

        public KernelGeometry(LayerShape s)
        {
            Shape = s;
            Rank = s.Rank;
            Letters = Rank == 1 ? s_letters1 : Rank == 2 ? s_letters2 : s_letters3;
            bool last = s.Layout == TensorLayout.Nhwc;
            InPositionStride = last ? s.InChannels : 1;
            OutPositionStride = last ? s.OutChannels : 1;
            InChannelStride = last ? 1 : s.InputSpatial;
            OutChannelStride = last ? 1 : s.OutputSpatial;
            InAxisStride = new long[Rank];
            OutAxisStride = new long[Rank];
            long inner = 1, outer = 1;
            for (int a = Rank - 1; a >= 0; a--)
            {
                InAxisStride[a] = inner * InPositionStride;
                OutAxisStride[a] = outer * OutPositionStride;
                inner *= s.Input[a];
                outer *= s.Output[a];
            }

            Lo = new int[Rank];
            Hi = new int[Rank];
            for (int a = 0; a < Rank; a++)
            {
                long span = (long)s.Dilation[a] * (s.Kernel[a] - 1);
                if (s.Kind == LayerKind.ConvTranspose)
                {
                    // Input positions i whose taps i*S - P + k*D all land in [0, O).
                    ShapeMath.InteriorRange(s.PadBefore[a], span, s.Stride[a], s.Output[a], s.Input[a], out Lo[a], out Hi[a]);
                }
                else
                {
                    // Output positions o whose taps o*S - P + k*D all land in [0, I).
                    ShapeMath.InteriorRange(s.PadBefore[a], span, s.Stride[a], s.Input[a], s.Output[a], out Lo[a], out Hi[a]);
                }
            }
        }

        public LayerShape Shape { get; }

        public int Rank { get; }

        /// <summary>Axis letters: x; y, x; z, y, x.</summary>
        public string[] Letters { get; }

        public long InPositionStride { get; }

        public long OutPositionStride { get; }

        public long InChannelStride { get; }

        public long OutChannelStride { get; }

        public long[] InAxisStride { get; }

        public long[] OutAxisStride { get; }

        /// <summary>First interior position per axis (output positions; input positions for transposed).</summary>
        public int[] Lo { get; }

        /// <summary>One past the last interior position per axis.</summary>
        public int[] Hi { get; }

        public long InItem => Shape.InputItemLength;

        public long OutItem => Shape.OutputItemLength;

        /// <summary>True when some position is interior on every axis.</summary>
        public bool HasInterior
        {
            get
            {
                for (int a = 0; a < Rank; a++)
                {
                    if (Lo[a] >= Hi[a])
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>Interior test for the outer axes (all but the last), or null when every outer position is interior.</summary>
        public string? OuterInteriorCondition(string prefix, int[] extent)
        {
            string cond = "";
            for (int a = 0; a < Rank - 1; a++)
            {
                if (Lo[a] == 0 && Hi[a] == extent[a])
                {
                    continue;
                }

                string v = prefix + Letters[a];
                string part = Lo[a] > 0 ? v + " >= " + CodeWriter.I(Lo[a]) + " && " + v + " < " + CodeWriter.I(Hi[a]) : v + " < " + CodeWriter.I(Hi[a]);
                cond += (cond.Length > 0 ? " && " : "") + part;
            }

            return cond.Length == 0 ? null : cond;
        }

        /// <summary>Readable linear expression <c>v * mul + add</c> with the trivial parts left out.</summary>
        public static string Lin(string v, long mul, long add)
        {
            string s = mul == 1 ? v : mul == 0 ? "" : v + " * " + CodeWriter.I(mul);
            if (s.Length == 0)
            {
                return CodeWriter.I(add);
            }

            if (add > 0)
            {
                return s + " + " + CodeWriter.I(add);
            }

            if (add < 0)
            {
                return s + " - " + CodeWriter.I(-add);
            }

            return s;
        }

        /// <summary>
        /// Floats from the weights of a vector's first channel to those of channel <paramref name="channel"/> further on, when the
        /// weights are packed in runs of <paramref name="block"/> channels, each <paramref name="run"/> x <paramref name="block"/>
        /// floats (the channel lanes' sub-blocks, <c>ChannelBlocks.Pack</c>; the Winograd lane GEMM's blocks): the run the
        /// channel lies in, then its place in the run.
        /// </summary>
        public static long BlockedChannelOffset(int channel, int block, long run) => (long)(channel / block) * run * block + channel % block;

        /// <summary><c>(expr) * mul</c> with parentheses only when needed.</summary>
        public static string Times(string expr, long mul)
        {
            if (mul == 1 || expr == "0")
            {
                return expr;
            }

            bool simple = expr.IndexOf(' ') < 0;
            return (simple ? expr : "(" + expr + ")") + " * " + CodeWriter.I(mul);
        }

        /// <summary>Sum of terms, dropping "0".</summary>
        public static string Sum(params string[] terms)
        {
            string r = "";
            foreach (string t in terms)
            {
                if (t == "0" || t.Length == 0)
                {
                    continue;
                }

                r += (r.Length > 0 ? " + " : "") + t;
            }

            return r.Length == 0 ? "0" : r;
        }
    }
}
