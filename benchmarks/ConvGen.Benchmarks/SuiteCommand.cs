using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ConvGen.Shapes;
using ConvGen.Tests.Shared;

namespace ConvGen.Benchmarks
{
    /// <summary>
    /// <c>suite --suite FILE --threads N --out FILE.csv [--isa v512|v256|scalar] [--emit DIR] [--seconds S] [--channels-last]</c>: times every layer of a suite file
    /// (the format of benchmarks/data/suite.json: name, op conv1d|conv2d|conv3d|conv_transpose2d, N, Cin, Cout, in, k,
    /// stride, pad, dil, groups; optional algorithm, a <c>ConvAlgorithm</c> name that forces the kernel family; optional layout, nchw (the default) or nhwc, channels last for input and output). Each layer is declared as a ConvGen attribute and compiled through the generator in
    /// memory at start-up, so any shape can be measured without editing code. Timing follows the peers' scripts: a
    /// warm-up (at least 3 calls and 0.2 s), then at least 20 calls and 0.5 s (<c>--seconds</c>); median and best. Rows:
    /// <c>layer,peer,threads,macs,median_ms,best_ms,gflops_median,algorithm</c> with peer = convgen; algorithm is the kernel's name and the ISA level it ran at (<c>...__V512@V256</c> on a machine without AVX-512). The first call of
    /// every layer (JIT and weight packing included) is printed too, as the cold-start figure. Layers are declared with
    /// <c>PackedWeights = true</c> and called with weights packed once, as an inference application would (and as the
    /// oneDNN program has its weights in its chosen layout before timing). <c>--emit DIR</c> also writes the generated
    /// source of every layer to DIR (one file per layer, as the generator names them), to read the kernels measured.
    /// <c>--channels-last</c> also times every 2-D layer that names no layout in NHWC, as rows with peer = convgen_cl: the
    /// counterpart of PyTorch's channels_last rows (torch_cl) and of oneDNN choosing its own blocked layout (format_tag::any),
    /// for a model that keeps its activations channels-last between layers.
    /// </summary>
    internal static class SuiteCommand
    {
        private sealed record SuiteLayer(string Name, string Op, int N, int Cin, int Cout, int[] In, int[] K, int[] Stride, int[] Pad, int[] Dil, int Groups, string? Algorithm, string? Layout, string Peer = "convgen");

        public static int Run(string[] args)
        {
            string suite = Path.Combine(AppContext.BaseDirectory, "data", "suite.json");
            string? output = null, emit = null;
            bool channelsLast = false;
            int threads = ParallelKernels.DegreeOfParallelism;
            for (int i = 1; i < args.Length; i++)
            {
                if (args[i] == "--channels-last")
                {
                    channelsLast = true;
                    continue;
                }

                string value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException(args[i] + " needs a value.");
                switch (args[i])
                {
                    case "--suite": suite = value; i++; break;
                    case "--out": output = value; i++; break;
                    case "--emit": emit = value; i++; break;
                    case "--seconds": s_seconds = ParseSeconds(value); i++; break;
                    case "--threads": threads = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                    case "--isa": Isa.Ceiling = value.ToUpperInvariant() switch { "SCALAR" => IsaLevel.Scalar, "V256" => IsaLevel.V256, _ => IsaLevel.V512 }; i++; break;
                    default: throw new ArgumentException("Unknown argument '" + args[i] + "'. Use --suite FILE --threads N --out FILE.csv [--isa v512|v256|scalar] [--emit DIR] [--seconds S] [--channels-last].");
                }
            }

            ParallelKernels.DegreeOfParallelism = threads;
            List<SuiteLayer> layers = Load(suite);
            if (channelsLast)
            {
                // Each 2-D layer that names no layout, again in NHWC, right after it (the same name, peer convgen_cl).
                layers = layers.SelectMany(l => l.K.Length == 2 && l.Layout is null ? new[] { l, l with { Layout = "nhwc", Peer = "convgen_cl" } } : new[] { l }).ToList();
            }

            var compile = Stopwatch.StartNew();
            Assembly assembly = Compile(layers, emit);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compiled {layers.Count} layers through the generator in {compile.Elapsed.TotalSeconds:F1} s; ISA {Isa.Current}, {threads} thread(s)"));
            (double quietSeconds, long rejitted) = WaitForQuietJit();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"waited {quietSeconds:F1} s for the background JIT to finish ({rejitted} methods compiled meanwhile)"));
            Type type = assembly.GetType("Suite.Layers", throwOnError: true)!;
            // Roslyn's garbage from compiling the suite is collected now, blocking, so no background collection runs beside
            // the first layers' timing: on two threads ResNet's stem ran 0.79-0.81 ms per call when it came first in the
            // file and 0.67 ms when second; with this collection 0.68 ms in either place.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var rows = new StringBuilder("layer,peer,threads,macs,median_ms,best_ms,gflops_median,algorithm\n");
            foreach (SuiteLayer layer in layers)
            {
                string method = MethodName(layer);
                var call = type.GetMethod("Call_" + method)!.CreateDelegate<Action<AlignedBuffer, float[], AlignedBuffer>>();
                var shape = (LayerShape)type.GetNestedType(method + "Shape")!.GetProperty("Layer")!.GetValue(null)!;
                // The kernel's name says the widest tiles it has; the ISA level it ran at on this machine follows the '@'.
                string kernel = (string)type.GetNestedType(method + "Shape")!.GetField("Kernel")!.GetValue(null)! + "@" + Isa.Current;
                var random = new Random(7);
                // Input and output on 64-byte boundaries, as the peers allocate theirs (oneDNN's memory objects and PyTorch's
                // CPU allocator both align to 64 bytes); a plain array starts wherever the GC put it.
                var x = new AlignedBuffer(checked((int)(shape.InputItemLength * shape.Batch)));
                Fill(x.Span, random);
                float[] w = Fill(new float[shape.WeightLength], random);
                var y = new AlignedBuffer(checked((int)(shape.OutputItemLength * shape.Batch)));
                long macs = shape.MacsPerItem * shape.Batch;
                var first = Stopwatch.StartNew();
                call(x, w, y);
                double firstMs = first.Elapsed.TotalMilliseconds;
                (double median, double best) = Time(() => call(x, w, y));
                double gflops = 2.0 * macs / (median / 1e3) / 1e9;
                rows.Append(string.Create(CultureInfo.InvariantCulture, $"{layer.Name},{layer.Peer},{threads},{macs},{median:F4},{best:F4},{gflops:F2},{kernel}\n"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{layer.Name + (layer.Peer == "convgen" ? "" : " (" + layer.Peer + ")"),-14} {macs / 1e6,9:F1} MMAC  median {median,9:F3} ms  best {best,9:F3} ms  {gflops,7:F1} GFLOP/s  first call {firstMs,8:F2} ms  {kernel}"));
            }

            if (output is not null)
            {
                File.WriteAllText(output, rows.ToString());
                Console.Error.WriteLine("wrote " + output);
            }

            return 0;
        }

        private static List<SuiteLayer> Load(string path)
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            var layers = new List<SuiteLayer>();
            foreach (JsonElement e in doc.RootElement.GetProperty("layers").EnumerateArray())
            {
                int[] Ints(string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();
                layers.Add(new SuiteLayer(e.GetProperty("name").GetString()!, e.GetProperty("op").GetString()!, e.GetProperty("N").GetInt32(),
                    e.GetProperty("Cin").GetInt32(), e.GetProperty("Cout").GetInt32(), Ints("in"), Ints("k"), Ints("stride"), Ints("pad"), Ints("dil"), e.GetProperty("groups").GetInt32(),
                    e.TryGetProperty("algorithm", out JsonElement algorithm) ? algorithm.GetString() : null,
                    e.TryGetProperty("layout", out JsonElement layout) ? layout.GetString() : null));
            }

            return layers;
        }

        private static string MethodName(SuiteLayer l) => "L_" + new string(l.Name.Select(c => char.IsLetterOrDigit(c) ? c : '_').ToArray()) + (l.Peer == "convgen" ? "" : "_" + l.Peer);

        /// <summary>The layer as a ConvGen declaration, with an array-taking wrapper for timing.</summary>
        private static Assembly Compile(List<SuiteLayer> layers, string? emit)
        {
            var sb = new StringBuilder("using System;\nusing ConvGen;\nnamespace Suite\n{\n    public static partial class Layers\n    {\n");
            foreach (SuiteLayer l in layers)
            {
                int rank = l.K.Length;
                string kind = l.Op switch
                {
                    "conv_transpose1d" or "conv_transpose2d" or "conv_transpose3d" => "ConvTranspose",
                    _ => "Conv",
                };
                string[] sizes = AxisNames.SizeNames(rank);
                string[] sfx = AxisNames.Suffixes(rank);
                // Inference with fixed weights: packed once (PackWeights, on the first call), as the oneDNN program times
                // its primitives with the weights already in the layout they chose.
                var a = new List<string> { "Batch = " + I(l.N), "InChannels = " + I(l.Cin), "OutChannels = " + I(l.Cout), "Groups = " + I(l.Groups), "PackedWeights = true" };
                if (l.Algorithm is not null)
                {
                    a.Add("Algorithm = ConvAlgorithm." + l.Algorithm);
                }

                if (l.Layout is not null)
                {
                    a.Add("Layout = TensorLayout." + (l.Layout.Equals("nhwc", StringComparison.OrdinalIgnoreCase) ? "Nhwc" : "Nchw"));
                }

                for (int i = 0; i < rank; i++)
                {
                    a.Add(sizes[i] + " = " + I(l.In[i]));
                    a.Add("Kernel" + sfx[i] + " = " + I(l.K[i]));
                    a.Add("Stride" + sfx[i] + " = " + I(l.Stride[i]));
                    a.Add("Padding" + sfx[i] + " = " + I(l.Pad[i]));
                    a.Add("Dilation" + sfx[i] + " = " + I(l.Dil[i]));
                }

                string m = MethodName(l);
                sb.Append("        [").Append(kind).Append(I(rank)).Append("D(").Append(string.Join(", ", a)).Append(")]\n");
                sb.Append("        public static partial void ").Append(m).Append("(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);\n");
                sb.Append("        private static PackedWeights? s_").Append(m).Append(";\n");
                sb.Append("        public static void Call_").Append(m).Append("(AlignedBuffer x, float[] w, AlignedBuffer y) => ").Append(m).Append("(x, s_").Append(m).Append(" ??= ").Append(m).Append("Shape.PackWeights(w), y);\n");
            }

            sb.Append("    }\n}\n");
            GeneratorRun run = GeneratorHarness.Run(sb.ToString());
            foreach (Exception e in run.Exceptions)
            {
                throw new InvalidOperationException("the generator failed", e);
            }

            if (emit is not null)
            {
                Directory.CreateDirectory(emit);
                foreach (KeyValuePair<string, string> source in run.Sources)
                {
                    File.WriteAllText(Path.Combine(emit, source.Key), source.Value);
                }
            }

            return GeneratorHarness.EmitAndLoad(run.Output);
        }

        /// <summary>
        /// Waits until the JIT has compiled nothing for 0.5 s (at most 30 s). Compiling the layers runs Roslyn in this
        /// process, and tiered compilation then recompiles Roslyn's hot methods on a background thread for a second or
        /// more; timed meanwhile, a two-thread kernel shares the machine's two cores with that thread (measured: VGG's
        /// 3x3 layer at 4.7 ms per call before the JIT thread woke, 16 ms while it ran).
        /// </summary>
        private static (double Seconds, long Compiled) WaitForQuietJit()
        {
            var clock = Stopwatch.StartNew();
            long first = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false), last = first;
            double quietSince = 0;
            while (clock.Elapsed.TotalSeconds < 30)
            {
                System.Threading.Thread.Sleep(100);
                long now = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
                if (now != last)
                {
                    last = now;
                    quietSince = clock.Elapsed.TotalSeconds;
                }
                else if (clock.Elapsed.TotalSeconds - quietSince >= 0.5)
                {
                    break;
                }
            }

            return (clock.Elapsed.TotalSeconds, last - first);
        }

        /// <summary>The timing window per layer (<c>--seconds</c>, default 0.5): longer windows ride out a noisy machine's slow phases.</summary>
        private static double s_seconds = 0.5;

        private static double ParseSeconds(string value)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds > 0 && seconds <= 600))
            {
                throw new ArgumentException("--seconds expects a timing window in seconds, more than 0 and at most 600; got '" + value + "'.");
            }

            return seconds;
        }

        private static (double MedianMs, double BestMs) Time(Action action)
        {
            var clock = Stopwatch.StartNew();
            for (int k = 0; k < 3 || clock.Elapsed.TotalSeconds < 0.2; k++)
            {
                action();
            }

            var times = new List<double>();
            clock.Restart();
            while (times.Count < 20 || clock.Elapsed.TotalSeconds < s_seconds)
            {
                long t0 = Stopwatch.GetTimestamp();
                action();
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }

            times.Sort();
            return (times[times.Count / 2], times[0]);
        }

        private static float[] Fill(float[] values, Random random)
        {
            Fill(values.AsSpan(), random);
            return values;
        }

        private static void Fill(Span<float> values, Random random)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)(random.NextDouble() * 2 - 1);
            }
        }

        private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
