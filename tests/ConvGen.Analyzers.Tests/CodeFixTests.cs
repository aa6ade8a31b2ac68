using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConvGen.Analyzers;
using ConvGen.CodeFixers;
using ConvGen.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ConvGen.Analyzers.Tests
{
    /// <summary>Each code fix: the declaration before, the declaration after, and the fixed code free of the diagnostic.</summary>
    public sealed class CodeFixTests
    {
        private const string Sig = "public static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);";

        [Fact]
        public async Task CG0001_Pads_To_Keep_The_Size()
        {
            await Verify(new SetAttributeArgumentCodeFix(), "CG0001",
                "[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 4, Kernel = 5, Padding = 0)]\n" + Sig,
                "[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 4, Kernel = 5, PaddingKind = PaddingKind.Same)]\n" + Sig);
        }

        [Fact]
        public async Task CG0009_Sets_The_Largest_Legal_Output_Padding()
        {
            await Verify(new SetAttributeArgumentCodeFix(), "CG0009",
                "[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 4, Stride = 3, OutputPaddingW = 5)]\n" + Sig,
                "[ConvTranspose2D(InChannels = 1, OutChannels = 1, Height = 4, Width = 4, Kernel = 4, Stride = 3, OutputPaddingW = 2)]\n" + Sig);
        }

        [Fact]
        public async Task CG0015_Sets_An_Algorithm_That_Can_Run_The_Layer()
        {
            await Verify(new SetAttributeArgumentCodeFix(), "CG0015",
                "[ConvTranspose1D(InChannels = 1, OutChannels = 1, Length = 4, Kernel = 2, Stride = 2, Algorithm = ConvAlgorithm.Direct)]\n" + Sig,
                "[ConvTranspose1D(InChannels = 1, OutChannels = 1, Length = 4, Kernel = 2, Stride = 2, Algorithm = ConvAlgorithm.PhaseGather)]\n" + Sig);
        }

        [Fact]
        public async Task CG0015_Sets_PhaseGather_For_A_Transposed_Layer_Channel_Lanes_Cannot_Run()
        {
            await Verify(new SetAttributeArgumentCodeFix(), "CG0015",
                "[ConvTranspose1D(InChannels = 1, OutChannels = 1, Length = 4, Kernel = 6, Stride = 6, Algorithm = ConvAlgorithm.ChannelLanes)]\n" + Sig,
                "[ConvTranspose1D(InChannels = 1, OutChannels = 1, Length = 4, Kernel = 6, Stride = 6, Algorithm = ConvAlgorithm.PhaseGather)]\n" + Sig);
        }

        [Fact]
        public async Task CG0015_Sets_Winograd_F43_For_A_1D_Layer_Forced_To_F2x2()
        {
            await Verify(new SetAttributeArgumentCodeFix(), "CG0015",
                "[Conv1D(InChannels = 1, OutChannels = 1, Length = 16, Kernel = 3, Algorithm = ConvAlgorithm.WinogradF2x2)]\n" + Sig,
                "[Conv1D(InChannels = 1, OutChannels = 1, Length = 16, Kernel = 3, Algorithm = ConvAlgorithm.Winograd)]\n" + Sig);
        }

        [Fact]
        public async Task CG0104_Makes_The_Transposed_Kernel_A_Multiple_Of_The_Stride()
        {
            await Verify(new SetAttributeArgumentCodeFix(), "CG0104",
                "[ConvTranspose1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3, Stride = 2, Padding = 1)]\n" + Sig,
                "[ConvTranspose1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 4, Stride = 2, Padding = 1)]\n" + Sig);
        }

        [Fact]
        public async Task CG0301_Adds_The_Missing_Bias_Parameter()
        {
            await Verify(new AddBiasParameterCodeFix(), "CG0301",
                "[Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3, Bias = true)]\n" + Sig,
                "[Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3, Bias = true)]\npublic static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output);");
        }

        [Fact]
        public async Task CG0302_Makes_The_Method_Static_Partial()
        {
            await Verify(new MakeStaticPartialCodeFix(), "CG0302",
                "[Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3)]\npublic partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);",
                "[Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3)]\npublic static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);");
            await Verify(new MakeStaticPartialCodeFix(), "CG0302",
                "[Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3)]\npublic static void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output) { }",
                "[Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3)]\npublic static partial void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output);");
        }

        [Fact]
        public async Task No_Fix_Is_Offered_Where_No_Single_Fix_Is_Right()
        {
            // Stride 2: 'Same' is impossible, so CG0001 carries no fix; a method with a real body is not rewritten.
            Assert.Empty(await Actions(new SetAttributeArgumentCodeFix(), "CG0001",
                "[Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 4, Kernel = 5, Stride = 2)]\n" + Sig));
            Assert.Empty(await Actions(new MakeStaticPartialCodeFix(), "CG0302",
                "[Conv1D(InChannels = 1, OutChannels = 1, Length = 5, Kernel = 3)]\npublic static void L(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output) { output.Clear(); }"));
        }

        private static string Wrap(string declaration) => AnalyzerHarness.Usings + "public static partial class Layers\n{\n" + declaration + "\n}\n";

        private static async Task Verify(CodeFixProvider fixer, string id, string before, string after)
        {
            (Document document, List<CodeAction> actions) = await ActionsWithDocument(fixer, id, before);
            CodeAction action = Assert.Single(actions);
            ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(CancellationToken.None);
            Solution changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            string text = (await changed.GetDocument(document.Id)!.GetTextAsync()).ToString();
            Assert.Equal(Wrap(after), text);
            Assert.DoesNotContain(await Diagnose(changed.GetDocument(document.Id)!), d => d.Id == id);
        }

        private static async Task<List<CodeAction>> Actions(CodeFixProvider fixer, string id, string before) => (await ActionsWithDocument(fixer, id, before)).Actions;

        private static async Task<(Document Document, List<CodeAction> Actions)> ActionsWithDocument(CodeFixProvider fixer, string id, string before)
        {
            var workspace = new AdhocWorkspace();
            ProjectId projectId = ProjectId.CreateNewId();
            DocumentId documentId = DocumentId.CreateNewId(projectId);
            Solution solution = workspace.CurrentSolution
                .AddProject(projectId, "Fix", "Fix", LanguageNames.CSharp)
                .WithProjectCompilationOptions(projectId, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable))
                .WithProjectParseOptions(projectId, GeneratorHarness.ParseOptions)
                .AddMetadataReferences(projectId, GeneratorHarness.References)
                .AddDocument(documentId, "Layers.cs", Wrap(before));
            Document document = solution.GetDocument(documentId)!;
            Diagnostic diagnostic = (await Diagnose(document)).First(d => d.Id == id);
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            return (document, actions);
        }

        private static async Task<ImmutableArray<Diagnostic>> Diagnose(Document document)
        {
            Compilation compilation = (await document.Project.GetCompilationAsync())!;
            return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new LayerShapeAnalyzer())).GetAnalyzerDiagnosticsAsync();
        }
    }
}
