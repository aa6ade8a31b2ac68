using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ConvGen
{
    /// <summary>
    /// The channels-last bridge's layout conversions: a batch of <c>rows x columns</c> matrices, each written transposed.
    /// NHWC to NCHW is rows = pixels, columns = channels; NCHW to NHWC the other way round. Generated layers whose
    /// channels-last form has no vector kernel (grouped and transposed convolutions, depthwise multipliers) or whose
    /// channels-first kernel is much faster (Winograd) run the NCHW kernel between two of these; the values are only moved,
    /// so the results are those of the NCHW kernel, bit for bit, on every ISA path.
    /// </summary>
    public static class LayoutTranspose
    {
        /// <summary>
        /// For each of <paramref name="batch"/> items: <c>destination[c * rows + r] = source[r * columns + c]</c> (items
        /// <c>rows * columns</c> floats apart in both), on the calling thread.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Transpose(ref float source, ref float destination, int batch, int rows, int columns)
        {
            long item = (long)rows * columns;
            for (int n = 0; n < batch; n++)
            {
                Rows(ref Unsafe.Add(ref source, (nint)(n * item)), ref Unsafe.Add(ref destination, (nint)(n * item)), rows, columns, 0, rows);
            }
        }

        /// <summary>Source rows <c>[rowFrom, rowTo)</c> of one <c>rows x columns</c> matrix, every column (see <see cref="Region"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Rows(ref float source, ref float destination, int rows, int columns, int rowFrom, int rowTo)
            => Region(ref source, ref destination, rows, columns, rowFrom, rowTo, 0, columns);

        /// <summary>Source columns <c>[columnFrom, columnTo)</c> of one <c>rows x columns</c> matrix, every row (see <see cref="Region"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Columns(ref float source, ref float destination, int rows, int columns, int columnFrom, int columnTo)
            => Region(ref source, ref destination, rows, columns, 0, rows, columnFrom, columnTo);

        /// <summary>
        /// Source rows <c>[rowFrom, rowTo)</c> x columns <c>[columnFrom, columnTo)</c> of one <c>rows x columns</c> matrix:
        /// <c>destination[c * rows + r] = source[r * columns + c]</c>. Blocks of 16 x 16 through registers on the 512-bit
        /// path (<see cref="Isa.Use512"/>), 8 x 8 on the 256-bit one, the edges element by element. Disjoint regions
        /// write disjoint floats, so parts of a matrix can run on different threads: the generated bridges split an item
        /// along its pixel axis (rows going to NCHW, columns coming back), at multiples of 16, so that each part writes
        /// runs of whole 16-float blocks (a split along the channels would interleave the parts' writes in every pixel).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Region(ref float source, ref float destination, int rows, int columns, int rowFrom, int rowTo, int columnFrom, int columnTo)
        {
            int block = Isa.Use512 ? 16 : Isa.Use256 ? 8 : 1;
            int r0 = rowFrom;
            if (block > 1)
            {
                for (; r0 + block <= rowTo; r0 += block)
                {
                    int c0 = columnFrom;
                    for (; c0 + block <= columnTo; c0 += block)
                    {
                        ref float from = ref Unsafe.Add(ref source, (nint)r0 * columns + c0);
                        ref float to = ref Unsafe.Add(ref destination, (nint)c0 * rows + r0);
                        if (block == 16)
                        {
                            VectorTranspose.Transpose16x16(ref from, columns, ref to, rows);
                        }
                        else
                        {
                            VectorTranspose.Transpose8x8(ref from, columns, ref to, rows);
                        }
                    }

                    Scalar(ref source, ref destination, rows, columns, r0, r0 + block, c0, columnTo);
                }
            }

            Scalar(ref source, ref destination, rows, columns, r0, rowTo, columnFrom, columnTo);
        }

        private static void Scalar(ref float src, ref float dst, int rows, int columns, int rowFrom, int rowTo, int columnFrom, int columnTo)
        {
            for (int r = rowFrom; r < rowTo; r++)
            {
                for (int c = columnFrom; c < columnTo; c++)
                {
                    Unsafe.Add(ref dst, (nint)c * rows + r) = Unsafe.Add(ref src, (nint)r * columns + c);
                }
            }
        }
    }
}
