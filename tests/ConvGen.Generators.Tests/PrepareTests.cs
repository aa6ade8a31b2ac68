using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>
    /// A layer's <c>Prepare</c> reserves all the scratch its calls take, so that a first call after it maps no fresh memory
    /// (the cold-start benchmark's claim): on a new thread (whose scratch slots are empty) with one thread of work, every
    /// slot's capacity after Prepare is what the layer's calls leave it, on every ISA path.
    /// </summary>
    [Collection(IsaCollection.Name)]
    public sealed class PrepareTests
    {
        private const int Slots = 8;

        public static IEnumerable<object[]> Names() => EndToEndTests.WeightedNames()
            .Concat(Declarations.All.Where(d => d.Attribute.Contains("Pool", StringComparison.Ordinal)).Select(d => new object[] { d.Name }));

        [Theory]
        [MemberData(nameof(Names))]
        public void Prepare_Reserves_Every_Slot_The_Calls_Take(string name)
        {
            Type shapeClass = EndToEndTests.s_assembly.Value.GetType("Demo.Layers", throwOnError: true)!.GetNestedType(name + "Shape")!;
            MethodInfo prepare = shapeClass.GetMethod("Prepare")!;
            bool weighted = shapeClass.GetMethod("PackWeights") is not null;
            int saved = ParallelKernels.DegreeOfParallelism;
            IsaLevel ceiling = Isa.Ceiling;
            bool emulate = Isa.Emulate512;
            try
            {
                ParallelKernels.DegreeOfParallelism = 1;
                foreach (IsaLevel level in new[] { IsaLevel.Scalar, IsaLevel.V256, IsaLevel.V512 })
                {
                    Isa.Ceiling = level;
                    // The 512-bit path on machines without AVX-512 too (its scratch sizes are its own).
                    Isa.Emulate512 = level == IsaLevel.V512;
                    int[] prepared = new int[Slots], called = new int[Slots];
                    Exception? failure = null;
                    // A new thread: its slots start empty, so what Prepare leaves is what Prepare reserved.
                    var thread = new Thread(() =>
                    {
                        try
                        {
                            prepare.Invoke(null, prepare.GetParameters().Length == 0 ? null : new object[] { 3 });
                            for (int s = 0; s < Slots; s++)
                            {
                                prepared[s] = ScratchBuffers.Capacity(s);
                            }

                            EndToEndTests.RunLayer(EndToEndTests.s_assembly.Value, name, packed: false);
                            if (weighted)
                            {
                                EndToEndTests.RunLayer(EndToEndTests.s_assembly.Value, name, packed: true);
                            }

                            for (int s = 0; s < Slots; s++)
                            {
                                called[s] = ScratchBuffers.Capacity(s);
                            }
                        }
                        catch (Exception e)
                        {
                            failure = e;
                        }
                    });
                    thread.Start();
                    thread.Join();
                    Assert.Null(failure);
                    for (int s = 0; s < Slots; s++)
                    {
                        Assert.True(prepared[s] == called[s], name + " (" + Isa.Current + "): Prepare left scratch slot " + s + " with " + prepared[s] + " floats, the calls grew it to " + called[s]);
                    }
                }
            }
            finally
            {
                Isa.Ceiling = ceiling;
                Isa.Emulate512 = emulate;
                ParallelKernels.DegreeOfParallelism = saved;
            }
        }
    }
}
