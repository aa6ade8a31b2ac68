using System.Collections.Generic;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>Tests that change <see cref="Isa.Ceiling"/> (process-wide) run one at a time.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class RuntimeIsaCollection
    {
        public const string Name = "Runtime ISA ceiling";

        /// <summary><see cref="At"/> each level in turn: 512-bit, 256-bit, scalar.</summary>
        public static void AtEveryLevel(System.Action check)
        {
            foreach (IsaLevel level in new[] { IsaLevel.V512, IsaLevel.V256, IsaLevel.Scalar })
            {
                At(level, check);
            }
        }

        /// <summary>
        /// Runs <paramref name="check"/> with the ISA ceiling at <paramref name="level"/> (the 512-bit level on software
        /// 512-bit vectors where the machine has no AVX-512), then restores the ceiling.
        /// </summary>
        public static void At(IsaLevel level, System.Action check)
        {
            IsaLevel saved = Isa.Ceiling;
            try
            {
                Isa.Ceiling = level;
                Isa.Emulate512 = level == IsaLevel.V512 && !System.Runtime.Intrinsics.X86.Avx512F.IsSupported;
                check();
            }
            finally
            {
                Isa.Ceiling = saved;
                Isa.Emulate512 = false;
            }
        }
    }

    /// <summary>The channels-last bridge's transposes: every element lands at its transposed place on every ISA path.</summary>
    [Collection(RuntimeIsaCollection.Name)]
    public class LayoutTransposeTests
    {
        public static IEnumerable<object[]> Cases()
        {
            foreach (IsaLevel level in new[] { IsaLevel.Scalar, IsaLevel.V256, IsaLevel.V512 })
            {
                // Whole 16 x 16 and 8 x 8 blocks, remainders on either axis, and matrices smaller than a block.
                yield return new object[] { level, 1, 32, 48 };
                yield return new object[] { level, 1, 24, 143 };
                yield return new object[] { level, 2, 37, 21 };
                yield return new object[] { level, 3, 5, 70 };
                yield return new object[] { level, 1, 143, 20 };
                yield return new object[] { level, 1, 100, 33 };
                yield return new object[] { level, 2, 1, 9 };
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Every_Element_Lands_Transposed(IsaLevel level, int batch, int rows, int columns)
        {
            var source = new float[batch * rows * columns];
            for (int i = 0; i < source.Length; i++)
            {
                source[i] = i + 0.5f;
            }

            // One float past the end on each side stays untouched.
            var destination = new float[source.Length + 1];
            destination[^1] = -7f;
            RuntimeIsaCollection.At(level, () =>
            {
                if (batch == 1 && rows > 32)
                {
                    // In parts, as the bridges split an item over threads: bounds at multiples of 16, the last one ragged.
                    int split = rows / 32 * 16;
                    LayoutTranspose.Rows(ref source[0], ref destination[0], rows, columns, split, rows);
                    LayoutTranspose.Rows(ref source[0], ref destination[0], rows, columns, 0, split);
                }
                else if (batch == 1)
                {
                    int split = columns / 32 * 16;
                    LayoutTranspose.Columns(ref source[0], ref destination[0], rows, columns, split, columns);
                    LayoutTranspose.Columns(ref source[0], ref destination[0], rows, columns, 0, split);
                }
                else
                {
                    LayoutTranspose.Transpose(ref source[0], ref destination[0], batch, rows, columns);
                }
            });

            for (int n = 0; n < batch; n++)
            {
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < columns; c++)
                    {
                        int item = n * rows * columns;
                        Assert.Equal(source[item + r * columns + c], destination[item + c * rows + r]);
                    }
                }
            }

            Assert.Equal(-7f, destination[^1]);
        }
    }
}
