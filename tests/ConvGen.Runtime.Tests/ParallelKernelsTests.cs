using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>The work split: every item runs exactly once, whatever the item count and thread count, call after call.</summary>
    public sealed class ParallelKernelsTests
    {
        private static int[] s_runs = new int[1];

        private static void Count(int item, in KernelOperands operands) => Interlocked.Increment(ref s_runs[item]);

        /// <summary>
        /// The degrees change from case to case in one process, so workers started for 8 threads stay idle in calls for
        /// 2 (before each job went only to the workers it needed, those extra workers miscounted the join and hung the caller).
        /// </summary>
        [Theory]
        [InlineData(1000, 8)]
        [InlineData(1, 2)]
        [InlineData(2, 2)]
        [InlineData(3, 2)]
        [InlineData(17, 2)]
        [InlineData(100, 3)]
        [InlineData(577, 2)]
        [InlineData(5, 8)]
        public async Task Every_Item_Runs_Exactly_Once(int count, int degree)
        {
            int before = ParallelKernels.DegreeOfParallelism;
            try
            {
                ParallelKernels.DegreeOfParallelism = degree;
                // On a thread of its own with a time limit: a lost wake-up or a miscounted join hangs instead of failing.
                Task<string?> calls = Task.Run(() => Run(count, degree));
                Task finished = await Task.WhenAny(calls, Task.Delay(TimeSpan.FromSeconds(60)));
                Assert.True(finished == calls, $"{count} items on {degree} threads: 20 calls did not finish within 60 s");
                Assert.Null(await calls);
            }
            finally
            {
                ParallelKernels.DegreeOfParallelism = before;
            }
        }

        private static string? Run(int count, int degree)
        {
            float[] data = GC.AllocateArray<float>(1, pinned: true);
            for (int call = 0; call < 20; call++)
            {
                s_runs = new int[count];
                // Work per item large enough that the call goes parallel.
                ParallelKernels.For(count, ParallelKernels.MinParallelWork, Count, 0, ref data[0], ref data[0], ref data[0], ref data[0], ref data[0], ref data[0], ref data[0], ref data[0], ref data[0]);
                for (int i = 0; i < count; i++)
                {
                    if (s_runs[i] != 1)
                    {
                        return $"call {call}: item {i} of {count} ran {s_runs[i]} times on {degree} threads (expected 1)";
                    }
                }
            }

            return null;
        }
    }
}
