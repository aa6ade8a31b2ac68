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
    /// Seeded random 1-D layers forced to Winograd F(4,3): undilated, with an even dilation (dilation lanes: tiles of outputs
    /// d apart in runs of 8, 4 or 2 consecutive tiles, any padding and length), and dilation 3 on its dilation phases, with random lengths, channel
    /// counts (the weights' runs of 12 output channels, full and partial), asymmetric padding, every padding mode (causal
    /// too) and every epilogue. Each must match the reference kernels and give the same bits at every ISA level and on 1
    /// and 2 threads. <see cref="FuzzTests"/> draws its Winograd layers in 2-D only.
    /// </summary>
    [Collection(IsaCollection.Name)]
    public sealed class Winograd1DFuzzTests
    {
        private const int Seed = 20261207;
        private const int Count = 24;

        private static readonly Lazy<(Assembly Assembly, List<(string Name, string Attribute)> Layers)> s_compiled = new(() => FuzzTests.Compile(Generate()));

        public static IEnumerable<object[]> Names() => Enumerable.Range(0, Count).Select(i => new object[] { Name(i) });

        [Theory]
        [MemberData(nameof(Names))]
        public void Random_1D_Winograd_Layer_Matches_Reference_And_Gives_The_Same_Bits_Everywhere(string name)
        {
            (Assembly assembly, List<(string Name, string Attribute)> layers) = s_compiled.Value;
            string attribute = layers.Single(l => l.Name == name).Attribute;
            Type type = assembly.GetType("Demo.Layers", throwOnError: true)!;
            Assert.Contains("_Conv1d_WinogradF43_", (string)type.GetNestedType(name + "Shape")!.GetField("Kernel")!.GetValue(null)!, StringComparison.Ordinal);
            FuzzTests.AssertMatchesReferenceEverywhere(assembly, name, attribute);
        }

        [Fact]
        public void Random_Layers_Reach_Dilation_Lanes_Phases_And_Undilated_Tiles()
        {
            (_, List<(string Name, string Attribute)> layers) = s_compiled.Value;
            Assert.Contains(layers, l => !l.Attribute.Contains("Dilation", StringComparison.Ordinal));
            Assert.Contains(layers, l => l.Attribute.Contains("Dilation = 3,", StringComparison.Ordinal));
            foreach (int d in new[] { 2, 4, 6, 8, 12, 16, 24 })
            {
                Assert.Contains(layers, l => l.Attribute.Contains("Dilation = " + d.ToString(CultureInfo.InvariantCulture) + ",", StringComparison.Ordinal));
            }

            Assert.Contains(layers, l => l.Attribute.Contains("Dilation = 8,", StringComparison.Ordinal) && l.Attribute.Contains("PaddingMode", StringComparison.Ordinal));
        }

        private static string Name(int i) => "Wino1D" + i.ToString("D2", CultureInfo.InvariantCulture);

        /// <summary>Valid random declarations (<see cref="FuzzTests.Declare"/>; rejected draws are made again).</summary>
        private static List<(string Name, string Attribute, string Parameters)> Generate()
            => FuzzTests.Generate(Seed, Count, (rng, i) => (LayerKind.Conv, 1, Draw(rng, i)), Name);

        private static List<(string Key, string Text, double Value)> Draw(Random rng, int index)
        {
            var args = new FuzzTests.DrawnArguments();

            // The dilation cycles through the cases so each is drawn several times: lanes in runs of 8 (8, 16, 24, 40), of 4
            // (4, 12) and of 2 (2, 6), phases (3), none.
            int[] dilations = { 8, 1, 16, 2, 24, 8, 40, 4, 12, 6, 3, 2 };
            int d = dilations[index % dilations.Length];
            args.Int("InChannels", 1 + rng.Next(20));
            args.Int("OutChannels", 1 + rng.Next(rng.NextDouble() < 0.3 ? 70 : 26));
            args.Int("Length", 2 * d + 1 + rng.Next(d * 12 + 60));
            args.Int("Kernel", 3);
            if (d > 1)
            {
                args.Int("Dilation", d);
            }

            // Slot 5 (the second dilation-8 layer of each cycle) always takes a padding mode other than zeros.
            bool mode = index % dilations.Length == 5;
            if (!mode && rng.NextDouble() < 0.2)
            {
                args.Enum("PaddingKind", "PaddingKind", "Causal", 1);
            }
            else
            {
                args.Int("PadLeft", (mode ? 1 : 0) + rng.Next(2 * d + 1));
                args.Int("PadRight", (mode ? 1 : 0) + rng.Next(2 * d + 1));
                if (mode || ((d % 2 == 0 || d == 1) && rng.NextDouble() < 0.4))
                {
                    // Dilation phases need zero padding; lanes and undilated tiles take every mode.
                    string[] modes = { "Reflect", "Replicate", "Circular" };
                    int m = rng.Next(3);
                    args.Enum("PaddingMode", "PaddingMode", modes[m], m + 1);
                }
            }

            if (rng.NextDouble() < 0.5)
            {
                args.Bool("Bias");
            }

            if (rng.NextDouble() < 0.15)
            {
                args.Bool("BatchNorm");
            }

            if (rng.NextDouble() < 0.25)
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
            else if (rng.NextDouble() < 0.2)
            {
                args.Int("Batch", 2);
            }

            if (rng.NextDouble() < 0.3)
            {
                args.Bool("PackedWeights");
            }

            args.Enum("Algorithm", "ConvAlgorithm", "Winograd", 4);
            return args;
        }
    }
}
