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

        /// <summary>Called by generated code (<c>{Method}Shape.PackWeights</c>): <paramref name="values"/> aligned from its start.</summary>
        public PackedWeights(string layer, string kernel, float[] values)
            : this(layer, kernel, values, 0)
        {
        }

        /// <summary>
        /// Called by generated code (<c>{Method}Shape.PackWeights</c>). The values are copied into pinned memory (the
        /// pinned object heap: never moved by the GC) placed so that element <paramref name="alignedIndex"/>, where the
        /// blocks the vector kernel loads begin, starts a 64-byte cache line: every whole-vector weight load is then
        /// aligned (on an AVX2 core an unaligned 32-byte load that crosses a line costs a second access; a Zen 3 core
        /// ran the same channel-lane tile 5-10% slower on unaligned weights).
        /// </summary>
        public PackedWeights(string layer, string kernel, float[] values, int alignedIndex)
        {
            Layer = layer ?? throw new ArgumentNullException(nameof(layer));
            Kernel = kernel ?? throw new ArgumentNullException(nameof(kernel));
            if (values is null)
            {
                throw new ArgumentNullException(nameof(values));
            }

            if ((uint)alignedIndex > (uint)values.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(alignedIndex), alignedIndex, "alignedIndex must be between 0 and the number of values (" + values.Length + ").");
            }

            _buffer = GC.AllocateUninitializedArray<float>(values.Length + PinnedMemory.Slack, pinned: true);
            _length = values.Length;
            _offset = PinnedMemory.AlignedOffset(_buffer, alignedIndex);
            values.CopyTo(_buffer, _offset);
        }

        /// <summary>The layer the weights were packed for, e.g. <c>Layers.Down</c>.</summary>
        public string Layer { get; }

        /// <summary>The kernel they were packed for (its name says the layout).</summary>
        public string Kernel { get; }

        /// <summary>The packed values.</summary>
        public ReadOnlySpan<float> Values => new ReadOnlySpan<float>(_buffer, _offset, _length);
    }
}
