using System;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace ConvGen.Benchmarks
{
    /// <summary>
    /// <c>dotnet run -c Release --project benchmarks/ConvGen.Benchmarks</c> runs BenchmarkDotNet (arguments pass through,
    /// e.g. <c>-- --filter *</c> or <c>-- --list flat</c>). <c>-- quick [generatedRuns] [referenceRuns]</c> skips
    /// BenchmarkDotNet and prints a Stopwatch table (median of 9 / 3 runs by default). <c>-- suite --suite FILE --threads N
    /// --out FILE.csv</c> times every layer of a suite file (compiled through the generator in memory) and writes CSV rows.
    /// </summary>
    internal static class Program
    {
        private static int Main(string[] args)
        {
            if (args.Length > 0 && args[0] == "suite")
            {
                return SuiteCommand.Run(args);
            }

            if (args.Length > 0 && args[0] == "quick")
            {
                int generatedRuns = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 9;
                int referenceRuns = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
                if (generatedRuns < 1 || referenceRuns < 1)
                {
                    Console.Error.WriteLine("quick: run counts must be at least 1.");
                    return 2;
                }

                return QuickBench.Run(generatedRuns, referenceRuns);
            }

            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return 0;
        }
    }
}
