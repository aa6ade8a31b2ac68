using System;

namespace ConvGen
{
    /// <summary>
    /// A layer's weights packed once into the layout its kernel reads (for Winograd layers: transformed, 36 x Cin x Cout
    /// floats), made by the generated <c>{Method}Shape.PackWeights</c> and passed to the generated overload of the layer
    /// method that takes it instead of the weight span. Packing is for inference with fixed weights: pack when the
    /// weights are loaded, call many times. The object remembers the layer and kernel it was packed for; the layer
    /// method refuses weights packed for another one.
    /// </summary>
    public sealed class PackedWeights
    {
        /// <summary>Bytes of the boundary the packed values are placed on (a cache line; a 512-bit vector).</summary>
        public const int Alignment = PinnedMemory.CacheLine;

        private readonly float[] _buffer;
        private readonly int _offset;
        private readonly int _length;

        /// <summary>
        /// Writes a layer's weights (<paramref name="weight"/>, PyTorch's layout) in packed form into <paramref name="packed"/>,
        /// which arrives zeroed. The generated <c>PackWeights</c> passes a static lambda around its transform or block packer.
        /// </summary>
        public delegate void Packer(ReadOnlySpan<float> weight, Span<float> packed);

        /// <summary>Called by generated code (<c>{Method}Shape.PackWeights</c>): <paramref name="values"/> aligned from its start.</summary>
        public PackedWeights(string layer, string kernel, float[] values)
            : this(layer, kernel, values, 0)
        {
        }

        /// <summary>
        /// The values are copied into pinned memory (the pinned object heap: never moved by the GC) placed so that element
        /// <paramref name="alignedIndex"/>, where the blocks the vector kernel loads begin, starts a 64-byte cache line: every
        /// whole-vector weight load is then aligned (on an AVX2 core an unaligned 32-byte load that crosses a line costs a
        /// second access; a Zen 3 core ran the same channel-lane tile 5-10% slower on unaligned weights). Generated code
        /// packs through <see cref="Pack"/>, which writes the packed values in place.
        /// </summary>
        public PackedWeights(string layer, string kernel, float[] values, int alignedIndex)
            : this(layer, kernel, values is null ? throw new ArgumentNullException(nameof(values)) : values.Length, alignedIndex)
        {
            values.CopyTo(_buffer, _offset);
        }

        private PackedWeights(string layer, string kernel, int length, int alignedIndex)
        {
            Layer = layer ?? throw new ArgumentNullException(nameof(layer));
            Kernel = kernel ?? throw new ArgumentNullException(nameof(kernel));
            if ((uint)alignedIndex > (uint)length)
            {
                throw new ArgumentOutOfRangeException(nameof(alignedIndex), alignedIndex, "alignedIndex must be between 0 and the number of values (" + length + ").");
            }

            _buffer = GC.AllocateArray<float>(length + PinnedMemory.Slack, pinned: true);
            _length = length;
            _offset = PinnedMemory.AlignedOffset(_buffer, alignedIndex);
        }

        /// <summary>
        /// Called by generated code (<c>{Method}Shape.PackWeights</c>): <paramref name="length"/> zeroed floats of pinned
        /// memory, element <paramref name="alignedIndex"/> on a cache line (as the constructor places them), filled by
        /// <paramref name="packer"/> in place. Before, generated code packed into a temporary array that the constructor
        /// copied: two arrays of fresh pages and a copy. ResNet's 14x14 256-channel Winograd layer (9.4 MB packed) loaded
        /// in 11.4-12.0 ms that way and in 8.0-8.8 ms in place (NativeAOT, Zen 5), with half the peak memory.
        /// </summary>
        public static PackedWeights Pack(string layer, string kernel, ReadOnlySpan<float> weight, int length, int alignedIndex, Packer packer)
        {
            ArgumentNullException.ThrowIfNull(packer);
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "The number of packed values must not be negative.");
            }

            var packed = new PackedWeights(layer, kernel, length, alignedIndex);
            packer(weight, new Span<float>(packed._buffer, packed._offset, length));
            return packed;
        }

        /// <summary>The layer the weights were packed for, e.g. <c>Layers.Down</c>.</summary>
        public string Layer { get; }

        /// <summary>The kernel they were packed for (its name says the layout).</summary>
        public string Kernel { get; }

        /// <summary>The packed values.</summary>
        public ReadOnlySpan<float> Values => new ReadOnlySpan<float>(_buffer, _offset, _length);
    }
}
