using System;
using System.Globalization;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>
    /// Winograd F(4x4, 3x3) for 2-D 3x3 stride-1 convolutions (NCHW, one group). The output is cut into 4x4 tiles
    /// (<c>ceil(OH/4) x ceil(OW/4)</c> per batch item, numbered row by row); an item is a block of
    /// <see cref="BlockTiles"/> consecutive tiles of one batch item and runs three stages:
    /// <list type="number">
    /// <item>input transform <c>V = B^T d B</c> of each 6x6 input patch, vectorised over the block's tiles (lanes),
    /// patches gathered with padding resolved at the borders;</item>
    /// <item>36 small GEMMs <c>M[xi] = U[xi] V[xi]</c> over input channels, a register tile of B output channels x the
    /// block's tile vectors (weights broadcast, the same micro-kernel shape as the direct family);</item>
    /// <item>output transform <c>A^T M A</c>, then the epilogue and the store of each tile's 4x4 outputs (clipped at the
    /// right and bottom edges).</item>
    /// </list>
    /// The weights are transformed once per call (<c>ConvGen.WinogradF43.TransformWeights</c>), so Auto picks Winograd
    /// only where that transform and its memory are small next to the layer's work.
    /// </summary>
    internal static class WinogradTiling
    {
        /// <summary>Tiles per item: two 16-lane vectors, four 8-lane ones, or 32 scalar tiles (the same tiles on every path).</summary>
        public const int BlockTiles = 32;

        public static int TilesHigh(LayerShape s) => (s.Output[0] + 3) / 4;

        public static int TilesWide(LayerShape s) => (s.Output[1] + 3) / 4;

        public static int Tiles(LayerShape s) => TilesHigh(s) * TilesWide(s);

        public static int Blocks(LayerShape s) => (Tiles(s) + BlockTiles - 1) / BlockTiles;

        /// <summary>True when the layer's geometry admits F(4x4,3x3).</summary>
        public static bool Applies(LayerShape s)
            => s.Kind == LayerKind.Conv && s.Rank == 2 && s.Layout == TensorLayout.Nchw && s.Groups == 1
               && s.Kernel[0] == 3 && s.Kernel[1] == 3 && s.Stride[0] == 1 && s.Stride[1] == 1 && s.Dilation[0] == 1 && s.Dilation[1] == 1;

        /// <summary>
        /// Whether Auto takes Winograd, with the reason either way: enough tiles and channels to amortise the
        /// transforms, and transformed weights (36 x Cin x Cout floats, rebuilt every call) of at most 1 MiB, or 2.5 MiB over at least 256 tiles per call.
        /// </summary>
        public static bool Wins(LayerShape s, out string why)
        {
            long uBytes = 36L * s.InChannels * s.OutChannels * 4;
            int tiles = Tiles(s);
            if (s.InChannels < 16 || s.OutChannels < 16)
            {
                why = "fewer than 16 input or output channels: the transforms would cost more than the multiplies saved";
                return false;
            }

            if (tiles * s.Batch < 16)
            {
                why = "only " + I(tiles) + " 4x4 tiles per item: too few to fill the vectors";
                return false;
            }

            // Lanes are tiles in blocks of 32: on small maps most lanes are empty (14x14: 16 tiles in a block of 32).
            long winogradMacs = 36L * s.InChannels * s.OutChannels * Blocks(s) * BlockTiles;
            long directMacs = 9L * s.InChannels * s.OutChannels * s.Output[0] * s.Output[1];
            if (2 * winogradMacs > directMacs)
            {
                why = "blocks of 32 tiles over " + I(tiles) + " tiles leave the Winograd GEMM " + I(winogradMacs) + " MACs, more than half the direct " + I(directMacs);
                return false;
            }

            if (s.PackedWeights)
            {
                why = I(tiles) + " 4x4 tiles per item, " + I(s.InChannels) + "->" + I(s.OutChannels) + " channels, weights packed once (PackedWeights): 36 multiplies per tile and input channel instead of 144";
                return true;
            }

            // Measured on the standard suite (2-core Zen 5): 64->64 layers win at 56x56 and 224x224; 128->128 wins at
            // 28x28 with batch 8 (392 tiles) but loses at batch 1 (49 tiles) on two threads; 256->256 at 14x14 loses.
            if (uBytes > 2_621_440 || (uBytes > 1_048_576 && (long)tiles * s.Batch < 256))
            {
                why = "its transformed weights (36 x " + I(s.InChannels) + " x " + I(s.OutChannels) + " floats = " + (uBytes / 1024).ToString(CultureInfo.InvariantCulture)
                      + " KiB) are rebuilt on every call (declare PackedWeights = true and call with packed weights to avoid that) and " + (uBytes > 2_621_440 ? "exceed 2.5 MiB" : "above 1 MiB need at least 256 tiles per call to pay off (this layer has " + I((long)tiles * s.Batch) + ")")
                      + ", more memory traffic than the multiplies saved (no packed-weight API yet)";
                return false;
            }

            why = I(tiles) + " 4x4 tiles per item, " + I(s.InChannels) + "->" + I(s.OutChannels) + " channels: 36 multiplies per tile and input channel instead of 144 (2.25 per output instead of 9)";
            return true;
        }

        /// <summary>The GEMM register tile: output channels x the block's tile vectors.</summary>
        public static VectorTile Choose(LayerShape s, int bits)
        {
            int lanes = bits / 32;
            int vectors = BlockTiles / lanes;
            int budget = bits == 512 ? 24 : 12;
            int channels = Math.Max(1, Math.Min(s.OutChannels, budget / vectors));
            return new VectorTile(bits, lanes, channels, vectors);
        }

        private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
