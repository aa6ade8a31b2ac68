using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;
using static ConvGen.Analyzers.Tests.AnalyzerHarness;

namespace ConvGen.Analyzers.Tests
{
    /// <summary>Declaration-form errors: the method's signature and modifiers.</summary>
    public sealed class DeclarationDiagnosticsTests
    {
        private const string Attr = "[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 8, Kernel = 3, Bias = true)]\n";

        [Fact]
        public void CG0301_Missing_Bias_Parameter()
        {
            Single(Attr + "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);",
                "CG0301", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output)",
                "the parameters must be (ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)",
                "Bias = true adds 'bias'", "but they are (ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output)");
            Clean(Attr + "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output);");
        }

        [Fact]
        public void CG0301_Wrong_Span_Type()
        {
            Single(Attr + "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> output);",
                "CG0301", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> output)", "Span<float> output");
            Clean(Attr + "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output);");
        }

        [Fact]
        public void CG0302_Not_Static()
        {
            var (ours, others, _) = Analyze(Attr + "public partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output);");
            Assert.Contains(ours, d => d.Id == "CG0302" && d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("must be static", System.StringComparison.Ordinal));
            // Static classes cannot hold instance members; that error is the compiler's own, not a cascade from ConvGen.
            Assert.All(others, d => Assert.Equal("CS0708", d.Id));
        }

        [Fact]
        public void CG0302_Not_Partial()
        {
            var (ours, _, _) = Analyze(Attr + "public static void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output) { }");
            Diagnostic d = Assert.Single(ours);
            Assert.Equal("CG0302", d.Id);
            Assert.Contains("not partial", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }

        [Fact]
        public void Rejected_Layer_Gets_A_Throwing_Body_So_No_Cascade()
        {
            // A private partial method without an implementation would silently vanish from call sites; ConvGen
            // always writes a body for a partial layer, throwing for a rejected one, and the analyzer reports why.
            var (ours, others, _) = Analyze("[Conv2D(InChannels = 1, OutChannels = 1, Height = 2, Width = 2, Kernel = 3)]\nstatic partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);");
            Assert.Empty(others);
            Assert.Equal(new[] { "CG0001", "CG0001" }, ours.Select(d => d.Id).ToArray());
        }
    }
}

namespace ConvGen.Analyzers.Tests
{
    /// <summary>More declaration-form cases.</summary>
    public sealed class DeclarationFormTests
    {
        [Fact]
        public void CG0302_Generic_Method()
        {
            var (ours, _, _) = AnalyzerHarness.Analyze("[Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3)]\npublic static partial void L<T>(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);");
            Diagnostic d = Assert.Single(ours, x => x.Id == "CG0302");
            Assert.Contains("must not be generic", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }

        [Fact]
        public async System.Threading.Tasks.Task CG0302_Containing_Type_Not_Partial()
        {
            string source = AnalyzerHarness.Usings + "public static partial class Outer { public static class Inner {\n[Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3)]\npublic static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);\n} }\n";
            var run = ConvGen.Tests.Shared.GeneratorHarness.Run(source);
            Assert.Empty(run.Exceptions);
            var ours = await Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzerExtensions.WithAnalyzers(run.Output, System.Collections.Immutable.ImmutableArray.Create<Microsoft.CodeAnalysis.Diagnostics.DiagnosticAnalyzer>(new ConvGen.Analyzers.LayerShapeAnalyzer()))
                .GetAnalyzerDiagnosticsAsync();
            Diagnostic d = Assert.Single(ours, x => x.Id == "CG0302");
            Assert.Contains("the containing type 'Inner' must be partial", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }
    }
}
