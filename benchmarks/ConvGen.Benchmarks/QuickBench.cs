using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace ConvGen.Benchmarks
{
    /// <summary>
    /// Without BenchmarkDotNet: for each layer, warm up, then take the median of several Stopwatch-timed calls of the
    /// generated kernel, of the non-specialised runtime kernel (<c>ConvGen.Generic.GenericConvolution</c>, the same layer
    /// with the shape known only at run time) and of the reference kernel, check that they agree, and print a Markdown
    /// table: what specialisation gains over a generic vectorised kernel and over the naive oracle.
    /// </summary>
    internal static class QuickBench
    {
        public static int Run(int generatedRuns, int referenceRuns)
        {
            // One thread for every kernel, as the header says: the generic and reference kernels are single-threaded.
            ParallelKernels.DegreeOfParallelism = 1;
            Console.WriteLine(Invariant($"ConvGen quick benchmark: fp32, batch 1, NCHW, single thread; median of {generatedRuns} generated / {referenceRuns} reference runs after warm-up."));
            Console.WriteLine(Invariant($".NET {Environment.Version}, {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}"));
            Console.WriteLine();

            var rows = new List<string[]>
            {
                new[] { "Layer", "Kernel", "MACs", "Generated ms", "GFLOP/s", "Generic ms", "Generic GFLOP/s", "vs generic", "Reference ms", "Ref GFLOP/s", "vs reference", "Max rel. diff" },
            };
            bool allAgree = true;
            foreach (LayerCase layer in LayerCase.All)
            {
                Buffers buffers = layer.CreateBuffers();
                float[] expected = new float[layer.OutputElements];

                double generatedMs = MedianMs(() => layer.RunGenerated(buffers), warmUp: 3, generatedRuns);
                float[] generic = new float[layer.OutputElements];
                double genericMs = layer.HasGeneric ? MedianMs(() => layer.RunGeneric(buffers, generic), warmUp: 2, Math.Max(3, generatedRuns / 4)) : double.NaN;
                double referenceMs = MedianMs(() => layer.RunReference(buffers, expected), warmUp: 1, referenceRuns);
                double diff = MaxRelativeDiff(buffers.Output, expected);
                // Winograd rounds differently (docs/kernels.md: 5-11x the direct kernel's error), so it gets 1e-3.
                double tolerance = layer.Kernel.Contains("Winograd", StringComparison.Ordinal) ? 1e-3 : 1e-4;
                allAgree &= diff <= tolerance && (!layer.HasGeneric || MaxRelativeDiff(generic, expected) <= 1e-4);

                double gflops = layer.Operations / (generatedMs * 1e6);
                double referenceGflops = layer.Operations / (referenceMs * 1e6);
                rows.Add(
                [
                    layer.Name,
                    layer.Kernel,
                    Invariant($"{layer.Macs / 1e6:F1}M"),
                    Invariant($"{generatedMs:F3}"),
                    Invariant($"{gflops:F2}"),
                    layer.HasGeneric ? Invariant($"{genericMs:F3}") : "-",
                    layer.HasGeneric ? Invariant($"{layer.Operations / (genericMs * 1e6):F2}") : "-",
                    layer.HasGeneric ? Invariant($"{genericMs / generatedMs:F1}x") : "-",
                    Invariant($"{referenceMs:F3}"),
                    Invariant($"{referenceGflops:F2}"),
                    Invariant($"{referenceMs / generatedMs:F1}x"),
                    Invariant($"{diff:0.0e+0}"),
                ]);
            }

            Console.WriteLine(Markdown(rows));
            Console.WriteLine();
            Console.WriteLine("GFLOP/s = 2 * MACs / time (ResNetMaxPool: MACs are window compares, 1 op each). Max rel. diff: max |gen - ref| / max(1, |ref|).");
            foreach (LayerCase layer in LayerCase.All)
            {
                Console.WriteLine("  " + layer.Name + ": " + layer.Source);
            }

            if (!allAgree)
            {
                Console.WriteLine("ERROR: a generated or generic kernel disagrees with the reference by more than 1e-4 (1e-3 for Winograd).");
                return 1;
            }

            return 0;
        }

        private static double MedianMs(Action action, int warmUp, int runs)
        {
            for (int i = 0; i < warmUp; i++)
            {
                action();
            }

            double[] times = new double[runs];
            for (int i = 0; i < runs; i++)
            {
                long start = Stopwatch.GetTimestamp();
                action();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(times);
            return runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
        }

        private static double MaxRelativeDiff(float[] actual, float[] expected)
        {
            double max = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                double d = Math.Abs((double)actual[i] - expected[i]) / Math.Max(1.0, Math.Abs((double)expected[i]));
                if (!(d <= max))
                {
                    max = d; // NaN sticks
                }
            }

            return max;
        }

        private static string Markdown(List<string[]> rows)
        {
            int columns = rows[0].Length;
            int[] widths = new int[columns];
            foreach (string[] row in rows)
            {
                for (int c = 0; c < columns; c++)
                {
                    widths[c] = Math.Max(widths[c], row[c].Length);
                }
            }

            var sb = new StringBuilder();
            for (int r = 0; r < rows.Count; r++)
            {
                AppendRow(sb, rows[r], widths, rightAlignNumbers: r > 0);
                if (r == 0)
                {
                    var rule = new string[columns];
                    for (int c = 0; c < columns; c++)
                    {
                        rule[c] = c < 2 ? new string('-', widths[c]) : new string('-', widths[c] - 1) + ":";
                    }

                    AppendRow(sb, rule, widths, rightAlignNumbers: false);
                }
            }

            return sb.ToString().TrimEnd();
        }

        private static void AppendRow(StringBuilder sb, string[] cells, int[] widths, bool rightAlignNumbers)
        {
            sb.Append('|');
            for (int c = 0; c < cells.Length; c++)
            {
                string cell = rightAlignNumbers && c >= 2 ? cells[c].PadLeft(widths[c]) : cells[c].PadRight(widths[c]);
                sb.Append(' ').Append(cell).Append(" |");
            }

            sb.AppendLine();
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
    }
}
