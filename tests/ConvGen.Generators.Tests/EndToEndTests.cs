using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ConvGen.Reference;
using ConvGen.Shapes;
using ConvGen.Tests.Shared;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>
    /// Compiles every representative declaration (the snapshot set: all kinds, all padding modes, large windows,
    /// NHWC, dynamic batch, every epilogue) with the generator in memory, runs it on seeded random data and
    /// compares with the reference kernels. The snapshots prove the shape of the code; these prove what it computes.
    /// </summary>
    [Collection(IsaCollection.Name)]
    public sealed class EndToEndTests
    {
        internal static readonly Lazy<Assembly> s_assembly = new(() =>
        {
            string source = Declarations.Source(Declarations.All);
            GeneratorRun run = GeneratorHarness.Run(source);
            Assert.Empty(run.Exceptions);
            return GeneratorHarness.EmitAndLoad(run.Output);
        });

        public static IEnumerable<object[]> Names() => Declarations.All.Select(d => new object[] { d.Name });

        [Theory]
        [MemberData(nameof(Names))]
        public void Generated_Layer_Matches_Reference(string name)
        {
            var (shape, output, expected) = RunLayer(name);
            double atol = Tolerance(shape, name);
            for (int i = 0; i < output.Length; i++)
            {
                double diff = Math.Abs((double)output[i] - expected[i]);
                Assert.True(diff <= atol, name + " (" + Isa.Current + "): element " + i + " is " + output[i] + ", reference " + expected[i] + ", |diff| " + diff + " > " + atol);
            }
        }

        /// <summary>
        /// The absolute error bound of a declaration against the float64 reference: 2e-6 x sqrt(terms per output) x 8, zero
        /// for max pooling; Winograd F(4x4,3x3) (and F(4,3)) rounds differently (transform coefficients up to 8 and 1/24): ten
        /// times that; F(2x2,3x3), whose transforms only add, subtract and halve, twice that.
        /// </summary>
        internal static double Tolerance(LayerShape shape, string name)
        {
            double reach = shape.HasWeights ? (double)(shape.InChannels / shape.Groups) * shape.KernelSpatial : shape.KernelSpatial;
            string kernel = KernelName(name);
            double factor = kernel.Contains("WinogradF23", StringComparison.Ordinal) ? 2 : kernel.Contains("Winograd", StringComparison.Ordinal) ? 10 : 1;
            return shape.Kind == LayerKind.MaxPool ? 0 : 2e-6 * Math.Sqrt(reach) * 8 * factor;
        }

        public static IEnumerable<object[]> WeightedNames() => Declarations.All.Where(d => !d.Attribute.StartsWith("MaxPool", StringComparison.Ordinal) && !d.Attribute.Contains("Pool", StringComparison.Ordinal) && !d.Name.StartsWith("Rejected", StringComparison.Ordinal))
            .Select(d => new object[] { d.Name });

        [Theory]
        [MemberData(nameof(WeightedNames))]
        public void Packed_Weights_Give_The_Same_Bits(string name)
        {
            var (_, plain, _) = RunLayer(s_assembly.Value, name, packed: false);
            var (_, packed, _) = RunLayer(s_assembly.Value, name, packed: true);
            for (int i = 0; i < plain.Length; i++)
            {
                Assert.True(BitConverter.SingleToInt32Bits(plain[i]) == BitConverter.SingleToInt32Bits(packed[i]), name + ": element " + i + " is " + plain[i] + " with the weight span but " + packed[i] + " packed");
            }
        }

        [Fact]
        public void Weights_Packed_For_Another_Layer_Are_Refused()
        {
            Type layers = s_assembly.Value.GetType("Demo.Layers", throwOnError: true)!;
            var other = new PackedWeights("Layers.Someone_Else", "F32_Conv2d_Direct_k3x3__Scalar", new float[4]);
            MethodInfo method = layers.GetMethods().Single(m => m.Name == "Conv2D_Vector_Tiles_Bias_Relu" && m.GetParameters().Any(p => p.ParameterType == typeof(PackedWeights)));
            var roles = new List<OperandRole> { OperandRole.Input, OperandRole.Weight, OperandRole.Bias, OperandRole.Output };
            var values = new Dictionary<OperandRole, float[]> { [OperandRole.Input] = new float[2025], [OperandRole.Bias] = new float[19] };
            var e = Assert.Throws<ArgumentException>(() => Invoke(method, roles, values, new float[7695], 1, other));
            Assert.Contains("'weight' was packed for Layers.Someone_Else (kernel F32_Conv2d_Direct_k3x3__Scalar), but this layer needs weights packed by Layers.Conv2D_Vector_Tiles_Bias_ReluShape.PackWeights", e.Message, StringComparison.Ordinal);
        }

        /// <summary>The kernel the generator chose for a declaration (its <c>{Name}Shape.Kernel</c> constant).</summary>
        internal static string KernelName(string name)
        {
            Type layers = s_assembly.Value.GetType("Demo.Layers", throwOnError: true)!;
            return (string)layers.GetNestedType(name + "Shape")!.GetField("Kernel")!.GetValue(null)!;
        }

        /// <summary>Runs a declaration on seeded random operands; returns its shape, the generated output and the reference output.</summary>
        internal static (LayerShape Shape, float[] Output, float[] Expected) RunLayer(string name) => RunLayer(s_assembly.Value, name);

        /// <summary>Runs layer <paramref name="name"/> of <c>Demo.Layers</c> in <paramref name="assembly"/> on seeded random operands.</summary>
        internal static (LayerShape Shape, float[] Output, float[] Expected) RunLayer(Assembly assembly, string name) => RunLayer(assembly, name, packed: false);

        /// <summary>As <see cref="RunLayer(Assembly, string)"/>; with <paramref name="packed"/> through <c>PackWeights</c> and the overload taking <c>ConvGen.PackedWeights</c>.</summary>
        internal static (LayerShape Shape, float[] Output, float[] Expected) RunLayer(Assembly assembly, string name, bool packed)
        {
            Type layers = assembly.GetType("Demo.Layers", throwOnError: true)!;
            Type shapeClass = layers.GetNestedType(name + "Shape")!;
            var shape = (LayerShape)shapeClass.GetProperty("Layer")!.GetValue(null)!;
            int batch = shape.DynamicBatch ? 3 : shape.Batch;
            var rng = new Random(12345 + name.Length);
            List<OperandRole> roles = LayerSignature.Expected(shape.Kind, shape.Bias, shape.BatchNorm, shape.Residual, shape.DynamicBatch);
            var values = new Dictionary<OperandRole, float[]>();
            foreach (OperandRole role in roles.Where(r => r != OperandRole.Output && r != OperandRole.Batch))
            {
                long length = role switch
                {
                    OperandRole.Input => batch * shape.InputItemLength,
                    OperandRole.Weight => shape.WeightLength,
                    OperandRole.Residual => batch * shape.OutputItemLength,
                    _ => shape.OutChannels,
                };
                float lo = role == OperandRole.RunningVar ? 0.25f : -1f;
                values[role] = Enumerable.Range(0, (int)length).Select(_ => lo + (1f - lo) * (float)rng.NextDouble()).ToArray();
            }

            float[] output = new float[batch * shape.OutputItemLength];
            output.AsSpan().Fill(float.NaN);
            MethodInfo method;
            if (packed)
            {
                // PackWeights takes a ReadOnlySpan<float>: called through a compiled expression like the layer itself.
                MethodInfo pack = shapeClass.GetMethod("PackWeights")!;
                var packCall = System.Linq.Expressions.Expression.Call(pack, System.Linq.Expressions.Expression.Convert(
                    System.Linq.Expressions.Expression.Constant(values[OperandRole.Weight]), typeof(ReadOnlySpan<float>)));
                object packedWeights = System.Linq.Expressions.Expression.Lambda<Func<PackedWeights>>(packCall).Compile(preferInterpretation: false)();
                method = layers.GetMethods().Single(m => m.Name == name && m.GetParameters().Any(p => p.ParameterType == typeof(PackedWeights)));
                Invoke(method, roles, values, output, batch, packedWeights);
            }
            else
            {
                method = layers.GetMethods().Single(m => m.Name == name && m.GetParameters().All(p => p.ParameterType != typeof(PackedWeights)));
                Invoke(method, roles, values, output, batch);
            }

            float[] expected = new float[output.Length];
            var operands = new LayerOperands
            {
                Input = values[OperandRole.Input],
                Weight = values.GetValueOrDefault(OperandRole.Weight),
                Bias = values.GetValueOrDefault(OperandRole.Bias),
                Gamma = values.GetValueOrDefault(OperandRole.Gamma),
                Beta = values.GetValueOrDefault(OperandRole.Beta),
                RunningMean = values.GetValueOrDefault(OperandRole.RunningMean),
                RunningVar = values.GetValueOrDefault(OperandRole.RunningVar),
                Residual = values.GetValueOrDefault(OperandRole.Residual),
            };
            ReferenceKernels.Run(shape, batch, operands, expected);
            return (shape, output, expected);
        }

        /// <summary>Calls a span-taking layer method through a compiled wrapper (spans cannot go through reflection).</summary>
        internal static void Invoke(MethodInfo method, List<OperandRole> roles, Dictionary<OperandRole, float[]> values, float[] output, int batch, object? packedWeights = null)
        {
            var args = new List<System.Linq.Expressions.Expression>();
            foreach (OperandRole role in roles)
            {
                Type p = method.GetParameters()[args.Count].ParameterType;
                if (role == OperandRole.Batch)
                {
                    args.Add(System.Linq.Expressions.Expression.Constant(batch));
                }
                else if (role == OperandRole.Weight && packedWeights is not null)
                {
                    args.Add(System.Linq.Expressions.Expression.Constant(packedWeights, typeof(PackedWeights)));
                }
                else
                {
                    float[] data = role == OperandRole.Output ? output : values[role];
                    args.Add(System.Linq.Expressions.Expression.Convert(System.Linq.Expressions.Expression.Constant(data), p));
                }
            }

            var call = System.Linq.Expressions.Expression.Call(method, args);
            System.Linq.Expressions.Expression.Lambda<Action>(call).Compile(preferInterpretation: false)();
        }
    }
}
