using System.Collections.Generic;
using System.Linq;
using ConvGen.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>Rules every generated file keeps, checked on the syntax of each representative declaration's output.</summary>
    public sealed class GeneratedCodeRulesTests
    {
        public static IEnumerable<object[]> Names() => Declarations.All.Select(d => new object[] { d.Name });

        /// <summary>
        /// Every method of a generated kernel class (the file-local classes that hold the kernel and its channels-last
        /// wrapper) is compiled fully optimised at once: <c>MethodImplOptions.AggressiveOptimization</c>, with
        /// <c>AggressiveInlining</c> on the small helpers. A method left to tiered compilation starts as Tier-0 code, and
        /// on a process limited to one CPU the runtime waits ten times longer (1 s without new Tier-0 code) before it even
        /// counts calls: a benchmark or a service pinned to one core ran MobileNetV2's 14x14 depthwise layer with its item
        /// dispatch (Body, Item256) in Tier-0 code for good, 80 instead of 53 microseconds a call. <c>AggressiveInlining</c>
        /// alone is not enough: the JIT stops inlining into a method past its limits, and a transposed-convolution tile of
        /// 1,262 lines called its <c>At</c> helper as Tier-0 code.
        /// </summary>
        [Theory]
        [MemberData(nameof(Names))]
        public void Every_Kernel_Method_Is_Compiled_Optimised(string name)
        {
            var decl = Declarations.All.Single(d => d.Name == name);
            GeneratorRun run = GeneratorHarness.Run(Declarations.Source(decl));
            Assert.Empty(run.Exceptions);
            string file = Assert.Single(run.Sources).Value;
            CompilationUnitSyntax root = CSharpSyntaxTree.ParseText(file).GetCompilationUnitRoot();
            List<ClassDeclarationSyntax> kernels = root.DescendantNodes().OfType<ClassDeclarationSyntax>().Where(c => c.Modifiers.Any(SyntaxKind.FileKeyword)).ToList();
            Assert.NotEmpty(kernels);
            var missing = new List<string>();
            foreach (ClassDeclarationSyntax kernel in kernels)
            {
                foreach (MethodDeclarationSyntax method in kernel.Members.OfType<MethodDeclarationSyntax>())
                {
                    bool marked = method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.ToString().Contains("MethodImplOptions.AggressiveOptimization"));
                    if (!marked)
                    {
                        missing.Add(kernel.Identifier.Text + "." + method.Identifier.Text);
                    }
                }
            }

            Assert.True(missing.Count == 0, "methods left to tiered compilation: " + string.Join(", ", missing));
        }
    }
}
