using System;

namespace ConvGen
{
    /// <summary>
    /// Floats for a tensor, from a 64-byte boundary in memory that never moves (the pinned object heap). Generated kernels
    /// take any span, but their whole-vector loads and stores run faster when rows start on cache lines: an AVX2 core
    /// reads a 32-byte vector that crosses a line in two accesses. A plain <c>float[]</c> starts wherever the GC put it
    /// (8 or 16 bytes past a boundary, or more); oneDNN and PyTorch allocate their tensors on 64-byte boundaries. Measured
    /// with the suite CLI on a Zen 3 core (AVX2), one thread, the same input 4 bytes off a boundary against on one:
    /// MobileNetV2's pointwise layer 0.293 -> 0.235 ms, ResNet's 1x1 64->256 layer 1.29 -> 1.12, U-Net's transposed
    /// layer 4.81 -> 4.37.
    /// </summary>
    public sealed class AlignedBuffer
    {
        private readonly float[] _array;
        private readonly int _offset;

        /// <summary>Zeroed floats for <paramref name="length"/> values, the first on a 64-byte boundary.</summary>
        public AlignedBuffer(int length)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "The length of a buffer must be 0 or more, not " + length + ".");
            }

            _array = GC.AllocateArray<float>(checked(length + PinnedMemory.Slack), pinned: true);
            _offset = PinnedMemory.AlignedOffset(_array, 0);
            Length = length;
        }

        /// <summary>Bytes of the boundary the first value is placed on.</summary>
        public const int Alignment = PinnedMemory.CacheLine;

        /// <summary>Number of floats.</summary>
        public int Length { get; }

        /// <summary>The floats.</summary>
        public Span<float> Span => new Span<float>(_array, _offset, Length);

        /// <summary>The floats, for APIs that keep them beyond a call (the memory is pinned, so it never moves).</summary>
        public Memory<float> Memory => new Memory<float>(_array, _offset, Length);

        /// <summary>The floats, so a buffer passes straight to a layer method's output parameter.</summary>
        public static implicit operator Span<float>(AlignedBuffer buffer) => buffer is null ? default : buffer.Span;

        /// <summary>The floats, so a buffer passes straight to a layer method's input or weight parameter.</summary>
        public static implicit operator ReadOnlySpan<float>(AlignedBuffer buffer) => buffer is null ? default : buffer.Span;
    }
}
