using System.Collections.Generic;
using System.Reflection;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>How the runtime's kernel helpers are compiled.</summary>
    public sealed class MethodImplTests
    {
        /// <summary>
        /// Every runtime method marked <c>AggressiveInlining</c> is also marked <c>AggressiveOptimization</c>: the JIT
        /// declines some inlines (a helper too large, <c>VectorTranspose.Transpose16x16</c> at 737 bytes of IL, or a caller
        /// past its limits), and the call then went to the helper's Tier-0 code until tiered compilation promoted it,
        /// which a process pinned to one busy core had not done after seconds (Zen 5: ResNet's NCHW stem at 150 instead
        /// of 227 GFLOP/s, its row stores' 16x16 transposes unoptimised).
        /// </summary>
        [Fact]
        public void Inlined_Helpers_Are_Optimised_Where_Not_Inlined()
        {
            Assembly runtime = typeof(VectorTranspose).Assembly;
            var missing = new List<string>();
            int inlined = 0;
            foreach (System.Type type in runtime.GetTypes())
            {
                foreach (MethodInfo method in Declared(type))
                {
                    if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveInlining) == 0)
                    {
                        continue;
                    }

                    inlined++;
                    if (!Optimised(method))
                    {
                        missing.Add(type.Name + "." + method.Name);
                    }
                }
            }

            Assert.True(inlined > 50, "expected the runtime's vector helpers to be found; found " + inlined);
            Assert.True(missing.Count == 0, "AggressiveInlining without AggressiveOptimization: " + string.Join(", ", missing));
        }

        /// <summary>
        /// Every method of the classes whose code the kernels run per element, row or block (the vector helpers, the layout
        /// and dilation-phase moves, the scalar activations and padding rules) is compiled optimised on its first call,
        /// private loops included: <c>LayoutTranspose</c>'s scalar edges and <c>DilationPhases</c>' channels-last moves were
        /// Tier-0 code, and so was <c>Activations.Erf</c>, which every scalar GELU epilogue calls. Argument checks
        /// (<c>Check*</c>) are exempt: they run once per call.
        /// </summary>
        [Theory]
        [InlineData(typeof(VectorTranspose))]
        [InlineData(typeof(VectorLanes))]
        [InlineData(typeof(VectorLoads))]
        [InlineData(typeof(VectorActivations))]
        [InlineData(typeof(VectorMax))]
        [InlineData(typeof(LayoutTranspose))]
        [InlineData(typeof(DilationPhases))]
        [InlineData(typeof(Activations))]
        [InlineData(typeof(PaddingIndex))]
        public void Kernel_Helper_Classes_Are_Compiled_Optimised(System.Type type)
        {
            var missing = new List<string>();
            MethodInfo[] methods = Declared(type);
            Assert.NotEmpty(methods);
            foreach (MethodInfo method in methods)
            {
                if (!method.Name.StartsWith("Check", System.StringComparison.Ordinal) && !Optimised(method))
                {
                    missing.Add(method.Name);
                }
            }

            Assert.True(missing.Count == 0, type.Name + " methods left to tiered compilation: " + string.Join(", ", missing));
        }

        /// <summary>The 16x16 transpose, which the JIT does not inline, is compiled optimised on its first call.</summary>
        [Fact]
        public void The_Large_Transpose_Is_Compiled_Optimised()
        {
            MethodInfo transpose = typeof(VectorTranspose).GetMethod(nameof(VectorTranspose.Transpose16x16), new[] { typeof(float).MakeByRefType(), typeof(nint), typeof(float).MakeByRefType(), typeof(nint) })!;
            Assert.True(Optimised(transpose));
        }

        /// <summary>The methods <paramref name="type"/> declares, static and instance, of any visibility.</summary>
        private static MethodInfo[] Declared(System.Type type)
            => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly);

        /// <summary>True when <paramref name="method"/> is compiled fully optimised on its first call.</summary>
        private static bool Optimised(MethodInfo method) => (method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0;
    }
}
