using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using ConvGen.Shapes;
using ConvGen.Tests.Shared;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>
    /// Seeded random 1-D layers forced to Winograd F(4,3): undilated, dilated by a multiple of 8 (dilation lanes: tiles of
    /// outputs d apart, any padding and length), and dilation 2 or 4 on their dilation phases, with random lengths, channel
    /// counts (the weights' runs of 12 output channels, full and partial), asymmetric padding, every padding mode (causal
    /// too) and every epilogue. Each must match the reference kernels and give the same bits at every ISA level and on 1
    /// and 2 threads. <see cref="FuzzTests"/> draws its Winograd layers in 2-D only.
    /// </summary>
    [Collection(IsaCollection.Name)]
    public sealed class Winograd1DFuzzTests
    {
        private const int Seed = 20261207;
        private const int Count = 24;

        private static readonly Lazy<(Assembly Assembly, List<(string Name, string Attribute)> Layers)> s_compiled = new(() =>
        {
            List<(string Name, string Attribute, string Parameters)> layers = Generate();
            GeneratorRun run = GeneratorHarness.Run(Declarations.Source(layers.ToArray()));
            Assert.Empty(run.Exceptions);
            return (GeneratorHarness.EmitAndLoad(run.Output), layers.Select(l => (l.Name, l.Attribute)).ToList());
        });

        public static IEnumerable<object[]> Names() => Enumerable.Range(0, Count).Select(i => new object[] { Name(i) });

        [Theory]
        [MemberData(nameof(Names))]
        public void Random_1D_Winograd_Layer_Matches_Reference_And_Gives_The_Same_Bits_Everywhere(string name)
        {
            (Assembly assembly, List<(string Name, string Attribute)> layers) = s_compiled.Value;
            string attribute = layers.Single(l => l.Name == name).Attribute;
            Type type = assembly.GetType("Demo.Layers", throwOnError: true)!;
            Assert.Contains("_Conv1d_WinogradF43_", (string)type.GetNestedType(name + "Shape")!.GetField("Kernel")!.GetValue(null)!, StringComparison.Ordinal);
            IsaLevel savedIsa = Isa.Ceiling;
            int savedThreads = ParallelKernels.DegreeOfParallelism;
            try
            {
                float[]? first = null;
                string firstRun = "";
                foreach (IsaLevel level in new[] { IsaLevel.V512, IsaLevel.V256, IsaLevel.Scalar })
                {
                    foreach (int threads in new[] { 1, 2 })
                    {
                        IsaTests.SetLevel(level);
                        ParallelKernels.DegreeOfParallelism = threads;
                        var (shape, output, expected) = EndToEndTests.RunLayer(assembly, name);
                        string run = attribute + " at " + Isa.Current + ", " + threads.ToString(CultureInfo.InvariantCulture) + " thread(s)";
                        // Winograd's bound of FuzzTests: ten times the direct kernels' for the transforms' rounding.
                        double atol = 2e-6 * Math.Sqrt(shape.InChannels * 3.0) * 8 * 10;
                        for (int i = 0; i < output.Length; i++)
                        {
                            Assert.True(Math.Abs((double)output[i] - expected[i]) <= atol * Math.Max(1, Math.Abs(expected[i])),
                                run + ": element " + i + " is " + output[i] + ", reference " + expected[i]);
                        }

                        if (first is null)
                        {
                            first = output;
                            firstRun = run;
                            continue;
                        }

                        for (int i = 0; i < output.Length; i++)
                        {
                            Assert.True(BitConverter.SingleToInt32Bits(first[i]) == BitConverter.SingleToInt32Bits(output[i]),
                                "element " + i + " is " + first[i] + " for " + firstRun + " but " + output[i] + " for " + run);
                        }
                    }
                }
            }
            finally
            {
                Isa.Ceiling = savedIsa;
                Isa.Emulate512 = false;
                ParallelKernels.DegreeOfParallelism = savedThreads;
            }
        }

        [Fact]
        public void Random_Layers_Reach_Dilation_Lanes_Phases_And_Undilated_Tiles()
        {
            (_, List<(string Name, string Attribute)> layers) = s_compiled.Value;
            Assert.Contains(layers, l => !l.Attribute.Contains("Dilation", StringComparison.Ordinal));
            Assert.Contains(layers, l => l.Attribute.Contains("Dilation = 2,", StringComparison.Ordinal) || l.Attribute.Contains("Dilation = 4,", StringComparison.Ordinal));
            foreach (int d in new[] { 8, 16, 24 })
            {
                Assert.Contains(layers, l => l.Attribute.Contains("Dilation = " + d.ToString(CultureInfo.InvariantCulture) + ",", StringComparison.Ordinal));
            }

            Assert.Contains(layers, l => l.Attribute.Contains("Dilation = 8,", StringComparison.Ordinal) && l.Attribute.Contains("PaddingMode", StringComparison.Ordinal));
        }

        private static string Name(int i) => "Wino1D" + i.ToString("D2", CultureInfo.InvariantCulture);

        /// <summary>Valid random declarations (draws the shape rules reject, or too large, are drawn again).</summary>
        private static List<(string Name, string Attribute, string Parameters)> Generate()
        {
            var rng = new Random(Seed);
            var layers = new List<(string, string, string)>();
            while (layers.Count < Count)
            {
                List<(string Key, string Text, double Value)> args = Draw(rng, layers.Count);
                var arguments = new LayerArguments();
                foreach (var (key, _, value) in args)
                {
                    arguments.Set(key, value);
                }

                var violations = new List<ShapeViolation>();
                LayerShape shape = LayerShapeBuilder.Build(LayerKind.Conv, 1, arguments, "fuzz", violations);
                if (violations.Any(v => v.Severity == ViolationSeverity.Error) || shape.MacsPerItem > 3_000_000)
                {
                    continue;
                }

                var ps = new List<string>();
                foreach (OperandRole role in LayerSignature.Expected(shape.Kind, shape.Bias, shape.BatchNorm, shape.Residual, shape.DynamicBatch))
                {
                    ps.Add(role switch
                    {
                        OperandRole.Output => "Span<float> p" + ps.Count.ToString(CultureInfo.InvariantCulture),
                        OperandRole.Batch => "int batch",
                        _ => "ReadOnlySpan<float> p" + ps.Count.ToString(CultureInfo.InvariantCulture),
                    });
                }

                string attribute = AxisNames.AttributeName(LayerKind.Conv, 1) + "(" + string.Join(", ", args.Select(a => a.Key + " = " + a.Text)) + ")";
                layers.Add((Name(layers.Count), attribute, "(" + string.Join(", ", ps) + ")"));
            }

            return layers;
        }

        private static List<(string Key, string Text, double Value)> Draw(Random rng, int index)
        {
            var args = new List<(string, string, double)>();
            void Int(string key, int value) => args.Add((key, value.ToString(CultureInfo.InvariantCulture), value));
            void Enum(string key, string type, string member, int value) => args.Add((key, type + "." + member, value));
            void Bool(string key) => args.Add((key, "true", 1));

            // The dilation cycles through the cases so each is drawn several times: lanes (8, 16, 24, 40), phases (2, 4), none.
            int[] dilations = { 8, 1, 16, 2, 24, 8, 40, 4 };
            int d = dilations[index % dilations.Length];
            Int("InChannels", 1 + rng.Next(20));
            Int("OutChannels", 1 + rng.Next(rng.NextDouble() < 0.3 ? 70 : 26));
            Int("Length", 2 * d + 1 + rng.Next(d * 12 + 60));
            Int("Kernel", 3);
            if (d > 1)
            {
                Int("Dilation", d);
            }

            // Slot 5 (the second dilation-8 layer of each cycle) always takes a padding mode other than zeros.
            bool mode = index % dilations.Length == 5;
            if (!mode && rng.NextDouble() < 0.2)
            {
                Enum("PaddingKind", "PaddingKind", "Causal", 1);
            }
            else
            {
                Int("PadLeft", (mode ? 1 : 0) + rng.Next(2 * d + 1));
                Int("PadRight", (mode ? 1 : 0) + rng.Next(2 * d + 1));
                if (mode || (d != 2 && d != 4 && rng.NextDouble() < 0.4))
                {
                    // Dilation phases need zero padding; lanes and undilated tiles take every mode.
                    string[] modes = { "Reflect", "Replicate", "Circular" };
                    int m = rng.Next(3);
                    Enum("PaddingMode", "PaddingMode", modes[m], m + 1);
                }
            }

            if (rng.NextDouble() < 0.5)
            {
                Bool("Bias");
            }

            if (rng.NextDouble() < 0.15)
            {
                Bool("BatchNorm");
            }

            if (rng.NextDouble() < 0.25)
            {
                Bool("Residual");
            }

            string[] activations = { "None", "Relu", "Relu6", "LeakyRelu", "Gelu", "Silu", "Sigmoid", "Tanh" };
            int act = rng.Next(activations.Length);
            if (act > 0)
            {
                Enum("Activation", "Activation", activations[act], act);
            }

            if (rng.NextDouble() < 0.15)
            {
                Bool("DynamicBatch");
            }
            else if (rng.NextDouble() < 0.2)
            {
                Int("Batch", 2);
            }

            if (rng.NextDouble() < 0.3)
            {
                Bool("PackedWeights");
            }

            Enum("Algorithm", "ConvAlgorithm", "Winograd", 4);
            return args;
        }
    }
}
