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
    /// Seeded random layers (convolutions 1-D/2-D/3-D, grouped and depthwise, strides 1-3, dilation, every padding mode,
    /// transposed convolutions (phase gather and channel lanes), forced Winograd (F(4x4,3x3) and F(2x2,3x3)) and channel lanes, every epilogue), all compiled through the generator in one source:
    /// each must match the reference kernels and give the same bits at every ISA level and on 1 and 2 threads. The
    /// seed is fixed, so a failure names a layer that fails again; change <see cref="Seed"/> to explore further.
    /// </summary>
    [Collection(IsaCollection.Name)]
    public sealed class FuzzTests
    {
        private const int Seed = 20261122;
        private const int Count = 60;

        private static readonly Lazy<(Assembly Assembly, List<(string Name, string Attribute)> Layers)> s_compiled = new(() => Compile(Generate()));

        /// <summary>Compiles the declarations through the generator in one source (no generator exception) and loads them.</summary>
        internal static (Assembly Assembly, List<(string Name, string Attribute)> Layers) Compile(List<(string Name, string Attribute, string Parameters)> layers)
        {
            GeneratorRun run = GeneratorHarness.Run(Declarations.Source(layers.ToArray()));
            Assert.Empty(run.Exceptions);
            return (GeneratorHarness.EmitAndLoad(run.Output), layers.Select(l => (l.Name, l.Attribute)).ToList());
        }

        public static IEnumerable<object[]> Names() => Enumerable.Range(0, Count).Select(i => new object[] { "Fuzz" + i.ToString("D2", CultureInfo.InvariantCulture) });

        [Theory]
        [MemberData(nameof(Names))]
        public void Random_Layer_Matches_Reference_And_Gives_The_Same_Bits_Everywhere(string name)
        {
            (Assembly assembly, List<(string Name, string Attribute)> layers) = s_compiled.Value;
            AssertMatchesReferenceEverywhere(assembly, name, layers.Single(l => l.Name == name).Attribute);
        }

        /// <summary>
        /// Runs layer <paramref name="name"/> of <paramref name="assembly"/> at every ISA level on 1 and 2 threads: each run
        /// within the fuzz tolerance of the reference (ten times wider for Winograd), all runs bit for bit the same.
        /// </summary>
        internal static void AssertMatchesReferenceEverywhere(Assembly assembly, string name, string attribute)
        {
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
                        double reach = shape.HasWeights ? (double)(shape.InChannels / shape.Groups) * shape.KernelSpatial : shape.KernelSpatial;
                        double atol = 2e-6 * Math.Sqrt(reach) * 8 * (attribute.Contains("Winograd", StringComparison.Ordinal) ? 10 : 1);
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
        public void Random_Layers_Reach_Every_Kernel_Family()
        {
            (Assembly assembly, List<(string Name, string Attribute)> layers) = s_compiled.Value;
            Type type = assembly.GetType("Demo.Layers", throwOnError: true)!;
            List<string> kernels = layers.Select(l => (string)type.GetNestedType(l.Name + "Shape")!.GetField("Kernel")!.GetValue(null)!).ToList();
            foreach (string family in new[] { "_Direct_", "_DirectChannelLanes_", "d_ChannelLanes_", "_WinogradF43", "_WinogradF23", "_PhaseGather", "__V512", "__Scalar" })
            {
                Assert.True(kernels.Any(k => k.Contains(family, StringComparison.Ordinal)), "no random layer took " + family + ": " + string.Join(", ", kernels));
            }
        }

        /// <summary>Valid random declarations (invalid draws are rejected by the shape rules and drawn again).</summary>
        private static List<(string Name, string Attribute, string Parameters)> Generate()
            => Generate(Seed, Count, (rng, _) => Draw(rng), i => "Fuzz" + i.ToString("D2", CultureInfo.InvariantCulture));

        /// <summary>
        /// <paramref name="count"/> valid random declarations from <paramref name="seed"/>: <paramref name="draw"/> gives a layer's
        /// kind, rank and arguments (from the generator and the index of the layer it draws), <see cref="Declare"/> rejects the
        /// draws the shape rules refuse or that exceed <paramref name="maxMacs"/>, and a new draw replaces each.
        /// </summary>
        internal static List<(string Name, string Attribute, string Parameters)> Generate(int seed, int count, Func<Random, int, (LayerKind Kind, int Rank, List<(string Key, string Text, double Value)> Args)> draw,
            Func<int, string> name, long maxMacs = 3_000_000)
        {
            var rng = new Random(seed);
            var layers = new List<(string, string, string)>();
            while (layers.Count < count)
            {
                (LayerKind kind, int rank, List<(string Key, string Text, double Value)> args) = draw(rng, layers.Count);
                if (Declare(kind, rank, args, name(layers.Count), maxMacs) is { } layer)
                {
                    layers.Add(layer);
                }
            }

            return layers;
        }

        /// <summary>A drawn declaration's named arguments (key, C# text, value), in the order the attribute writes them.</summary>
        internal sealed class DrawnArguments : List<(string Key, string Text, double Value)>
        {
            public void Int(string key, int value) => Add((key, value.ToString(CultureInfo.InvariantCulture), value));

            public void Enum(string key, string type, string member, int value) => Add((key, type + "." + member, value));

            public void Bool(string key) => Add((key, "true", 1));
        }

        /// <summary>
        /// The declaration of a drawn layer (name, attribute, parameter list), or null when the shape rules reject it or it
        /// has more than <paramref name="maxMacs"/> multiply-accumulates per item (the draw is then made again).
        /// </summary>
        internal static (string Name, string Attribute, string Parameters)? Declare(LayerKind kind, int rank, List<(string Key, string Text, double Value)> args, string name, long maxMacs = 3_000_000)
        {
            var arguments = new LayerArguments();
            foreach (var (key, _, value) in args)
            {
                arguments.Set(key, value);
            }

            var violations = new List<ShapeViolation>();
            LayerShape shape = LayerShapeBuilder.Build(kind, rank, arguments, "fuzz", violations);
            if (violations.Any(v => v.Severity == ViolationSeverity.Error) || shape.MacsPerItem > maxMacs)
            {
                return null;
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

            string attribute = AxisNames.AttributeName(kind, rank) + "(" + string.Join(", ", args.Select(a => a.Key + " = " + a.Text)) + ")";
            return (name, attribute, "(" + string.Join(", ", ps) + ")");
        }

        private static (LayerKind Kind, int Rank, List<(string Key, string Text, double Value)> Args) Draw(Random rng)
        {
            var args = new FuzzTests.DrawnArguments();

            double roll = rng.NextDouble();
            LayerKind kind = roll < 0.7 ? LayerKind.Conv : LayerKind.ConvTranspose;
            int rank = rng.NextDouble() < 0.65 ? 2 : rng.NextDouble() < 0.6 ? 1 : 3;
            bool winograd = kind == LayerKind.Conv && rank == 2 && rng.NextDouble() < 0.2;
            bool lanes = kind == LayerKind.Conv ? rank == 2 && !winograd && rng.NextDouble() < 0.2 : rng.NextDouble() < 0.35;
            bool depthwise = kind == LayerKind.Conv && !winograd && !lanes && rng.NextDouble() < 0.25;
            int cin = 1 + rng.Next(depthwise ? 12 : 20);
            args.Int("InChannels", cin);
            if (depthwise)
            {
                args.Int("Groups", cin);
                args.Int("OutChannels", cin * (rng.NextDouble() < 0.7 ? 1 : 2));
            }
            else
            {
                int groups = !winograd && !lanes && cin % 2 == 0 && rng.NextDouble() < 0.2 ? 2 : 1;
                if (groups > 1)
                {
                    args.Int("Groups", groups);
                }

                args.Int("OutChannels", groups * (1 + rng.Next(20)));
            }

            string[] axes = rank == 1 ? new[] { "Length" } : rank == 2 ? new[] { "Height", "Width" } : new[] { "Depth", "Height", "Width" };
            int[] extentMax = rank == 1 ? new[] { 300 } : rank == 2 ? new[] { 18, 70 } : new[] { 6, 10, 30 };
            for (int a = 0; a < rank; a++)
            {
                args.Int(axes[a], 2 + rng.Next(extentMax[a]));
            }

            int k = winograd ? 3 : 1 + rng.Next(5);
            args.Int("Kernel", k);
            if (!winograd)
            {
                int stride = 1 + rng.Next(3);
                if (stride > 1)
                {
                    args.Int("Stride", stride);
                }

                if (rng.NextDouble() < 0.25)
                {
                    args.Int("Dilation", 2);
                }
            }

            int pad = rng.Next(k);
            if (pad > 0)
            {
                args.Int("Padding", pad);
            }

            if (kind == LayerKind.Conv && !lanes && pad > 0 && rng.NextDouble() < 0.35)
            {
                string[] modes = { "Reflect", "Replicate", "Circular" };
                int m = rng.Next(3);
                args.Enum("PaddingMode", "PaddingMode", modes[m], m + 1);
            }

            if (kind == LayerKind.ConvTranspose && rng.NextDouble() < 0.3)
            {
                args.Int("OutputPadding", 1);
            }

            if (rng.NextDouble() < 0.5)
            {
                args.Bool("Bias");
            }

            if (kind == LayerKind.Conv && rng.NextDouble() < 0.15)
            {
                args.Bool("BatchNorm");
            }

            if (rng.NextDouble() < 0.2)
            {
                args.Bool("Residual");
            }

            string[] activations = { "None", "Relu", "Relu6", "LeakyRelu", "Gelu", "Silu", "Sigmoid", "Tanh" };
            int act = rng.Next(activations.Length);
            if (act > 0)
            {
                args.Enum("Activation", "Activation", activations[act], act);
            }

            if (rng.NextDouble() < 0.15)
            {
                args.Bool("DynamicBatch");
            }
            else if (rng.NextDouble() < 0.15)
            {
                args.Int("Batch", 2);
            }

            if (winograd)
            {
                // Forced Winograd layers with an even number of input channels take F(2x2,3x3) (no extra draw: the other layers stay as they were).
                if (cin % 2 == 0)
                {
                    args.Enum("Algorithm", "ConvAlgorithm", "WinogradF2x2", 6);
                }
                else
                {
                    args.Enum("Algorithm", "ConvAlgorithm", "Winograd", 4);
                }
            }

            if (lanes)
            {
                args.Enum("Algorithm", "ConvAlgorithm", "ChannelLanes", 5);
            }

            return (kind, rank, args);
        }
    }
}
