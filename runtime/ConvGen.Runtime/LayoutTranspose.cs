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
        /// <c>destination[c * rows + r] = source[r * columns + c]</c> (<see cref="Strided"/> on the region). Disjoint regions
        /// write disjoint floats, so parts of a matrix can run on different threads: the generated bridges split an item
        /// along its pixel axis (rows going to NCHW, columns coming back), at multiples of 16, so that each part writes
        /// runs of whole 16-float blocks (a split along the channels would interleave the parts' writes in every pixel).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Region(ref float source, ref float destination, int rows, int columns, int rowFrom, int rowTo, int columnFrom, int columnTo)
            => Strided(ref Unsafe.Add(ref source, (nint)rowFrom * columns + columnFrom), columns, ref Unsafe.Add(ref destination, (nint)columnFrom * rows + rowFrom), rows,
                rowTo - rowFrom, columnTo - columnFrom);

        /// <summary>
        /// A <paramref name="rows"/> x <paramref name="columns"/> matrix whose rows are <paramref name="sourceStride"/> floats
        /// apart, written transposed into rows <paramref name="destinationStride"/> apart:
        /// <c>destination[c * destinationStride + r] = source[r * sourceStride + c]</c>. Blocks of 16 x 16 through registers
        /// on the 512-bit path (<see cref="Isa.Use512"/>), 8 x 8 on the 256-bit one; where the matrix is at least a block
        /// each way, the last block of a row or column of blocks is moved back to end at the edge (it writes some floats
        /// again, with the same values), else the edges go element by element. Only the floats of the matrix are read and
        /// written, so matrices that do not share a float can be moved on different threads.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Strided(ref float source, nint sourceStride, ref float destination, nint destinationStride, int rows, int columns)
        {
            int block = Isa.Use512 ? 16 : Isa.Use256 ? 8 : 1;
            if (block == 1 || rows < block || columns < block)
            {
                Scalar(ref source, sourceStride, ref destination, destinationStride, rows, columns);
                return;
            }

            for (int rb = 0; rb < rows; rb += block)
            {
                int r0 = System.Math.Min(rb, rows - block);
                for (int cb = 0; cb < columns; cb += block)
                {
                    int c0 = System.Math.Min(cb, columns - block);
                    ref float from = ref Unsafe.Add(ref source, r0 * sourceStride + c0);
                    ref float to = ref Unsafe.Add(ref destination, c0 * destinationStride + r0);
                    if (block == 16)
                    {
                        VectorTranspose.Transpose16x16(ref from, sourceStride, ref to, destinationStride);
                    }
                    else
                    {
                        VectorTranspose.Transpose8x8(ref from, sourceStride, ref to, destinationStride);
                    }
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Scalar(ref float src, nint sourceStride, ref float dst, nint destinationStride, int rows, int columns)
        {
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    Unsafe.Add(ref dst, c * destinationStride + r) = Unsafe.Add(ref src, r * sourceStride + c);
                }
            }
        }
    }
}
