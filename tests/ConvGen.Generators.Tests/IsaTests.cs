using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ConvGen.Shapes;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>Tests that change <see cref="Isa.Ceiling"/> (a process-wide switch) run in this collection, one at a time.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class IsaCollection
    {
        public const string Name = "Isa ceiling";
    }

    /// <summary>
    /// Every declaration at every ISA level (512-bit, 256-bit, scalar): each level matches the reference, and all levels
    /// give bitwise-identical outputs (the promise that results do not depend on the CPU). On a machine without AVX-512
    /// the 512-bit level runs on software 512-bit vectors (<see cref="Isa.Emulate512"/>), so its code is checked too.
    /// </summary>
    [Collection(IsaCollection.Name)]
    public sealed class IsaTests
    {
        public static IEnumerable<object[]> Names() => Declarations.All.Select(d => new object[] { d.Name });

        /// <summary>
        /// The vector max (compare and select) against the scalar rule and the reference on the values where a max can
        /// differ: NaN (propagates, the latest wins), -0 and +0 (equal: the first is kept), -infinity, and many ties.
        /// </summary>
        [Theory]
        [InlineData("MaxPool2D_Vector_Stride2_Padded")]
        [InlineData("MaxPool1D_Vector_Stride1_Dilated_Batch2")]
        [InlineData("MaxPool2D_Nhwc_Vector_Dilated_Ceil_Batch2")]
        [InlineData("MaxPool1D_Nhwc_Vector")]
        public void Max_Pooling_Keeps_NaN_And_Signed_Zeros_Bit_For_Bit_On_Every_Isa(string name)
        {
            Type layers = EndToEndTests.s_assembly.Value.GetType("Demo.Layers", throwOnError: true)!;
            var shape = (LayerShape)layers.GetNestedType(name + "Shape")!.GetProperty("Layer")!.GetValue(null)!;
            Assert.EndsWith("__V512", (string)layers.GetNestedType(name + "Shape")!.GetField("Kernel")!.GetValue(null)!, StringComparison.Ordinal);
            int batch = shape.Batch;
            var rng = new Random(7);
            float[] input = new float[batch * shape.InputItemLength];
            for (int i = 0; i < input.Length; i++)
            {
                input[i] = i % 37 == 5 ? BitConverter.Int32BitsToSingle(0x7FC00000 | i) // NaNs with distinct payloads
                    : i % 5 == 1 ? -0f : i % 5 == 2 ? 0f : i % 41 == 7 ? float.NegativeInfinity : rng.Next(-2, 1);
            }

            float[] expected = new float[batch * shape.OutputItemLength];
            ConvGen.Reference.ReferenceKernels.Run(shape, batch, new ConvGen.Reference.LayerOperands { Input = input }, expected);
            List<OperandRole> roles = LayerSignature.Expected(shape.Kind, false, false, false, shape.DynamicBatch);
            MethodInfo method = layers.GetMethods().Single(m => m.Name == name);
            IsaLevel saved = Isa.Ceiling;
            try
            {
                foreach (IsaLevel level in new[] { IsaLevel.V512, IsaLevel.V256, IsaLevel.Scalar })
                {
                    SetLevel(level);
                    float[] output = new float[expected.Length];
                    EndToEndTests.Invoke(method, roles, new Dictionary<OperandRole, float[]> { [OperandRole.Input] = input }, output, batch);
                    for (int i = 0; i < output.Length; i++)
                    {
                        Assert.True(BitConverter.SingleToInt32Bits(output[i]) == BitConverter.SingleToInt32Bits(expected[i]),
                            name + " at " + level + ": element " + i + " has bits 0x" + BitConverter.SingleToInt32Bits(output[i]).ToString("X8", System.Globalization.CultureInfo.InvariantCulture)
                            + ", the reference 0x" + BitConverter.SingleToInt32Bits(expected[i]).ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
            finally
            {
                Isa.Ceiling = saved;
                Isa.Emulate512 = false;
            }
        }

        /// <summary>Sets the ceiling; the 512-bit level on a machine without AVX-512 runs on software vectors.</summary>
        internal static void SetLevel(IsaLevel level)
        {
            Isa.Ceiling = level;
            Isa.Emulate512 = level == IsaLevel.V512 && !System.Runtime.Intrinsics.X86.Avx512F.IsSupported;
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void Every_Isa_Level_Gives_The_Same_Bits(string name)
        {
            IsaLevel saved = Isa.Ceiling;
            try
            {
                var results = new List<(IsaLevel Level, float[] Output)>();
                foreach (IsaLevel level in new[] { IsaLevel.V512, IsaLevel.V256, IsaLevel.Scalar })
                {
                    SetLevel(level);
                    Assert.True(level != IsaLevel.V512 || Isa.Current == IsaLevel.V512, "the 512-bit level runs (on hardware or software vectors)");
                    var (shape, output, expected) = EndToEndTests.RunLayer(name);
                    double atol = EndToEndTests.Tolerance(shape, name);
                    for (int i = 0; i < output.Length; i++)
                    {
                        Assert.True(Math.Abs((double)output[i] - expected[i]) <= atol,
                            name + " at " + Isa.Current + ": element " + i + " is " + output[i] + ", reference " + expected[i] + ", bound " + atol);
                    }

                    results.Add((Isa.Current, output));
                }

                for (int r = 1; r < results.Count; r++)
                {
                    for (int i = 0; i < results[0].Output.Length; i++)
                    {
                        Assert.True(BitConverter.SingleToInt32Bits(results[0].Output[i]) == BitConverter.SingleToInt32Bits(results[r].Output[i]),
                            name + ": element " + i + " is " + results[0].Output[i] + " at " + results[0].Level + " but " + results[r].Output[i] + " at " + results[r].Level);
                    }
                }
            }
            finally
            {
                Isa.Ceiling = saved;
                Isa.Emulate512 = false;
            }
        }

        [Theory]
        [MemberData(nameof(Names))]
        public void Every_Thread_Count_Gives_The_Same_Bits(string name)
        {
            int saved = ParallelKernels.DegreeOfParallelism;
            try
            {
                ParallelKernels.DegreeOfParallelism = 1;
                float[] single = EndToEndTests.RunLayer(name).Output;
                foreach (int threads in new[] { 2, 3, 8 })
                {
                    ParallelKernels.DegreeOfParallelism = threads;
                    float[] output = EndToEndTests.RunLayer(name).Output;
                    for (int i = 0; i < single.Length; i++)
                    {
                        Assert.True(BitConverter.SingleToInt32Bits(single[i]) == BitConverter.SingleToInt32Bits(output[i]),
                            name + ": element " + i + " is " + single[i] + " on 1 thread but " + output[i] + " on " + threads);
                    }
                }
            }
            finally
            {
                ParallelKernels.DegreeOfParallelism = saved;
            }
        }

        [Fact]
        public void Degree_Of_Parallelism_Must_Be_Positive()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => ParallelKernels.DegreeOfParallelism = 0);
            Assert.Contains("at least 1", e.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Ceiling_Lowers_The_Level_Used()
        {
            IsaLevel saved = Isa.Ceiling;
            try
            {
                Isa.Ceiling = IsaLevel.Scalar;
                Assert.Equal(IsaLevel.Scalar, Isa.Current);
                Isa.Ceiling = IsaLevel.V256;
                Assert.True(Isa.Current <= IsaLevel.V256);
            }
            finally
            {
                Isa.Ceiling = saved;
            }
        }
    }
}
