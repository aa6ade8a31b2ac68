using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using ConvGen.Shapes;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>
    /// Seeded random layers for Winograd's channels-last form: NHWC layers with 16 to 64 channels (multiples of 16, so
    /// the form takes them, unless the activation has no vector form), maps of 3 to 30 pixels a side, padding 0 to 2 of
    /// every mode, F(4x4,3x3) or F(2x2,3x3) forced, every epilogue, fixed or dynamic batches; and NCHW layers of 64 or 80
    /// channels on maps of at least 32 tiles, which run the form between transposes. Each must match the reference and
    /// give the same bits at every ISA level and on 1 and 2 threads (<see cref="FuzzTests.AssertMatchesReferenceEverywhere"/>).
    /// </summary>
    [Collection(IsaCollection.Name)]
    public sealed class WinogradChannelsLastFuzzTests
    {
        private const int Seed = 20261208;
        private const int Count = 16;

        private static readonly Lazy<(Assembly Assembly, List<(string Name, string Attribute)> Layers)> s_compiled = new(() => FuzzTests.Compile(Generate()));

        public static IEnumerable<object[]> Names() => Enumerable.Range(0, Count).Select(i => new object[] { Name(i) });

        [Theory]
        [MemberData(nameof(Names))]
        public void Random_Channels_Last_Winograd_Layer_Matches_Reference_And_Gives_The_Same_Bits_Everywhere(string name)
        {
            (Assembly assembly, List<(string Name, string Attribute)> layers) = s_compiled.Value;
            FuzzTests.AssertMatchesReferenceEverywhere(assembly, name, layers.Single(l => l.Name == name).Attribute);
        }

        [Fact]
        public void Random_Layers_Reach_The_Channels_Last_Form_In_Both_Layouts_And_Both_Tiles()
        {
            (Assembly assembly, List<(string Name, string Attribute)> layers) = s_compiled.Value;
            Type type = assembly.GetType("Demo.Layers", throwOnError: true)!;
            List<(string Kernel, string Attribute)> kernels = layers.Select(l => ((string)type.GetNestedType(l.Name + "Shape")!.GetField("Kernel")!.GetValue(null)!, l.Attribute)).ToList();
            bool Any(Func<(string Kernel, string Attribute), bool> where) => kernels.Any(where);
            Assert.True(Any(k => k.Kernel.EndsWith("cl__V512", StringComparison.Ordinal) && k.Attribute.Contains("TensorLayout.Nhwc", StringComparison.Ordinal)), "no NHWC layer took the channels-last form");
            Assert.True(Any(k => k.Kernel.EndsWith("cl__V512", StringComparison.Ordinal) && !k.Attribute.Contains("TensorLayout.Nhwc", StringComparison.Ordinal)), "no NCHW layer took the channels-last form");
            Assert.True(Any(k => k.Kernel.Contains("_WinogradF23", StringComparison.Ordinal) && k.Kernel.EndsWith("cl__V512", StringComparison.Ordinal)), "no F(2x2,3x3) layer took the channels-last form");
            Assert.True(Any(k => k.Kernel.Contains("_WinogradF43", StringComparison.Ordinal) && k.Kernel.EndsWith("cl__V512", StringComparison.Ordinal)), "no F(4x4,3x3) layer took the channels-last form");
        }

        private static string Name(int i) => "WinogradChannelsLastFuzz" + i.ToString("D2", CultureInfo.InvariantCulture);

        /// <summary>Every fourth layer NCHW (through the bridge), the others NHWC; up to 40 million multiply-accumulates an item.</summary>
        private static List<(string Name, string Attribute, string Parameters)> Generate()
            => FuzzTests.Generate(Seed, Count, (rng, i) => (LayerKind.Conv, 2, Draw(rng, nchw: i % 4 == 3)), Name, maxMacs: 40_000_000);

        private static List<(string Key, string Text, double Value)> Draw(Random rng, bool nchw)
        {
            var args = new FuzzTests.DrawnArguments();

            int[] channels = nchw ? new[] { 64, 80 } : new[] { 16, 32, 48, 64 };
            args.Int("InChannels", channels[rng.Next(channels.Length)]);
            args.Int("OutChannels", channels[rng.Next(channels.Length)]);
            // NCHW layers need at least 32 tiles (and at most 2 MiB of activations) to run through the form.
            args.Int("Height", nchw ? 22 + rng.Next(9) : 3 + rng.Next(28));
            args.Int("Width", nchw ? 22 + rng.Next(9) : 3 + rng.Next(28));
            args.Int("Kernel", 3);
            int pad = rng.Next(3);
            if (pad > 0)
            {
                args.Int("Padding", pad);
                if (rng.NextDouble() < 0.4)
                {
                    string[] modes = { "Reflect", "Replicate", "Circular" };
                    int m = rng.Next(3);
                    args.Enum("PaddingMode", "PaddingMode", modes[m], m + 1);
                }
            }

            if (rng.NextDouble() < 0.5)
            {
                args.Bool("Bias");
            }

            if (rng.NextDouble() < 0.2)
            {
                args.Bool("BatchNorm");
            }

            if (rng.NextDouble() < 0.3)
            {
                args.Bool("Residual");
            }

            // Mostly activations with a vector form (the form takes them); GELU now and then (the bridge instead).
            string[] activations = { "None", "Relu", "Relu6", "LeakyRelu", "Gelu" };
            int act = rng.NextDouble() < 0.1 ? 4 : rng.Next(4);
            if (act > 0)
            {
                args.Enum("Activation", "Activation", activations[act], act);
            }

            if (rng.NextDouble() < 0.2)
            {
                args.Bool("DynamicBatch");
            }
            else if (rng.NextDouble() < 0.25)
            {
                args.Int("Batch", 2);
            }

            if (!nchw)
            {
                args.Enum("Layout", "TensorLayout", "Nhwc", 1);
            }

            if (rng.NextDouble() < 0.5)
            {
                args.Enum("Algorithm", "ConvAlgorithm", "WinogradF2x2", 6);
            }
            else
            {
                args.Enum("Algorithm", "ConvAlgorithm", "Winograd", 4);
            }

            return args;
        }
    }
}
