using System;
using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// The dilation phases of an NCHW batch item (space-to-batch): a convolution with dilation <c>dh x dw</c> whose padding is
    /// a multiple of the dilation reads, for the outputs of phase <c>(p, q)</c> (rows <c>p, p + dh, ...</c>, columns
    /// <c>q, q + dw, ...</c>), only the inputs of the same phase, as an undilated convolution of the phase's sub-image. Generated
    /// dilated 3x3 layers split their input into the <c>dh dw</c> phase images (a batch of <c>dh dw</c> items, phase
    /// <c>p dw + q</c>), run Winograd on them, and merge the phase outputs back. The values are only moved.
    /// </summary>
    public static class DilationPhases
    {
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

        private static void Check(int channels, int height, int width, int dh, int dw, int channelFrom, int channelTo)
        {
            if (dh < 1 || dw < 1 || height % dh != 0 || width % dw != 0)
            {
                throw new ArgumentException("DilationPhases: the image (" + height + " x " + width + ") must be a whole number of dilation cells (" + dh + " x " + dw + ").");
            }

            if (channelFrom < 0 || channelTo > channels || channelFrom > channelTo)
            {
                throw new ArgumentOutOfRangeException(nameof(channelTo), "DilationPhases: channels [" + channelFrom + ", " + channelTo + ") are not within [0, " + channels + ").");
            }
        }

        /// <summary>Moves between the image (<paramref name="image"/>) and its phases, in the direction <paramref name="split"/> says, row by row of each phase.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static void Move(ref float image, ref float phases, int channels, int height, int width, int dh, int dw, int channelFrom, int channelTo, bool split)
        {
            int ph = height / dh, pw = width / dw;
            long plane = (long)height * width, phasePlane = (long)ph * pw, phaseItem = channels * phasePlane;
            for (int c = channelFrom; c < channelTo; c++)
            {
                ref float imageC = ref Unsafe.Add(ref image, (nint)(c * plane));
                for (int p = 0; p < dh; p++)
                {
                    for (int q = 0; q < dw; q++)
                    {
                        ref float phaseC = ref Unsafe.Add(ref phases, (nint)((p * dw + q) * phaseItem + c * phasePlane));
                        for (int i = 0; i < ph; i++)
                        {
                            ref float row = ref Unsafe.Add(ref imageC, (nint)((long)(i * dh + p) * width + q));
                            ref float phaseRow = ref Unsafe.Add(ref phaseC, (nint)((long)i * pw));
                            if (split)
                            {
                                for (int j = 0; j < pw; j++)
                                {
                                    Unsafe.Add(ref phaseRow, j) = Unsafe.Add(ref row, (nint)((long)j * dw));
                                }
                            }
                            else
                            {
                                for (int j = 0; j < pw; j++)
                                {
                                    Unsafe.Add(ref row, (nint)((long)j * dw)) = Unsafe.Add(ref phaseRow, j);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
