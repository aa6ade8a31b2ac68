using System.Runtime.Intrinsics;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>The lane shifts and the masked even/odd split the stride-2 depthwise row tiles are built from.</summary>
    public sealed class VectorShiftTests
    {
        [Fact]
        public void Previous_And_Next_Lane_Shift_One_Lane_In_From_The_Neighbour()
        {
            Vector512<float> previous = Vector512.Create(100f) + Vector512<float>.Indices, current = Vector512<float>.Indices, next = Vector512.Create(200f) + Vector512<float>.Indices;
            Vector512<float> left = VectorLanes.PreviousLane512(current, previous), right = VectorLanes.NextLane512(current, next);
            for (int j = 0; j < 16; j++)
            {
                Assert.Equal(j == 0 ? 115f : j - 1, left[j]);
                Assert.Equal(j == 15 ? 200f : j + 1, right[j]);
            }
        }

        [Theory]
        [InlineData(0)]
        [InlineData(5)]
        [InlineData(63)]
        public void Broadcast_From_Memory_Puts_The_Float_In_Every_Lane(int index)
        {
            // Pinned, as the kernels' operands are (the broadcast takes the address).
            float[] memory = System.GC.AllocateArray<float>(64, pinned: true);
            for (int i = 0; i < memory.Length; i++)
            {
                memory[i] = i * 0.5f - 7f;
            }

            Assert.Equal(Vector256.Create(memory[index]), VectorLoads.Broadcast256(ref memory[index]));
            // 512-bit: a broadcast from memory where AVX-512F exists, Vector512.Create on software vectors elsewhere.
            Assert.Equal(Vector512.Create(memory[index]), VectorLoads.Broadcast512(ref memory[index]));
            memory[index] = float.NaN;
            Assert.True(float.IsNaN(VectorLoads.Broadcast512(ref memory[index]).GetElement(15)));
        }

        [Fact]
        public void Phases_Of_32_Floats_Are_Their_Stride_4_Columns_And_Next_Lane_Shifts_In()
        {
            Assert.True(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "the test machine has AVX2");
            // Element e of the 40 consecutive floats is 10 + e, so every lane says where it came from.
            Vector256<float> Part(int k) => Vector256.Create(10f + 8 * k) + Vector256<float>.Indices;
            VectorLanes.Phases4x256(Part(0), Part(1), Part(2), Part(3), out Vector256<float> p0, out Vector256<float> p1, out Vector256<float> p2, out Vector256<float> p3);
            Vector256<float>[] phases = { p0, p1, p2, p3 };
            Vector256<float> p4 = VectorLanes.NextLane256(p0, Part(4)), p5 = VectorLanes.NextLaneOfSecond256(p1, Part(4));
            for (int l = 0; l < 8; l++)
            {
                for (int k = 0; k < 4; k++)
                {
                    Assert.Equal(10f + 4 * l + k, phases[k][l]);
                }

                // Patch columns 4 and 5 of tile l: elements 4 l + 4 and 4 l + 5 (32 and 33 for the last tile).
                Assert.Equal(10f + 4 * l + 4, p4[l]);
                Assert.Equal(10f + 4 * l + 5, p5[l]);
            }
        }

        [Fact]
        public void From_Phases_Interleaves_The_Four_Phases_Back()
        {
            Assert.True(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "the test machine has AVX2");
            // Lane l of phase k is element 4 l + k, and element e is 10 + e.
            Vector256<float> Phase(int k) => Vector256.Create(10f + k) + Vector256<float>.Indices * 4;
            VectorLanes.FromPhases4x256(Phase(0), Phase(1), Phase(2), Phase(3), out Vector256<float> a, out Vector256<float> b, out Vector256<float> c, out Vector256<float> d);
            Vector256<float>[] parts = { a, b, c, d };
            for (int e = 0; e < 32; e++)
            {
                Assert.Equal(10f + e, parts[e / 8][e % 8]);
            }
        }

        [Theory]
        [InlineData(0, 40)]
        [InlineData(16, 40)]
        [InlineData(32, 40)]
        [InlineData(-8, 40)]
        public void Masked_Even_Odd_Split_Reads_Zero_Outside_The_Row(int column, int width)
        {
            var row = new float[width];
            for (int i = 0; i < width; i++)
            {
                row[i] = i + 1;
            }

            // The row starts 8 floats into a larger array, so a column left of it stays inside memory the test owns;
            // pinned, as the kernels' operands are (masked loads take the address).
            float[] memory = System.GC.AllocateArray<float>(width + 64, pinned: true);
            System.Array.Copy(row, 0, memory, 8, width);
            VectorLoads.MaskLoadEvenOdd512(ref memory[8], column, width, out Vector512<float> even, out Vector512<float> odd);
            for (int j = 0; j < 16; j++)
            {
                int e = column + 2 * j, o = e + 1;
                Assert.Equal(e >= 0 && e < width ? e + 1 : 0f, even[j]);
                Assert.Equal(o >= 0 && o < width ? o + 1 : 0f, odd[j]);
            }
        }

        [Theory]
        [InlineData(0, 16, 40)]
        [InlineData(8, 24, 40)]
        [InlineData(-2, 14, 40)]
        [InlineData(20, 38, 40)]
        [InlineData(36, 52, 40)]
        [InlineData(-6, 1, 3)]
        public void Runs_Of_Four_Load_Zero_Outside_The_Row_And_Store_Only_Inside(int first, int second, int width)
        {
            // The row starts 8 floats into a larger pinned array (the kernels' operands are pinned; masked lanes outside the
            // row are neither read nor written, and the floats around it must stay as they are).
            float[] memory = System.GC.AllocateArray<float>(width + 64, pinned: true);
            for (int i = 0; i < width; i++)
            {
                memory[8 + i] = i + 1;
            }

            Vector256<float> runs = VectorLoads.LoadRuns256(ref memory[8], first, second, width);
            for (int lane = 0; lane < 8; lane++)
            {
                int column = (lane < 4 ? first : second) + lane % 4;
                Assert.Equal(column >= 0 && column < width ? column + 1 : 0f, runs[lane]);
            }

            float[] stored = System.GC.AllocateArray<float>(width + 64, pinned: true);
            System.Array.Fill(stored, -7f);
            VectorLanes.StoreRuns256(Vector256.Create(100f) + Vector256<float>.Indices, ref stored[8], first, second, width);
            for (int i = 0; i < stored.Length; i++)
            {
                int column = i - 8;
                int lane = column >= first && column < first + 4 ? column - first : column >= second && column < second + 4 ? 4 + column - second : -1;
                Assert.Equal(lane >= 0 && column >= 0 && column < width ? 100f + lane : -7f, stored[i]);
            }
        }

        [Theory]
        [InlineData(0, 8, 16, 24, 40)]
        [InlineData(-1, 7, 15, 23, 40)]
        [InlineData(30, 38, 46, 54, 40)]
        [InlineData(-4, -2, 0, 2, 3)]
        public void Runs_Of_Two_Load_Zero_Outside_The_Row_And_Store_Only_Inside(int c0, int c1, int c2, int c3, int width)
        {
            float[] memory = System.GC.AllocateArray<float>(width + 64, pinned: true);
            for (int i = 0; i < width; i++)
            {
                memory[8 + i] = i + 1;
            }

            int[] starts = { c0, c1, c2, c3 };
            Vector256<float> pairs = VectorLoads.LoadPairs256(ref memory[8], c0, c1, c2, c3, width);
            for (int lane = 0; lane < 8; lane++)
            {
                int column = starts[lane / 2] + lane % 2;
                Assert.Equal(column >= 0 && column < width ? column + 1 : 0f, pairs[lane]);
            }

            float[] stored = System.GC.AllocateArray<float>(width + 64, pinned: true);
            System.Array.Fill(stored, -7f);
            VectorLanes.StorePairs256(Vector256.Create(100f) + Vector256<float>.Indices, ref stored[8], c0, c1, c2, c3, width);
            var expected = new float[stored.Length];
            System.Array.Fill(expected, -7f);
            for (int lane = 0; lane < 8; lane++)
            {
                int column = starts[lane / 2] + lane % 2;
                if (column >= 0 && column < width)
                {
                    expected[8 + column] = 100f + lane;
                }
            }

            Assert.Equal(expected, stored);
        }

        [Theory]
        [InlineData(0, 64)]
        [InlineData(24, 64)]
        [InlineData(25, 64)]
        [InlineData(-3, 64)]
        [InlineData(30, 64)]
        [InlineData(-2, 20)]
        public void Dilated_Pairs_Are_The_Six_Points_Of_Eight_Tiles_Dilated_By_2(int c0, int width)
        {
            float[] memory = System.GC.AllocateArray<float>(width + 64, pinned: true);
            for (int i = 0; i < width; i++)
            {
                memory[8 + i] = i + 1;
            }

            VectorLoads.DilatedPairs256(ref memory[8], c0, width, out var p0, out var p1, out var p2, out var p3, out var p4, out var p5);
            Vector256<float>[] points = { p0, p1, p2, p3, p4, p5 };
            for (int e = 0; e < 6; e++)
            {
                Assert.Equal(VectorLoads.LoadPairs256(ref memory[8], c0 + 2 * e, c0 + 8 + 2 * e, c0 + 16 + 2 * e, c0 + 24 + 2 * e, width), points[e]);
                for (int lane = 0; lane < 8; lane++)
                {
                    int column = c0 + 8 * (lane / 2) + lane % 2 + 2 * e;
                    Assert.Equal(column >= 0 && column < width ? column + 1 : 0f, points[e][lane]);
                }
            }
        }

        [Theory]
        [InlineData(2048)]
        [InlineData(1 << 30)]
        public void Prefetch_Ahead_Past_The_End_Neither_Faults_Nor_Changes_Memory(int bytes)
        {
            // The lane GEMM prefetches 2 KiB past its weight run, which for the last input channels is past the end of the
            // weights: a hint that must not fault there (1 GiB on: almost surely unmapped) or touch the data.
            float[] memory = System.GC.AllocateArray<float>(4, pinned: true);
            memory[3] = 7f;
            VectorLoads.PrefetchAhead(ref memory[3], bytes);
            Assert.Equal(new[] { 0f, 0f, 0f, 7f }, memory);
        }
    }
}
