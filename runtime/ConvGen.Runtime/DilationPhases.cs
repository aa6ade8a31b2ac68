using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen
{
    /// <summary>
    /// The dilation phases of a batch item (space-to-batch; NCHW, or channels last by <see cref="SplitChannelsLast"/>): a convolution with dilation <c>dh x dw</c> whose padding is
    /// a multiple of the dilation reads, for the outputs of phase <c>(p, q)</c> (rows <c>p, p + dh, ...</c>, columns
    /// <c>q, q + dw, ...</c>), only the inputs of the same phase, as an undilated convolution of the phase's sub-image. Generated
    /// dilated 3x3 layers split their input into the <c>dh dw</c> phase images (a batch of <c>dh dw</c> items, phase
    /// <c>p dw + q</c>), run Winograd on them, and merge the phase outputs back. The values are only moved.
    /// </summary>
    public static class DilationPhases
    {
        /// <summary>
        /// One image row and its <paramref name="dw"/> phase rows (<paramref name="phaseStride"/> apart) on the 256-bit path,
        /// for column dilations 2, 4 and 8: 8 cells at a time, the last block moved back to end at the row's end (it moves
        /// some cells again, the same values), so a row of at least 8 cells goes entirely. Returns the cells done (0 for a
        /// shorter row, which the caller copies element by element).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static int MoveCells256(ref float row, ref float phaseRow, nint phaseStride, int cells, int dw, bool split)
        {
            if (cells < 8)
            {
                return 0;
            }

            for (int k = 0; k < cells; k += 8)
            {
                int j = System.Math.Min(k, cells - 8);
                ref float r = ref Unsafe.Add(ref row, dw * j);
                ref float p = ref Unsafe.Add(ref phaseRow, j);
                if (dw == 2)
                {
                    Block2(ref r, ref p, phaseStride, split);
                }
                else if (dw == 4)
                {
                    Block4(ref r, ref p, phaseStride, split);
                }
                else if (split)
                {
                    VectorTranspose.Transpose8x8(ref r, 8, ref p, phaseStride);
                }
                else
                {
                    VectorTranspose.Transpose8x8(ref p, phaseStride, ref r, 8);
                }
            }

            return cells;
        }

        /// <summary>
        /// Column dilation 2, 8 cells: the even and odd columns of 16 floats split by a shuffle and a lane permute (merged
        /// back by unpacks and a lane blend).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Block2(ref float r, ref float even, nint phaseStride, bool split)
        {
            ref float odd = ref Unsafe.Add(ref even, phaseStride);
            if (split)
            {
                Vector256<float> a = Vector256.LoadUnsafe(ref r), b = Vector256.LoadUnsafe(ref Unsafe.Add(ref r, 8));
                // [a0 a2 b0 b2 | a4 a6 b4 b6] -> [a0 a2 a4 a6 b0 b2 b4 b6], and the odd lanes the same way.
                Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle().StoreUnsafe(ref even);
                Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle().StoreUnsafe(ref odd);
            }
            else
            {
                Vector256<float> e = Vector256.LoadUnsafe(ref even), o = Vector256.LoadUnsafe(ref odd);
                Vector256<float> lo = Avx.UnpackLow(e, o), hi = Avx.UnpackHigh(e, o);
                Avx.Permute2x128(lo, hi, 0x20).StoreUnsafe(ref r);
                Avx.Permute2x128(lo, hi, 0x31).StoreUnsafe(ref Unsafe.Add(ref r, 8));
            }
        }

        /// <summary>
        /// Column dilation 4, 8 cells (32 floats): split into the four phases by a 4 x 8 transpose
        /// (<see cref="VectorLanes.Phases4x256"/>), merged back by its inverse (<see cref="VectorLanes.FromPhases4x256"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        private static void Block4(ref float r, ref float p0, nint phaseStride, bool split)
        {
            ref float p1 = ref Unsafe.Add(ref p0, phaseStride);
            ref float p2 = ref Unsafe.Add(ref p1, phaseStride);
            ref float p3 = ref Unsafe.Add(ref p2, phaseStride);
            if (split)
            {
                VectorLanes.Phases4x256(Vector256.LoadUnsafe(ref r), Vector256.LoadUnsafe(ref Unsafe.Add(ref r, 8)), Vector256.LoadUnsafe(ref Unsafe.Add(ref r, 16)), Vector256.LoadUnsafe(ref Unsafe.Add(ref r, 24)),
                    out Vector256<float> q0, out Vector256<float> q1, out Vector256<float> q2, out Vector256<float> q3);
                q0.StoreUnsafe(ref p0);
                q1.StoreUnsafe(ref p1);
                q2.StoreUnsafe(ref p2);
                q3.StoreUnsafe(ref p3);
            }
            else
            {
                VectorLanes.FromPhases4x256(Vector256.LoadUnsafe(ref p0), Vector256.LoadUnsafe(ref p1), Vector256.LoadUnsafe(ref p2), Vector256.LoadUnsafe(ref p3),
                    out Vector256<float> a, out Vector256<float> b, out Vector256<float> c, out Vector256<float> d);
                a.StoreUnsafe(ref r);
                b.StoreUnsafe(ref Unsafe.Add(ref r, 8));
                c.StoreUnsafe(ref Unsafe.Add(ref r, 16));
                d.StoreUnsafe(ref Unsafe.Add(ref r, 24));
            }
        }

        /// <summary>
        /// Channels <c>[channelFrom, channelTo)</c> of one item <c>source[c][h][w]</c> (<paramref name="height"/> x
        /// <paramref name="width"/>, each a multiple of its dilation) into its phase images:
        /// <c>phases[(p dw + q)][c][i][j] = source[c][i dh + p][j dw + q]</c>, each phase image <c>channels x height / dh x width / dw</c>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Split(ref float source, ref float phases, int channels, int height, int width, int dh, int dw, int channelFrom, int channelTo)
        {
            Check(channels, height, width, dh, dw, channelFrom, channelTo);
            Move(ref source, ref phases, channels, height, width, dh, dw, channelFrom, channelTo, split: true);
        }

        /// <summary>The inverse of <see cref="Split"/>: <c>destination[c][i dh + p][j dw + q] = phases[(p dw + q)][c][i][j]</c> for channels <c>[channelFrom, channelTo)</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Merge(ref float phases, ref float destination, int channels, int height, int width, int dh, int dw, int channelFrom, int channelTo)
        {
            Check(channels, height, width, dh, dw, channelFrom, channelTo);
            Move(ref destination, ref phases, channels, height, width, dh, dw, channelFrom, channelTo, split: false);
        }

        /// <summary>
        /// Cells <c>[cellFrom, cellTo)</c> of one channels-last item <c>source[h][w][c]</c> (<paramref name="height"/> x
        /// <paramref name="width"/> pixels of <paramref name="channels"/>, each size a multiple of its dilation) into its phase
        /// images in NCHW: <c>phases[(p dw + q)][c][i][j] = source[i dh + p][j dw + q][c]</c>, the same phase images
        /// <see cref="Split"/> makes of the NCHW item. Cell <c>k</c> is the <c>dw</c> pixels <c>(k / (width / dw), (k % (width / dw)) dw + q)</c>
        /// for <c>q &lt; dw</c>, so the cells of one image row are consecutive and the generated bridge splits an item over
        /// threads by cells (a 1-D item has one image row). Each image row's run of cells of one column phase is a pixels x
        /// channels matrix transposed into its phase row (<see cref="LayoutTranspose.Strided"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void SplitChannelsLast(ref float source, ref float phases, int channels, int height, int width, int dh, int dw, int cellFrom, int cellTo)
        {
            CheckCells(channels, height, width, dh, dw, cellFrom, cellTo);
            MoveChannelsLast(ref source, ref phases, channels, height, width, dh, dw, cellFrom, cellTo, split: true);
        }

        /// <summary>The inverse of <see cref="SplitChannelsLast"/>: <c>destination[i dh + p][j dw + q][c] = phases[(p dw + q)][c][i][j]</c> for the pixels of cells <c>[cellFrom, cellTo)</c>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void MergeChannelsLast(ref float phases, ref float destination, int channels, int height, int width, int dh, int dw, int cellFrom, int cellTo)
        {
            CheckCells(channels, height, width, dh, dw, cellFrom, cellTo);
            MoveChannelsLast(ref destination, ref phases, channels, height, width, dh, dw, cellFrom, cellTo, split: false);
        }

        private static void CheckCells(int channels, int height, int width, int dh, int dw, int cellFrom, int cellTo)
        {
            CheckImage(height, width, dh, dw);
            int cells = height * (width / dw);
            if (channels < 1 || cellFrom < 0 || cellTo > cells || cellFrom > cellTo)
            {
                throw new ArgumentOutOfRangeException(nameof(cellTo), "DilationPhases: cells [" + cellFrom + ", " + cellTo + ") of " + channels + " channels are not within [0, " + cells + ") (" + height + " rows of " + (width / dw) + " cells).");
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void MoveChannelsLast(ref float image, ref float phases, int channels, int height, int width, int dh, int dw, int cellFrom, int cellTo, bool split)
        {
            int ph = height / dh, pw = width / dw;
            long phasePlane = (long)ph * pw, phaseItem = channels * phasePlane;
            nint pixelStride = (nint)dw * channels;
            for (int k = cellFrom; k < cellTo;)
            {
                int y = k / pw, j0 = k - y * pw, j1 = System.Math.Min(pw, j0 + (cellTo - k));
                int p = y % dh, i = y / dh;
                for (int q = 0; q < dw; q++)
                {
                    // Pixels (y, j dw + q) for j in [j0, j1): rows pixelStride apart in the image, one phase row per channel.
                    ref float pixels = ref Unsafe.Add(ref image, (nint)(((long)y * width + (long)j0 * dw + q) * channels));
                    ref float phaseRows = ref Unsafe.Add(ref phases, (nint)((p * dw + q) * phaseItem + (long)i * pw + j0));
                    if (split)
                    {
                        LayoutTranspose.Strided(ref pixels, pixelStride, ref phaseRows, (nint)phasePlane, j1 - j0, channels);
                    }
                    else
                    {
                        LayoutTranspose.Strided(ref phaseRows, (nint)phasePlane, ref pixels, pixelStride, channels, j1 - j0);
                    }
                }

                k += j1 - j0;
            }
        }

        private static void Check(int channels, int height, int width, int dh, int dw, int channelFrom, int channelTo)
        {
            CheckImage(height, width, dh, dw);
            if (channelFrom < 0 || channelTo > channels || channelFrom > channelTo)
            {
                throw new ArgumentOutOfRangeException(nameof(channelTo), "DilationPhases: channels [" + channelFrom + ", " + channelTo + ") are not within [0, " + channels + ").");
            }
        }

        /// <summary>The image must be a whole number of dilation cells.</summary>
        private static void CheckImage(int height, int width, int dh, int dw)
        {
            if (dh < 1 || dw < 1 || height % dh != 0 || width % dw != 0)
            {
                throw new ArgumentException("DilationPhases: the image (" + height + " x " + width + ") must be a whole number of dilation cells (" + dh + " x " + dw + ").");
            }
        }

        /// <summary>
        /// Moves between the image (<paramref name="image"/>) and its phases, in the direction <paramref name="split"/> says:
        /// an image row of <c>pw</c> cells of <c>dw</c> columns is a <c>pw x dw</c> matrix whose transpose is the row's
        /// <c>dw</c> phase rows. On the 256-bit path (<see cref="Isa.Use256"/>) a column dilation of 2 moves 16 floats with
        /// two shuffles each way, one of 4 moves 8 cells with a 4 x 8 transpose (WaveNet-like dilation-4 layer, 64 x 16384:
        /// split and merge about 1 ms scalar of the layer's 4.1-4.3) and one of 8 moves 8 cells with an 8 x 8 transpose (WaveNet's dilation-8 layer: 64 x 16384
        /// floats split in about 0.65 ms scalar); other dilations, the rows' tails and the scalar path copy element by element.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Move(ref float image, ref float phases, int channels, int height, int width, int dh, int dw, int channelFrom, int channelTo, bool split)
        {
            int ph = height / dh, pw = width / dw;
            long plane = (long)height * width, phasePlane = (long)ph * pw, phaseItem = channels * phasePlane;
            bool vector = Isa.Use256 && (dw == 2 || dw == 4 || dw == 8);
            for (int c = channelFrom; c < channelTo; c++)
            {
                ref float imageC = ref Unsafe.Add(ref image, (nint)(c * plane));
                for (int p = 0; p < dh; p++)
                {
                    // Phase (p, 0) of channel c; phase (p, q) is q phase items further.
                    ref float phaseC = ref Unsafe.Add(ref phases, (nint)(p * dw * phaseItem + c * phasePlane));
                    for (int i = 0; i < ph; i++)
                    {
                        ref float row = ref Unsafe.Add(ref imageC, (nint)((long)(i * dh + p) * width));
                        ref float phaseRow = ref Unsafe.Add(ref phaseC, (nint)((long)i * pw));
                        int done = vector ? MoveCells256(ref row, ref phaseRow, (nint)phaseItem, pw, dw, split) : 0;
                        for (int q = 0; q < dw; q++)
                        {
                            ref float phaseQ = ref Unsafe.Add(ref phaseRow, (nint)(q * phaseItem));
                            for (int j = done; j < pw; j++)
                            {
                                if (split)
                                {
                                    Unsafe.Add(ref phaseQ, j) = Unsafe.Add(ref row, (nint)((long)j * dw + q));
                                }
                                else
                                {
                                    Unsafe.Add(ref row, (nint)((long)j * dw + q)) = Unsafe.Add(ref phaseQ, j);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
