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

        [Fact]
        public void Two_Source_Permute_And_Align_Pick_The_Lanes_Of_Both_Sources()
        {
            // With AVX-512 the instructions, without it the lane-by-lane forms software 512-bit vectors run: the same lanes.
            var low = System.Runtime.Intrinsics.Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
            var high = low + System.Runtime.Intrinsics.Vector512.Create(100f);
            var index = System.Runtime.Intrinsics.Vector512.Create(31, 0, 17, 2, 16, 15, 3, 30, 4, 5, 20, 21, 1, 14, 18, 19);
            System.Runtime.Intrinsics.Vector512<float> permuted = VectorLanes.Permute2x512(low, index, high);
            for (int lane = 0; lane < 16; lane++)
            {
                int i = index.GetElement(lane);
                Assert.Equal(i < 16 ? i : 100 + i - 16, permuted.GetElement(lane));
            }

            System.Runtime.Intrinsics.Vector512<float> one = VectorLanes.AlignRight512(high, low, 1);
            System.Runtime.Intrinsics.Vector512<float> three = VectorLanes.AlignRight512(high, low, 3);
            for (int lane = 0; lane < 16; lane++)
            {
                Assert.Equal(lane + 1 < 16 ? lane + 1 : 100 + lane + 1 - 16, one.GetElement(lane));
                Assert.Equal(lane + 3 < 16 ? lane + 3 : 100 + lane + 3 - 16, three.GetElement(lane));
            }
        }

        [Fact]
        public void Paired_Even_And_Odd_Lanes_Restore_To_Row_Order()
        {
            Assert.True(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "the test machine has AVX2");
            float[] row = new float[16];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = 100 + i;
            }

            Vector256<float> a = Vector256.Create(row, 0), b = Vector256.Create(row, 8);
            Vector256<float> even = VectorLanes.EvenLanesPaired256(a, b), odd = VectorLanes.OddLanesPaired256(a, b);
            // Paired order: output columns 0, 1, 4, 5, 2, 3, 6, 7.
            int[] order = { 0, 1, 4, 5, 2, 3, 6, 7 };
            Vector256<float> evenRow = VectorLanes.FromPairedOrder256(even), oddRow = VectorLanes.FromPairedOrder256(odd);
            for (int lane = 0; lane < 8; lane++)
            {
                Assert.Equal(row[2 * order[lane]], even.GetElement(lane));
                Assert.Equal(row[2 * order[lane] + 1], odd.GetElement(lane));
                Assert.Equal(row[2 * lane], evenRow.GetElement(lane));
                Assert.Equal(row[2 * lane + 1], oddRow.GetElement(lane));
            }
        }
    }
}
