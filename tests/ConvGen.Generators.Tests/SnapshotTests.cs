using System.Collections.Generic;
using System.Linq;
using ConvGen.Tests.Shared;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>The generated code of one representative declaration per layer kind and code path, against checked-in snapshots.</summary>
    public sealed class SnapshotTests
    {
        public static IEnumerable<object[]> Names() => Declarations.All.Select(d => new object[] { d.Name });

        [Theory]
        [MemberData(nameof(Names))]
        public void Generated_Code_Matches_Snapshot(string name)
        {
            var decl = Declarations.All.Single(d => d.Name == name);
            GeneratorRun run = GeneratorHarness.Run(Declarations.Source(decl));
            Assert.Empty(run.Exceptions);
            Assert.Empty(run.Errors);
            string file = Assert.Single(run.Sources).Value;
            SnapshotHarness.Verify(name, file);
        }

        [Fact]
        public void Rejected_Layer_Snapshot()
        {
            GeneratorRun run = GeneratorHarness.Run(Declarations.Source(("Rejected_Output_Width_Zero",
                "Conv2D(InChannels = 1, OutChannels = 1, Height = 8, Width = 4, Kernel = 5)", "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output)")));
            Assert.Empty(run.Exceptions);
            Assert.Empty(run.Errors);
            SnapshotHarness.Verify("Rejected_Output_Width_Zero", Assert.Single(run.Sources).Value);
        }
    }
}
