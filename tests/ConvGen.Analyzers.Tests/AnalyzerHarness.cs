using System.Collections.Immutable;
using System.Linq;
using ConvGen.Analyzers;
using ConvGen.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ConvGen.Analyzers.Tests
{
    /// <summary>Runs generator then analyzer in memory, as the compiler does.</summary>
    internal static class AnalyzerHarness
    {
        public const string Usings = "using System;\nusing ConvGen;\n";

        /// <summary>The analyzer's diagnostics plus any compiler error that is not ours (there must be none: no cascade).</summary>
        public static (ImmutableArray<Diagnostic> Ours, Diagnostic[] OtherErrors, string Source) Analyze(string declaration)
        {
            string source = Usings + "public static partial class Layers\n{\n" + declaration + "\n}\n";
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.Empty(run.Exceptions);
            var withAnalyzers = run.Output.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LayerShapeAnalyzer()));
            ImmutableArray<Diagnostic> ours = withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            Diagnostic[] others = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
            return (ours, others, source);
        }

        /// <summary>Asserts exactly one diagnostic with this ID, located on <paramref name="spanText"/>, whose message contains every fragment.</summary>
        public static Diagnostic Single(string declaration, string id, string spanText, params string[] fragments)
        {
            var (ours, others, _) = Analyze(declaration);
            Assert.Empty(others);
            Diagnostic d = Assert.Single(ours.Where(x => x.Id == id));
            Assert.Equal(ExpectedSeverity(id), d.Severity);
            string located = d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan);
            Assert.Equal(spanText, located);
            string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            foreach (string f in fragments)
            {
                Assert.Contains(f, message, System.StringComparison.Ordinal);
            }

            Assert.EndsWith("docs/diagnostics/" + id + ".md", d.Descriptor.HelpLinkUri, System.StringComparison.Ordinal);
            return d;
        }

        /// <summary>Errors CG0001-0099 and CG0300+, warnings CG0100-0199 and CG0202, info CG0201.</summary>
        public static DiagnosticSeverity ExpectedSeverity(string id)
            => id == "CG0201" ? DiagnosticSeverity.Info
                : (string.CompareOrdinal(id, "CG0100") >= 0 && string.CompareOrdinal(id, "CG0200") < 0) || id == "CG0202" ? DiagnosticSeverity.Warning
                : DiagnosticSeverity.Error;

        /// <summary>Asserts the declaration is clean: no compiler error, no ConvGen error or warning, and the one algorithm report (CG0201).</summary>
        public static void Clean(string declaration)
        {
            var (ours, others, _) = Analyze(declaration);
            Assert.Empty(others);
            Assert.Empty(ours.Where(d => d.Severity > DiagnosticSeverity.Info));
            Diagnostic report = Assert.Single(ours);
            Assert.Equal("CG0201", report.Id);
        }
    }
}
