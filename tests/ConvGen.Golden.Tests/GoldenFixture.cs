using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text;
using ConvGen.Shapes;
using ConvGen.Tests.Shared;
using ConvGen.TestSupport;

namespace ConvGen.Golden.Tests
{
    /// <summary>How a golden case is declared: fixed batch (NCHW), batch given at call time, or channels-last.</summary>
    public enum GoldenVariant
    {
        FixedNchw,
        DynamicBatch,
        Nhwc,
        /// <summary>Algorithm = Winograd forced (only cases Winograd can run: 2-D 3x3 or 1-D 3, stride 1, dilation 1, one group).</summary>
        Winograd,
        /// <summary>Algorithm = WinogradF2x2 forced (the 2-D cases Winograd can run).</summary>
        WinogradF2x2,
    }

    /// <summary>
    /// Declares every golden case as a ConvGen layer (once per <see cref="GoldenVariant"/>) in one source file,
    /// runs the generator on it in memory, compiles and loads the result. Each layer gets an array-taking wrapper
    /// so tests can call it through a delegate.
    /// </summary>
    public sealed class GoldenFixture
    {
        private static readonly Lazy<GoldenFixture> s_instance = new(() => new GoldenFixture());
        private readonly Dictionary<string, Action<float[][], float[], int>> _layers = new(StringComparer.Ordinal);

        private GoldenFixture()
        {
            Set = GoldenSet.Load();
            Source = BuildSource(Set);
            GeneratorRun run = GeneratorHarness.Run(Source);
            Exceptions = run.Exceptions.Select(e => e.ToString()).ToList();
            GeneratedFiles = run.Sources.Count;
            Assembly assembly = GeneratorHarness.EmitAndLoad(run.Output);
            Type type = assembly.GetType("GoldenCases.Layers", throwOnError: true)!;
            foreach (GoldenCase c in Set.Cases)
            {
                foreach (GoldenVariant v in VariantsOf(c))
                {
                    string name = WrapperName(c, v);
                    MethodInfo m = type.GetMethod(name) ?? throw new InvalidOperationException("missing " + name);
                    _layers[name] = m.CreateDelegate<Action<float[][], float[], int>>();
                }
            }
        }

        public static GoldenFixture Instance => s_instance.Value;

        public GoldenSet Set { get; }

        public string Source { get; }

        public IReadOnlyList<string> Exceptions { get; }

        public int GeneratedFiles { get; }

        /// <summary>Calls the generated layer: operands in signature order (input, weight, bias, bn...), output, batch.</summary>
        public void Invoke(GoldenCase c, GoldenVariant v, float[][] operands, float[] output, int batch)
            => _layers[WrapperName(c, v)](operands, output, batch);

        public static string MethodName(GoldenCase c, GoldenVariant v) => "L_" + Sanitize(c.Name) + "_" + v;

        private static string WrapperName(GoldenCase c, GoldenVariant v) => "Call_" + Sanitize(c.Name) + "_" + v;

        private static string Sanitize(string s) => new(s.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_').ToArray());

        /// <summary>The variants a case is declared in: all but Winograd, plus Winograd where it can run (and F(2x2,3x3) on the 2-D ones).</summary>
        public static IEnumerable<GoldenVariant> VariantsOf(GoldenCase c)
        {
            yield return GoldenVariant.FixedNchw;
            yield return GoldenVariant.DynamicBatch;
            yield return GoldenVariant.Nhwc;
            if (WinogradApplies(c))
            {
                yield return GoldenVariant.Winograd;
                if (GoldenLayer.FromCase(c).Rank == 2)
                {
                    yield return GoldenVariant.WinogradF2x2;
                }
            }
        }

        /// <summary>True when Winograd (F(4x4,3x3) in 2-D, F(4,3) in 1-D) can run the case (the shape rules accept Algorithm = Winograd).</summary>
        public static bool WinogradApplies(GoldenCase c)
        {
            GoldenLayer layer = GoldenLayer.FromCase(c);
            if (layer.Kind != LayerKind.Conv || layer.Rank == 3)
            {
                return false;
            }

            LayerShape s = LayerShapeBuilder.Build(layer.Kind, layer.Rank, layer.ToLayerArguments(), c.Name, new List<ShapeViolation>());
            return LayerShapeBuilder.WinogradBlocker(s) is null;
        }

        /// <summary>Operand keys in signature order for a case.</summary>
        public static List<string> OperandKeys(GoldenCase c)
        {
            var keys = new List<string> { GoldenTensors.Input };
            foreach (string k in new[] { GoldenTensors.Weight, GoldenTensors.Bias, GoldenTensors.BnWeight, GoldenTensors.BnBias, GoldenTensors.BnRunningMean, GoldenTensors.BnRunningVar })
            {
                if (c.Has(k))
                {
                    keys.Add(k);
                }
            }

            return keys;
        }

        private static string BuildSource(GoldenSet set)
        {
            var sb = new StringBuilder();
            sb.Append("using System;\nusing ConvGen;\n\nnamespace GoldenCases\n{\n    public static partial class Layers\n    {\n");
            foreach (GoldenCase c in set.Cases)
            {
                GoldenLayer layer = GoldenLayer.FromCase(c);
                List<string> keys = OperandKeys(c);
                foreach (GoldenVariant v in VariantsOf(c))
                {
                    var args = layer.Arguments.Where(a => v != GoldenVariant.DynamicBatch || a.Key != "Batch").Select(a => a.Key + " = " + a.Value).ToList();
                    if (v == GoldenVariant.DynamicBatch)
                    {
                        args.Add("DynamicBatch = true");
                    }

                    if (v == GoldenVariant.Nhwc)
                    {
                        args.Add("Layout = TensorLayout.Nhwc");
                    }

                    if (v == GoldenVariant.Winograd)
                    {
                        args.Add("Algorithm = ConvAlgorithm.Winograd");
                    }

                    if (v == GoldenVariant.WinogradF2x2)
                    {
                        args.Add("Algorithm = ConvAlgorithm.WinogradF2x2");
                    }

                    var ps = keys.Select((k, i) => "ReadOnlySpan<float> p" + i.ToString(CultureInfo.InvariantCulture)).ToList();
                    ps.Add("Span<float> output");
                    if (v == GoldenVariant.DynamicBatch)
                    {
                        ps.Add("int batch");
                    }

                    string method = MethodName(c, v);
                    sb.Append("        [").Append(layer.AttributeName).Append('(').Append(string.Join(", ", args)).Append(")]\n");
                    sb.Append("        public static partial void ").Append(method).Append('(').Append(string.Join(", ", ps)).Append(");\n");
                    var call = keys.Select((k, i) => "ops[" + i.ToString(CultureInfo.InvariantCulture) + "]").ToList();
                    call.Add("output");
                    if (v == GoldenVariant.DynamicBatch)
                    {
                        call.Add("batch");
                    }

                    sb.Append("        public static void ").Append(WrapperName(c, v)).Append("(float[][] ops, float[] output, int batch) => ")
                      .Append(method).Append('(').Append(string.Join(", ", call)).Append(");\n\n");
                }
            }

            sb.Append("    }\n}\n");
            return sb.ToString();
        }
    }
}
