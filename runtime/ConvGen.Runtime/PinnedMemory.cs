using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// The address of memory that cannot move while a generated kernel runs. Masked loads and stores, and gathers, take
    /// pointers; pinning per instruction with <c>fixed</c> made the JIT store and clear a pinned local around every one
    /// (three stack stores per masked load, and a zeroed frame: a 14x14 depthwise layer spent most of its time there).
    /// Kernels run inside <see cref="ParallelKernels.For"/>, which pins every operand for the whole call; their other
    /// memory is pinned scratch (<see cref="ScratchBuffers"/>) or the stack. So the address is taken without pinning.
    /// </summary>
    internal static unsafe class PinnedMemory
    {
        /// <summary>
        /// The address of <paramref name="location"/>, which must be pinned, native or on the stack for as long as the
        /// pointer is used (true of every tensor and buffer a generated kernel reads inside <see cref="ParallelKernels.For"/>).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
        public static float* Address(ref float location) => (float*)Unsafe.AsPointer(ref location);

        /// <summary>Bytes of the boundary the kernels' memory starts on: a cache line, and one 512-bit vector.</summary>
        public const int CacheLine = 64;

        /// <summary>Floats of slack an array needs to hold its values from a <see cref="CacheLine"/> boundary.</summary>
        public const int Slack = CacheLine / sizeof(float);

        /// <summary>
        /// The offset at which values placed in <paramref name="pinned"/> (an array on the pinned object heap, which never
        /// moves) put their element <paramref name="index"/> on a <see cref="CacheLine"/> boundary: 0 to <see cref="Slack"/> - 1.
        /// </summary>
        public static int AlignedOffset(float[] pinned, int index)
        {
            fixed (float* start = pinned)
            {
                long address = (long)(start + index);
                return (int)((CacheLine - (address & (CacheLine - 1))) & (CacheLine - 1)) / sizeof(float);
            }
        }
    }
}
