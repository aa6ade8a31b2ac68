using System.Globalization;
using System.Linq;
using System.Threading;
using ConvGen.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>Caching (named steps) and deterministic output.</summary>
    public sealed class IncrementalityTests
    {
        private const string Layer = "using System;\nusing ConvGen;\nnamespace D { public static partial class L {\n[Conv2D(InChannels = 2, OutChannels = 3, Height = 8, Width = 8, Kernel = 3, Padding = 1)]\npublic static partial void A(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);\n} }\n";

        private static IncrementalStepRunReason[] Reasons(GeneratorDriver driver, string step)
            => driver.GetRunResult().Results[0].TrackedSteps.TryGetValue(step, out var runs)
                ? runs.SelectMany(r => r.Outputs.Select(o => o.Reason)).ToArray()
                : new IncrementalStepRunReason[0];

        private static GeneratorDriver Rerun(string first, string second)
        {
            var tree = CSharpSyntaxTree.ParseText(first, GeneratorHarness.ParseOptions);
            var compilation = GeneratorHarness.CreateCompilation(tree);
            GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
            var compilation2 = compilation.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(second, GeneratorHarness.ParseOptions));
            return driver.RunGenerators(compilation2);
        }

        [Fact]
        public void Added_Comment_Does_Not_Modify_Output()
        {
            GeneratorDriver driver = Rerun(Layer, Layer.Replace("public static partial void A", "// a comment\npublic static partial void A", System.StringComparison.Ordinal));
            Assert.True(Reasons(driver, TrackingNames.Parse).Length > 0 && Reasons(driver, TrackingNames.Parse).All(r => r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached),
                "Parse: " + string.Join(", ", Reasons(driver, TrackingNames.Parse)));
            Assert.All(Reasons(driver, TrackingNames.Plan), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        }

        [Fact]
        public void Unrelated_Type_Does_Not_Regenerate()
        {
            GeneratorDriver driver = Rerun(Layer, Layer + "\nnamespace D { class Unrelated { } }\n");
            Assert.All(Reasons(driver, TrackingNames.Plan), r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
        }

        [Fact]
        public void Changed_Kernel_Modifies_Output()
        {
            GeneratorDriver driver = Rerun(Layer, Layer.Replace("Kernel = 3", "Kernel = 5", System.StringComparison.Ordinal));
            Assert.Contains(IncrementalStepRunReason.Modified, Reasons(driver, TrackingNames.Plan));
        }

        [Fact]
        public void Output_Is_Identical_Under_Another_Culture_And_Tree_Order()
        {
            string other = Declarations.Source(Declarations.All.Take(4).ToArray());
            string Run(string[] sources)
            {
                var run = GeneratorHarness.Run(sources);
                return string.Join("\n----\n", run.Sources.OrderBy(s => s.Key, System.StringComparer.Ordinal).Select(s => s.Key + "\n" + s.Value));
            }

            string baseline = Run(new[] { Layer, other });
            CultureInfo saved = CultureInfo.CurrentCulture;
            try
            {
                // fi-FI writes the minus sign as U+2212 and the decimal separator as a comma.
                CultureInfo.CurrentCulture = new CultureInfo("fi-FI");
                Thread.CurrentThread.CurrentUICulture = new CultureInfo("fi-FI");
                Assert.Equal(baseline, Run(new[] { other, Layer }));
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
                Thread.CurrentThread.CurrentUICulture = saved;
            }
        }
    }
}
