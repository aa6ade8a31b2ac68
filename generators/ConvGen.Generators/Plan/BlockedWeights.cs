using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>
    /// Weights a vector kernel reads packed by <c>ChannelBlocks.Pack</c>: <see cref="Blocks"/> blocks of <see cref="Block"/>
    /// output channels, each in sub-blocks of <see cref="SubBlock"/> channels, <c>[input channel][tap][channel]</c> (zero past
    /// the last channel), so a tap loads whole vectors of consecutive output channels. <c>PackWeights</c> stores the weights as they are (the scalar path reads those)
    /// followed by the blocks; the span overload packs the blocks on every call into scratch. Channel lanes: blocks of
    /// 32/48/64 over all input channels; channels-last depthwise: one block of all channels (rounded up to 16) and one
    /// input channel, i.e. tap-major.
    /// </summary>
    internal readonly record struct BlockedWeights(int InChannels, int Block, int Blocks, int SubBlock)
    {
        /// <summary>The packing of a kernel family, or null when it reads the weights otherwise.</summary>
        public static BlockedWeights? Of(LayerShape s, KernelFamily family) => family switch
        {
            KernelFamily.ChannelLanes => new BlockedWeights(s.InChannels, ChannelLaneTiling.BlockChannels(s), ChannelLaneTiling.Blocks(s), ChannelLaneTiling.WeightSubBlock),
            KernelFamily.DepthwiseChannelsLast => new BlockedWeights(1, DepthwiseChannelsLastTiling.PackedChannels(s), 1, DepthwiseChannelsLastTiling.PackedChannels(s)),
            _ => null,
        };

        /// <summary>The sub-block argument of the <c>ChannelBlocks</c> pack call: empty when the block is one sub-block.</summary>
        public string SubBlockArgument => SubBlock == Block ? "" : ", " + SubBlock.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Floats of one block: input channels x taps x block.</summary>
        public long BlockLength(LayerShape s) => (long)InChannels * s.KernelSpatial * Block;

        /// <summary>Floats of the packed blocks.</summary>
        public long Length(LayerShape s) => Blocks * BlockLength(s);
    }
}
