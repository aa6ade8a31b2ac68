using System;
using System.Diagnostics;

namespace ConvGen.ColdStart
{
    /// <summary>
    /// Layers of the standard suite, declared at build time (the cold-start question is about compiled code), as an
    /// inference program declares them: weights packed once at load (<c>PackedWeights = true</c>), the layers the suite CLI
    /// times.
    /// </summary>
    public static partial class Layers
    {
        [Conv2D(InChannels = 64, OutChannels = 64, Height = 56, Width = 56, Kernel = 3, Padding = 1, PackedWeights = true)]
        public static partial void R50Layer1Conv3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        [Conv2D(InChannels = 64, OutChannels = 256, Height = 56, Width = 56, Kernel = 1, PackedWeights = true)]
        public static partial void R50Layer1Conv1x1(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        [Conv2D(InChannels = 256, OutChannels = 256, Height = 14, Width = 14, Kernel = 3, Padding = 1, PackedWeights = true)]
        public static partial void R50Layer3Conv3x3(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        [Conv2D(InChannels = 32, OutChannels = 32, Groups = 32, Height = 112, Width = 112, Kernel = 3, Padding = 1, PackedWeights = true)]
        public static partial void MobileNetDepthwise(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);

        [ConvTranspose2D(InChannels = 128, OutChannels = 64, Height = 28, Width = 28, Kernel = 4, Stride = 2, Padding = 1, PackedWeights = true)]
        public static partial void UNetUpsample(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);
    }

    public static class Program
    {
        private delegate void Layer(ReadOnlySpan<float> input, PackedWeights weight, Span<float> output);

        private delegate PackedWeights Pack(ReadOnlySpan<float> weight);

        /// <summary>
        /// Prints <c>layer,kernel,load_ms,first_call_ms,steady_median_ms,first_over_steady</c> for each layer, in a fresh
        /// process. Load: PackWeights, then the layer's Prepare (worker threads started, scratch reserved and mapped) unless
        /// <c>--no-prepare</c> is given, in which case the first call pays for those.
        /// </summary>
        public static int Main(string[] args)
        {
            bool prepare = Array.IndexOf(args, "--no-prepare") < 0;
            var total = Stopwatch.StartNew();
            Console.WriteLine("layer,kernel,load_ms,first_call_ms,steady_median_ms,first_over_steady");
            Run("r50_l1_3x3", Layers.R50Layer1Conv3x3Shape.Kernel, Layers.R50Layer1Conv3x3, Layers.R50Layer1Conv3x3Shape.PackWeights, prepare ? Layers.R50Layer1Conv3x3Shape.Prepare : null,
                Layers.R50Layer1Conv3x3Shape.InputElements, Layers.R50Layer1Conv3x3Shape.WeightElements, Layers.R50Layer1Conv3x3Shape.OutputElements);
            Run("r50_l1_1x1", Layers.R50Layer1Conv1x1Shape.Kernel, Layers.R50Layer1Conv1x1, Layers.R50Layer1Conv1x1Shape.PackWeights, prepare ? Layers.R50Layer1Conv1x1Shape.Prepare : null,
                Layers.R50Layer1Conv1x1Shape.InputElements, Layers.R50Layer1Conv1x1Shape.WeightElements, Layers.R50Layer1Conv1x1Shape.OutputElements);
            Run("r50_l3_3x3", Layers.R50Layer3Conv3x3Shape.Kernel, Layers.R50Layer3Conv3x3, Layers.R50Layer3Conv3x3Shape.PackWeights, prepare ? Layers.R50Layer3Conv3x3Shape.Prepare : null,
                Layers.R50Layer3Conv3x3Shape.InputElements, Layers.R50Layer3Conv3x3Shape.WeightElements, Layers.R50Layer3Conv3x3Shape.OutputElements);
            Run("mnv2_dw_112", Layers.MobileNetDepthwiseShape.Kernel, Layers.MobileNetDepthwise, Layers.MobileNetDepthwiseShape.PackWeights, prepare ? Layers.MobileNetDepthwiseShape.Prepare : null,
                Layers.MobileNetDepthwiseShape.InputElements, Layers.MobileNetDepthwiseShape.WeightElements, Layers.MobileNetDepthwiseShape.OutputElements);
            Run("unet_tconv", Layers.UNetUpsampleShape.Kernel, Layers.UNetUpsample, Layers.UNetUpsampleShape.PackWeights, prepare ? Layers.UNetUpsampleShape.Prepare : null,
                Layers.UNetUpsampleShape.InputElements, Layers.UNetUpsampleShape.WeightElements, Layers.UNetUpsampleShape.OutputElements);
            Console.WriteLine("# process total " + total.Elapsed.TotalMilliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " ms, ISA " + Isa.Current
                + ", threads " + ParallelKernels.DegreeOfParallelism.ToString(System.Globalization.CultureInfo.InvariantCulture) + (prepare ? ", Prepare at load" : ", no Prepare"));
            return 0;
        }

        private static void Run(string name, string kernel, Layer layer, Pack pack, Action? prepare, int inputs, int weights, int outputs)
        {
            var random = new Random(7);
            float[] x = new float[inputs], w = new float[weights], y = new float[outputs];
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = random.NextSingle() - 0.5f;
            }

            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (random.NextSingle() - 0.5f) * 0.1f;
            }

            // Write the output once before timing: a fresh array's pages are mapped on first touch (1x1 layer: 3.2 MB,
            // about 4 ms of page faults here), a cost of the caller's new buffer, not of the kernel's first call.
            Array.Fill(y, 1f);
            var watch = Stopwatch.StartNew();
            PackedWeights packed = pack(w);
            prepare?.Invoke();
            double load = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            layer(x, packed, y);
            double first = watch.Elapsed.TotalMilliseconds;
            double[] times = new double[41];
            for (int i = 0; i < times.Length; i++)
            {
                watch.Restart();
                layer(x, packed, y);
                times[i] = watch.Elapsed.TotalMilliseconds;
            }

            Array.Sort(times);
            double steady = times[times.Length / 2];
            var c = System.Globalization.CultureInfo.InvariantCulture;
            Console.WriteLine(name + "," + kernel + "," + load.ToString("F3", c) + "," + first.ToString("F3", c) + "," + steady.ToString("F3", c) + "," + (first / steady).ToString("F2", c));
        }
    }
}
