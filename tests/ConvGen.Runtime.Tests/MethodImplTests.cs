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
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
                {
                    MethodImplAttributes flags = method.MethodImplementationFlags;
                    if ((flags & MethodImplAttributes.AggressiveInlining) == 0)
                    {
                        continue;
                    }

                    inlined++;
                    if ((flags & MethodImplAttributes.AggressiveOptimization) == 0)
                    {
                        missing.Add(type.Name + "." + method.Name);
                    }
                }
            }

            Assert.True(inlined > 50, "expected the runtime's vector helpers to be found; found " + inlined);
            Assert.True(missing.Count == 0, "AggressiveInlining without AggressiveOptimization: " + string.Join(", ", missing));
        }

        /// <summary>The 16x16 transpose, which the JIT does not inline, is compiled optimised on its first call.</summary>
        [Fact]
        public void The_Large_Transpose_Is_Compiled_Optimised()
        {
            MethodInfo transpose = typeof(VectorTranspose).GetMethod(nameof(VectorTranspose.Transpose16x16), new[] { typeof(float).MakeByRefType(), typeof(nint), typeof(float).MakeByRefType(), typeof(nint) })!;
            Assert.NotEqual((MethodImplAttributes)0, transpose.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization);
        }
    }
}
