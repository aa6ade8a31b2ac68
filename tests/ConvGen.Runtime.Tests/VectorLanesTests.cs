using System;
using System.Runtime.Intrinsics;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>The 4-row transposing stores of the lane Winograd GEMM: every lane lands in its row and nothing else is written.</summary>
    public sealed class VectorLanesTests
    {
        [Fact]
        public void StoreRowsOf4_Puts_Lane_K_Of_Each_Vector_In_Row_K()
        {
            const int stride = 6;
            foreach (int lanes in new[] { 8, 16 })
            {
                // The 256-bit form needs AVX (every machine the vector kernels run on); the 512-bit form runs its AVX-512 code
                // where the machine has it and its element-by-element form elsewhere, with the same result.
                Assert.True(lanes == 16 || System.Runtime.Intrinsics.X86.Avx.IsSupported, "the test machine has AVX");
                float[] source = new float[4 * lanes];
                for (int i = 0; i < source.Length; i++)
                {
                    source[i] = i + 1;
                }

                float[] rows = new float[lanes * stride];
                Array.Fill(rows, -1f);
                if (lanes == 16)
                {
                    VectorLanes.StoreRowsOf4x512(Vector512.Create(source, 0), Vector512.Create(source, 16), Vector512.Create(source, 32), Vector512.Create(source, 48), ref rows[0], stride);
                }
                else
                {
                    VectorLanes.StoreRowsOf4x256(Vector256.Create(source, 0), Vector256.Create(source, 8), Vector256.Create(source, 16), Vector256.Create(source, 24), ref rows[0], stride);
                }

                for (int k = 0; k < lanes; k++)
                {
                    for (int j = 0; j < stride; j++)
                    {
                        float want = j < 4 ? source[j * lanes + k] : -1f;
                        Assert.True(want == rows[k * stride + j], lanes + " lanes: row " + k + " column " + j + " is " + rows[k * stride + j] + ", expected " + want);
                    }
                }
            }
        }
    }
}
