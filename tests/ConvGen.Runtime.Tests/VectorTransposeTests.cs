using System;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>The in-register transposes the channel-lane kernels store their rows through: every element lands at its transposed place.</summary>
    public sealed class VectorTransposeTests
    {
        [Theory]
        [InlineData(16, 16)]
        [InlineData(16, 64)]
        [InlineData(16, 48)]
        [InlineData(8, 8)]
        [InlineData(8, 64)]
        [InlineData(8, 48)]
        public void Transposes_Every_Element(int size, int stride)
        {
            // 16x16 runs its AVX-512 shuffles where the machine has them and its element-by-element form elsewhere; 8x8 needs AVX.
            Assert.True(size == 16 || System.Runtime.Intrinsics.X86.Avx.IsSupported, "the test machine has AVX");
            var source = new float[size * stride];
            for (int i = 0; i < source.Length; i++)
            {
                // Distinct values, including signed zero and a NaN payload, so a misplaced lane or a rounding shows.
                source[i] = i == 3 ? -0f : i == 5 ? BitConverter.Int32BitsToSingle(0x7FC0_1234) : i * 1.25f + 0.5f;
            }

            var destination = new float[size * size];
            Array.Fill(destination, float.NegativeInfinity);
            if (size == 16)
            {
                VectorTranspose.Transpose16x16(ref source[0], stride, ref destination[0]);
            }
            else
            {
                VectorTranspose.Transpose8x8(ref source[0], stride, ref destination[0]);
            }

            for (int row = 0; row < size; row++)
            {
                for (int column = 0; column < size; column++)
                {
                    int expected = BitConverter.SingleToInt32Bits(source[column * stride + row]);
                    int actual = BitConverter.SingleToInt32Bits(destination[row * size + column]);
                    Assert.True(expected == actual, $"destination[{row}, {column}]: expected the bits {expected:X8} of source[{column}, {row}], got {actual:X8}");
                }
            }
        }
    }
}
