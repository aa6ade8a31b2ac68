using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using ConvGen.Reference;
using ConvGen.Shapes;

namespace ConvGen.Samples.Filters
{
    /// <summary>One row of the results table.</summary>
    internal sealed record LayerResult(string Name, string OutputShape, long Macs, double MaxError, double Milliseconds, string Kernel);

    /// <summary>
    /// Runs a generated layer, times it and compares it with <see cref="ReferenceKernels.Run"/>, the straightforward
    /// double-precision oracle in ConvGen.Runtime. The timing is a demo, not a benchmark: one warm-up call (which also
    /// JIT-compiles the kernel), then the median of <see cref="TimedRuns"/> calls measured with a <see cref="Stopwatch"/>.
    /// </summary>
    internal static class LayerCheck
    {
        /// <summary>Calls measured per layer; the median is reported.</summary>
        public const int TimedRuns = 5;

        /// <summary>The largest |generated - reference| accepted; above it the program exits non-zero.</summary>
        public const double Tolerance = 1e-3;

        /// <summary>
        /// Runs <paramref name="call"/> (which calls the generated method with <paramref name="input"/> and
        /// <paramref name="weight"/> and writes its argument), checks it against the reference, and returns the
        /// output together with the table row.
        /// </summary>
        /// <param name="outputElements">The generated <c>OutputElements</c> constant: the output buffer's length.</param>
        /// <param name="weight">The layer's weights, or null for pooling.</param>
        public static float[] Run(string name, LayerShape layer, int outputElements, long macsPerItem, string kernel, float[] input, float[]? weight, Action<float[]> call, List<LayerResult> results)
        {
            int batch = layer.Batch;
            var output = new float[outputElements];

            call(output); // warm-up
            var times = new double[TimedRuns];
            for (int i = 0; i < TimedRuns; i++)
            {
                long start = Stopwatch.GetTimestamp();
                call(output);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(times);

            var expected = new float[output.Length];
            ReferenceKernels.Run(layer, batch, new LayerOperands { Input = input, Weight = weight }, expected);

            results.Add(new LayerResult(name, ShapeText(batch, layer), macsPerItem * batch, MaxAbsDifference(output, expected), times[TimedRuns / 2], kernel));
            return output;
        }

        /// <summary>max |a[i] - b[i]|; NaN if either side has a NaN (so a NaN can never pass the check).</summary>
        public static double MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
        {
            double max = 0;
            for (int i = 0; i < a.Length; i++)
            {
                double d = Math.Abs((double)a[i] - b[i]);
                if (double.IsNaN(d))
                {
                    return double.NaN;
                }

                max = Math.Max(max, d);
            }

            return max;
        }

        /// <summary>True when the row is within <see cref="Tolerance"/> (false for NaN).</summary>
        public static bool Passed(LayerResult r) => r.MaxError <= Tolerance;

        /// <summary>Prints the table, one row per layer.</summary>
        public static void PrintTable(IReadOnlyList<LayerResult> results)
        {
            const string format = "{0,-15} {1,-17} {2,13} {3,11} {4,10}  {5}";
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, format, "layer", "output (NCHW)", "MACs", "max |err|", "time (ms)", "kernel"));
            Console.WriteLine(new string('-', 110));
            foreach (LayerResult r in results)
            {
                Console.WriteLine(string.Format(
                    CultureInfo.InvariantCulture,
                    format,
                    r.Name,
                    r.OutputShape,
                    r.Macs.ToString("N0", CultureInfo.InvariantCulture),
                    r.MaxError.ToString("0.00E+00", CultureInfo.InvariantCulture) + (Passed(r) ? "" : " !"),
                    r.Milliseconds.ToString("F2", CultureInfo.InvariantCulture),
                    r.Kernel));
            }
        }

        private static string ShapeText(int batch, LayerShape s)
        {
            var dims = new List<string> { batch.ToString(CultureInfo.InvariantCulture), s.OutChannels.ToString(CultureInfo.InvariantCulture) };
            foreach (int d in s.Output)
            {
                dims.Add(d.ToString(CultureInfo.InvariantCulture));
            }

            return string.Join("x", dims);
        }
    }
}
