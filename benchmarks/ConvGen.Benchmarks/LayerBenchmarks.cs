using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace ConvGen.Benchmarks
{
    /// <summary>
    /// Each layer's generated kernel against <see cref="Reference.ReferenceKernels.Run"/> (the baseline), so the Ratio
    /// column is generated time over reference time. Extra columns: the kernel timed and its GFLOP/s.
    /// ShortRun keeps the suite to minutes: the reference kernels take a large fraction of a second per call.
    /// </summary>
    [ShortRunJob]
    [Config(typeof(LayerBenchmarksConfig))]
    public class LayerBenchmarks
    {
        private LayerCase _case = LayerCase.All[0];
        private Buffers _buffers = new([], [], []);

        /// <summary>The layer names, one benchmark case each.</summary>
        public static IEnumerable<string> LayerNames => LayerCase.All.Select(c => c.Name);

        /// <summary>The layer of this case (a <see cref="LayerCase.Name"/>).</summary>
        [ParamsSource(nameof(LayerNames))]
        public string Layer { get; set; } = LayerCase.All[0].Name;

        [GlobalSetup]
        public void Setup()
        {
            _case = LayerCase.Find(Layer);
            _buffers = _case.CreateBuffers();
        }

        /// <summary>The non-specialised double-accumulating oracle.</summary>
        [Benchmark(Baseline = true)]
        public void Reference() => _case.RunReference(_buffers, _buffers.Output);

        /// <summary>The kernel ConvGen generated for this exact shape.</summary>
        [Benchmark]
        public void Generated() => _case.RunGenerated(_buffers);

        /// <summary>The same layer through the non-specialised runtime kernel; layers it does not run (pooling) run the reference here, so read this row only for convolutions.</summary>
        [Benchmark]
        public void GenericOrReference()
        {
            if (_case.HasGeneric)
            {
                _case.RunGeneric(_buffers, _buffers.Output);
            }
            else
            {
                _case.RunReference(_buffers, _buffers.Output);
            }
        }
    }

    /// <summary>Adds the GFLOP/s and kernel-name columns.</summary>
    public class LayerBenchmarksConfig : ManualConfig
    {
        public LayerBenchmarksConfig()
        {
            AddColumn(new KernelColumn(), new GflopsColumn());
        }
    }

    /// <summary>Base of the two custom columns: finds the case's layer.</summary>
    internal abstract class LayerColumn : IColumn
    {
        public abstract string Id { get; }

        public abstract string ColumnName { get; }

        public abstract string Legend { get; }

        public abstract bool IsNumeric { get; }

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public UnitType UnitType => UnitType.Dimensionless;

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            ArgumentNullException.ThrowIfNull(summary);
            ArgumentNullException.ThrowIfNull(benchmarkCase);
            if (benchmarkCase.Parameters[nameof(LayerBenchmarks.Layer)] is not string layer)
            {
                return "?";
            }

            bool generated = benchmarkCase.Descriptor.WorkloadMethod.Name == nameof(LayerBenchmarks.Generated);
            return Value(summary, benchmarkCase, LayerCase.Find(layer), generated);
        }

        protected abstract string Value(Summary summary, BenchmarkCase benchmarkCase, LayerCase layer, bool generated);

        public override string ToString() => ColumnName;
    }

    /// <summary>The kernel the case times.</summary>
    internal sealed class KernelColumn : LayerColumn
    {
        public override string Id => nameof(KernelColumn);

        public override string ColumnName => "Kernel";

        public override string Legend => "Generated: the kernel ConvGen chose ({Method}Shape.Kernel); Reference: ReferenceKernels.Run";

        public override bool IsNumeric => false;

        protected override string Value(Summary summary, BenchmarkCase benchmarkCase, LayerCase layer, bool generated) =>
            generated ? layer.Kernel : "ReferenceKernels.Run";
    }

    /// <summary>Effective GFLOP/s: 2 * MACs / mean time (1 op per compare for max pooling).</summary>
    internal sealed class GflopsColumn : LayerColumn
    {
        public override string Id => nameof(GflopsColumn);

        public override string ColumnName => "GFLOP/s";

        public override string Legend => "Effective GFLOP/s = 2 * MACs / mean time (max pooling: window compares / mean time)";

        public override bool IsNumeric => true;

        protected override string Value(Summary summary, BenchmarkCase benchmarkCase, LayerCase layer, bool generated)
        {
            double? meanNs = summary[benchmarkCase]?.ResultStatistics?.Mean;
            return meanNs is double ns && ns > 0
                ? (layer.Operations / ns).ToString("F2", CultureInfo.InvariantCulture)
                : "NA";
        }
    }
}
