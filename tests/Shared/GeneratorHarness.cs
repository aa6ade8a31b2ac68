using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using ConvGen.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConvGen.Tests.Shared
{
    /// <summary>The result of running the ConvGen generator on source in memory.</summary>
    public sealed record GeneratorRun(
        GeneratorDriver Driver,
        Compilation Input,
        Compilation Output,
        ImmutableArray<Diagnostic> GeneratorDiagnostics,
        GeneratorDriverRunResult Result)
    {
        /// <summary>Generated files by hint name.</summary>
        public IReadOnlyDictionary<string, string> Sources
            => Result.Results.SelectMany(r => r.GeneratedSources).ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

        /// <summary>Exceptions the generator threw (none, ever, is the contract).</summary>
        public IEnumerable<Exception> Exceptions => Result.Results.Where(r => r.Exception is not null).Select(r => r.Exception!);

        /// <summary>Compiler errors in the compilation after generation.</summary>
        public IReadOnlyList<Diagnostic> Errors => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    /// <summary>
    /// Compiles C# with the ConvGen generator entirely in memory (CSharpGeneratorDriver + Roslyn emit + load), so
    /// a test can declare any layer and run the code the generator writes for it.
    /// </summary>
    public static class GeneratorHarness
    {
        private static readonly Lazy<MetadataReference[]> s_references = new(LoadReferences);
        private static int s_counter;

        /// <summary>Framework assemblies plus ConvGen.Runtime: what an in-memory compilation references.</summary>
        public static IReadOnlyList<MetadataReference> References => s_references.Value;

        /// <summary>Parse options used for user code and generated code.</summary>
        public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

        /// <summary>Runs the generator over the sources.</summary>
        public static GeneratorRun Run(params string[] sources) => Run(sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)).ToArray());

        /// <summary>Runs the generator over the syntax trees.</summary>
        public static GeneratorRun Run(SyntaxTree[] trees, GeneratorDriver? driver = null, Compilation? compilation = null)
        {
            compilation ??= CreateCompilation(trees);
            driver ??= CreateDriver();
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
            return new GeneratorRun(driver, compilation, output, diagnostics, driver.GetRunResult());
        }

        /// <summary>A driver with step tracking on (for incrementality tests).</summary>
        public static GeneratorDriver CreateDriver()
            => CSharpGeneratorDriver.Create(
                new[] { new ConvGenGenerator().AsSourceGenerator() },
                parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>A library compilation referencing the framework and ConvGen.Runtime.</summary>
        public static CSharpCompilation CreateCompilation(params SyntaxTree[] trees)
            => CSharpCompilation.Create(
                "ConvGenInMemory" + System.Threading.Interlocked.Increment(ref s_counter),
                trees,
                s_references.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

        /// <summary>Emits and loads the compilation; throws with every error if it does not compile.</summary>
        public static Assembly EmitAndLoad(Compilation compilation)
        {
            using var ms = new MemoryStream();
            var result = compilation.Emit(ms);
            if (!result.Success)
            {
                var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(d => d.ToString());
                throw new InvalidOperationException("The generated code does not compile:\n" + string.Join("\n", errors));
            }

            return Assembly.Load(ms.ToArray());
        }

        private static MetadataReference[] LoadReferences()
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => p.Length > 0)
                .ToList();
            paths.Add(typeof(global::ConvGen.Activations).Assembly.Location);
            return paths
                .GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
                .Select(g => (MetadataReference)MetadataReference.CreateFromFile(g.First()))
                .ToArray();
        }
    }
}
