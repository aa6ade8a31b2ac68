using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace ConvGen
{
    /// <summary>The work of one item of a parallel kernel call; <paramref name="operands"/> holds the pinned tensors.</summary>
    public delegate void KernelBody(int item, in KernelOperands operands);

    /// <summary>
    /// The tensors of one kernel call, pinned for the duration of the call so worker threads can reach them. Generated
    /// kernels read them back as <c>ref float</c>; absent operands are null references that are never read.
    /// </summary>
    public readonly unsafe struct KernelOperands
    {
        private readonly float* _input, _weight, _bias, _gamma, _beta, _runningMean, _runningVar, _residual, _output;
        private readonly int _tag;

        internal KernelOperands(float* input, float* weight, float* bias, float* gamma, float* beta, float* runningMean, float* runningVar, float* residual, float* output, int tag)
        {
            _input = input;
            _weight = weight;
            _bias = bias;
            _gamma = gamma;
            _beta = beta;
            _runningMean = runningMean;
            _runningVar = runningVar;
            _residual = residual;
            _output = output;
            _tag = tag;
        }

        /// <summary>The input tensor.</summary>
        public ref float Input => ref Unsafe.AsRef<float>(_input);

        /// <summary>The weights.</summary>
        public ref float Weight => ref Unsafe.AsRef<float>(_weight);

        /// <summary>The bias (null reference when the layer has none).</summary>
        public ref float Bias => ref Unsafe.AsRef<float>(_bias);

        /// <summary>Batch-norm gamma.</summary>
        public ref float Gamma => ref Unsafe.AsRef<float>(_gamma);

        /// <summary>Batch-norm beta.</summary>
        public ref float Beta => ref Unsafe.AsRef<float>(_beta);

        /// <summary>Batch-norm running mean.</summary>
        public ref float RunningMean => ref Unsafe.AsRef<float>(_runningMean);

        /// <summary>Batch-norm running variance.</summary>
        public ref float RunningVar => ref Unsafe.AsRef<float>(_runningVar);

        /// <summary>The residual tensor.</summary>
        public ref float Residual => ref Unsafe.AsRef<float>(_residual);

        /// <summary>The output tensor.</summary>
        public ref float Output => ref Unsafe.AsRef<float>(_output);

        /// <summary>A value the caller passed along (generated kernels pass the ISA level they chose for the call).</summary>
        public int Tag => _tag;
    }

    /// <summary>
    /// Runs the items of a generated kernel on up to <see cref="DegreeOfParallelism"/> threads: the caller plus
    /// persistent background workers, started on first use; each thread works through its own contiguous share of the
    /// items first, then helps with the others'. A call allocates nothing and creates no tasks. Each
    /// output is computed by exactly one item, in the same order whatever the thread count, so results are
    /// bitwise identical for any degree of parallelism. Calls that arrive while another is running (from other
    /// threads, or nested) run on their calling thread alone.
    /// </summary>
    public static unsafe class ParallelKernels
    {
        /// <summary>Calls whose total work (in multiply-accumulates) is below this run on the calling thread. With items claimed
        /// in grains, MobileNetV2's 14x14 depthwise layer (1M MACs) runs 1.6x faster on two threads than on one.</summary>
        public const long MinParallelWork = 500_000;

        private static readonly object s_gate = new object();
        private static int s_degree = Initial();
        private static Worker[] s_workers = Array.Empty<Worker>();

        // The job being run; written by the caller under s_gate before the workers are released.
        private static KernelBody? s_body;
        private static KernelOperands s_operands;
        private static int s_count;
        private static int s_grain;
        private static int s_runningDegree;
        private static int s_generation;

        // The action of an OnEveryThread job (null for an items job), and the first exception a worker met running it.
        private static Action? s_action;
        private static Exception? s_failure;

        // Thread t's share of the items is [Start(t), Start(t + 1)); its next unclaimed item is s_next[t * Pad]. Each
        // counter has a cache line of its own, so claiming in one's own share touches no line another thread writes.
        private const int Pad = 16;
        private static int[] s_next = new int[Pad];

        /// <summary>
        /// How long (5 ms) an idle worker keeps spinning for the next job before it blocks. Waking a blocked thread costs
        /// far more than a kernel call of a few hundred microseconds, so back-to-back layers keep the workers hot (as
        /// OpenMP runtimes do); a worker idle for longer sleeps and costs nothing.
        /// </summary>
        private static readonly long s_spinTicks = System.Diagnostics.Stopwatch.Frequency / 200;

        /// <summary>
        /// Threads a kernel call may use, the caller included (default: the environment variable CONVGEN_THREADS, else
        /// the processor count). 1 runs everything on the calling thread.
        /// </summary>
        public static int DegreeOfParallelism
        {
            get => s_degree;
            set
            {
                if (value < 1)
                {
                    throw new ArgumentOutOfRangeException(nameof(value), value, "DegreeOfParallelism must be at least 1.");
                }

                s_degree = value;
            }
        }

        /// <summary>
        /// Runs <paramref name="body"/> for every item in <c>[0, count)</c>. <paramref name="workPerItem"/> is the
        /// item's multiply-accumulates, used to keep small calls on one thread. Pass
        /// <c>ref Unsafe.NullRef&lt;float&gt;()</c> for operands the layer does not have.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void For(int count, long workPerItem, KernelBody body, int tag,
            ref float input, ref float weight, ref float bias, ref float gamma, ref float beta, ref float runningMean, ref float runningVar, ref float residual, ref float output)
        {
            fixed (float* pi = &input, pw = &weight, pb = &bias, pg = &gamma, pbe = &beta, pm = &runningMean, pv = &runningVar, pr = &residual, po = &output)
            {
                var operands = new KernelOperands(pi, pw, pb, pg, pbe, pm, pv, pr, po, tag);
                int degree = Math.Min(s_degree, count);
                if (degree <= 1 || workPerItem * count < MinParallelWork || !Monitor.TryEnter(s_gate))
                {
                    for (int i = 0; i < count; i++)
                    {
                        body(i, in operands);
                    }

                    return;
                }

                try
                {
                    RunParallel(count, body, operands, degree);
                }
                finally
                {
                    Monitor.Exit(s_gate);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void RunParallel(int count, KernelBody body, KernelOperands operands, int degree)
        {
            EnsureWorkers(degree - 1);
            if (s_next.Length < degree * Pad)
            {
                s_next = new int[degree * Pad];
            }

            s_body = body;
            s_operands = operands;
            s_count = count;
            s_runningDegree = degree;
            for (int t = 0; t < degree; t++)
            {
                s_next[t * Pad] = Start(t, count, degree);
            }

            // About 8 claims per thread: coarse enough that claiming costs nothing, fine enough to balance.
            s_grain = Math.Max(1, count / (degree * 8));
            // The job goes to exactly the workers it needs (a worker started for a larger degree earlier stays idle),
            // each through its own field: spinning ones see it at once, sleeping ones are woken.
            // Generations stay positive (a worker's job field tells assigned, running and idle apart by sign).
            int generation = s_generation = s_generation == int.MaxValue ? 1 : s_generation + 1;
            for (int i = 0; i < degree - 1; i++)
            {
                s_workers[i].Assign(generation);
            }

            Work(0);
            // Join: a worker that has not picked the job up by now (its core busy with something else, or the worker
            // descheduled) has it taken back, since the caller has already run its items; one that has picked it up
            // finishes the grain it holds. Spinning, not blocking: a blocked caller is woken on the worker's core and
            // the two then share it for milliseconds (measured: no speed-up at all).
            for (int i = 0; i < degree - 1; i++)
            {
                s_workers[i].Join(generation);
            }

            s_body = null;
        }

        /// <summary>
        /// Runs <paramref name="action"/> once on the calling thread and once on each background worker a call with the
        /// current <see cref="DegreeOfParallelism"/> uses (starting the workers that do not exist yet), and returns when all
        /// have run it. Generated layers' <c>Prepare</c> reserves every thread's scratch through it, at load time rather
        /// than in a first call. Waits for a call running on other threads to finish first; not for use inside a kernel.
        /// </summary>
        public static void OnEveryThread(Action action)
        {
            ArgumentNullException.ThrowIfNull(action);
            lock (s_gate)
            {
                int workers = s_degree - 1;
                EnsureWorkers(workers);
                s_action = action;
                int generation = s_generation = s_generation == int.MaxValue ? 1 : s_generation + 1;
                for (int i = 0; i < workers; i++)
                {
                    s_workers[i].Assign(generation);
                }

                try
                {
                    action();
                }
                finally
                {
                    // Every assigned worker runs the action (none is taken back): wait for each to finish it.
                    for (int i = 0; i < workers; i++)
                    {
                        s_workers[i].Await();
                    }

                    s_action = null;
                }

                if (s_failure is { } failure)
                {
                    s_failure = null;
                    throw new AggregateException("An action run on a ConvGen worker thread failed.", failure);
                }
            }
        }

        /// <summary>The first item of thread <paramref name="t"/>'s share: the items split into equal contiguous ranges.</summary>
        private static int Start(int t, int count, int degree) => (int)((long)count * t / degree);

        /// <summary>
        /// Claims items a grain at a time, first from this thread's own share, then from the others' (in order after
        /// its own), until none is left. Own shares first: a layer called again gives each thread the same items, whose
        /// data is still in that core's cache, as static scheduling does; taking from the others' shares keeps a thread
        /// that was delayed (by the machine, or by slower items) from holding up the call.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Work(int self)
        {
            KernelBody body = s_body!;
            int grain = s_grain, count = s_count, degree = s_runningDegree;
            int[] next = s_next;
            for (int k = 0; k < degree; k++)
            {
                int t = (self + k) % degree;
                int end = Start(t + 1, count, degree);
                int start;
                // One contended atomic per item cost more than MobileNetV2's 576 tiny depthwise items themselves.
                while ((start = Interlocked.Add(ref next[t * Pad], grain) - grain) < end)
                {
                    int stop = Math.Min(start + grain, end);
                    for (int i = start; i < stop; i++)
                    {
                        body(i, in s_operands);
                    }
                }
            }
        }

        private static void EnsureWorkers(int needed)
        {
            if (s_workers.Length >= needed)
            {
                return;
            }

            var workers = new Worker[needed];
            Array.Copy(s_workers, workers, s_workers.Length);
            for (int i = s_workers.Length; i < needed; i++)
            {
                workers[i] = new Worker(i);
            }

            s_workers = workers;
        }

        private static int Initial()
        {
            string? value = Environment.GetEnvironmentVariable("CONVGEN_THREADS");
            return int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1
                ? n
                : Math.Max(1, Environment.ProcessorCount);
        }

        /// <summary>
        /// A persistent thread that runs the jobs assigned to it. Its job field holds 0 when idle, the generation
        /// <c>g</c> of a job assigned but not yet picked up, and <c>-g</c> while it runs that job; the worker picks a job
        /// up and the caller takes an unstarted one back with compare-and-swap, so a job is either run by the worker
        /// (and the caller waits for it) or not at all. Only assigned workers take part in a job: before, every started
        /// worker took part in every job and counted itself done in one shared counter, so after a call with more
        /// threads than the next one, the extra workers' counts could end the wait early or carry it past zero.
        /// </summary>
        private sealed class Worker
        {
            private readonly SemaphoreSlim _start = new SemaphoreSlim(0);
            private readonly int _index;
            private int _sleeping;
            private int _job;

            public Worker(int index)
            {
                _index = index;
                var thread = new Thread(Loop) { IsBackground = true, Name = "ConvGen worker " + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                thread.Start();
            }

            /// <summary>Gives the worker the job of <paramref name="generation"/> and releases it if it is blocked.</summary>
            public void Assign(int generation)
            {
                Volatile.Write(ref _job, generation);
                if (Interlocked.Exchange(ref _sleeping, 0) == 1)
                {
                    _start.Release();
                }
            }

            /// <summary>Returns once the worker has run the job assigned to it (an <see cref="OnEveryThread"/> job, never taken back).</summary>
            public void Await()
            {
                while (Volatile.Read(ref _job) != 0)
                {
                    Thread.SpinWait(20);
                }
            }

            /// <summary>Returns once the worker no longer touches the job: taken back if not yet picked up, else finished.</summary>
            public void Join(int generation)
            {
                if (Interlocked.CompareExchange(ref _job, 0, generation) == generation)
                {
                    return;
                }

                while (Volatile.Read(ref _job) != 0)
                {
                    Thread.SpinWait(20);
                }
            }

            private void Loop()
            {
                while (true)
                {
                    int generation = WaitForJob();
                    if (Interlocked.CompareExchange(ref _job, -generation, generation) != generation)
                    {
                        continue; // taken back by the caller, which ran the items itself
                    }

                    if (s_action is { } action)
                    {
                        RunAction(action);
                    }
                    else
                    {
                        Work(_index + 1);
                    }

                    Volatile.Write(ref _job, 0);
                }
            }

            /// <summary>Runs an <see cref="OnEveryThread"/> action, keeping the first exception for the caller (a worker must not die).</summary>
            private static void RunAction(Action action)
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref s_failure, e, null);
                }
            }

            /// <summary>Spins (then sleeps) until a job is assigned; returns its generation.</summary>
            private int WaitForJob()
            {
                long until = System.Diagnostics.Stopwatch.GetTimestamp() + s_spinTicks;
                while (true)
                {
                    int job = Volatile.Read(ref _job);
                    if (job > 0)
                    {
                        return job;
                    }

                    if (System.Diagnostics.Stopwatch.GetTimestamp() < until)
                    {
                        // Plain pause instructions: yielding (SpinWait.SpinOnce) let the worker be descheduled for
                        // about a millisecond at a time on this kind of machine, longer than a whole kernel call.
                        Thread.SpinWait(20);
                        continue;
                    }

                    // Announce the sleep, then look once more: a job assigned in between is not missed, and a wake-up
                    // meant for it that arrives later only makes one more pass of this loop.
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _job) > 0)
                    {
                        continue;
                    }

                    _start.Wait();
                    until = System.Diagnostics.Stopwatch.GetTimestamp() + s_spinTicks;
                }
            }
        }
    }
}
