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

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(8)]
        public async Task OnEveryThread_Runs_Once_On_The_Caller_And_Each_Worker(int degree)
        {
            int before = ParallelKernels.DegreeOfParallelism;
            try
            {
                ParallelKernels.DegreeOfParallelism = degree;
                Task<string?> run = Task.Run(() =>
                {
                    var threads = new System.Collections.Concurrent.ConcurrentBag<int>();
                    ParallelKernels.OnEveryThread(() => threads.Add(Environment.CurrentManagedThreadId));
                    int[] ids = threads.ToArray();
                    if (ids.Length != degree || new System.Collections.Generic.HashSet<int>(ids).Count != degree || Array.IndexOf(ids, Environment.CurrentManagedThreadId) < 0)
                    {
                        return $"{degree} threads: the action ran {ids.Length} times on {new System.Collections.Generic.HashSet<int>(ids).Count} threads (expected once on each of {degree}, the caller included)";
                    }

                    // The workers take items jobs as before.
                    return Run(17, degree);
                });
                Task finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
                Assert.True(finished == run, $"OnEveryThread on {degree} threads did not finish within 60 s");
                Assert.Null(await run);
            }
            finally
            {
                ParallelKernels.DegreeOfParallelism = before;
            }
        }

        [Fact]
        public async Task OnEveryThread_Reports_A_Workers_Exception_And_The_Worker_Lives_On()
        {
            int before = ParallelKernels.DegreeOfParallelism;
            try
            {
                ParallelKernels.DegreeOfParallelism = 2;
                Task<string?> run = Task.Run(() =>
                {
                    int caller = Environment.CurrentManagedThreadId;
                    var e = Assert.Throws<AggregateException>(() => ParallelKernels.OnEveryThread(() =>
                    {
                        if (Environment.CurrentManagedThreadId != caller)
                        {
                            throw new InvalidOperationException("worker failed");
                        }
                    }));
                    Assert.Equal("worker failed", e.InnerException!.Message);
                    // The caller's own exception propagates as it is.
                    Assert.Throws<InvalidOperationException>(() => ParallelKernels.OnEveryThread(() =>
                    {
                        if (Environment.CurrentManagedThreadId == caller)
                        {
                            throw new InvalidOperationException("caller failed");
                        }
                    }));
                    Assert.Throws<ArgumentNullException>(() => ParallelKernels.OnEveryThread(null!));
                    return Run(100, 2);
                });
                Task finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
                Assert.True(finished == run, "OnEveryThread with failing actions did not finish within 60 s");
                Assert.Null(await run);
            }
            finally
            {
                ParallelKernels.DegreeOfParallelism = before;
            }
        }

        [Fact]
        public void Reserve_Gives_At_Its_Memory_And_Checks_Its_Arguments()
        {
            Exception? failure = null;
            // A new thread, whose slots start empty.
            var thread = new Thread(() =>
            {
                try
                {
                    Assert.Equal(0, ScratchBuffers.Capacity(5));
                    ScratchBuffers.Reserve(5, 100_000);
                    int capacity = ScratchBuffers.Capacity(5);
                    Assert.True(capacity >= 100_000, "capacity " + capacity);
                    ref float reserved = ref ScratchBuffers.At(5, 100_000);
                    ScratchBuffers.Reserve(5, 50_000); // smaller: the same memory
                    Assert.True(System.Runtime.CompilerServices.Unsafe.AreSame(ref reserved, ref ScratchBuffers.At(5, 100_000)));
                    Assert.Equal(capacity, ScratchBuffers.Capacity(5));
                }
                catch (Exception e)
                {
                    failure = e;
                }
            });
            thread.Start();
            thread.Join();
            Assert.Null(failure);
            var slot = Assert.Throws<ArgumentOutOfRangeException>(() => ScratchBuffers.Reserve(8, 1));
            Assert.Contains("0 to 7", slot.Message, StringComparison.Ordinal);
            var length = Assert.Throws<ArgumentOutOfRangeException>(() => ScratchBuffers.Reserve(0, -1));
            Assert.Contains("-1", length.Message, StringComparison.Ordinal);
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
