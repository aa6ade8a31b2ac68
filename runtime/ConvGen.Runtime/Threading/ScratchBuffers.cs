using System;
using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// Per-thread scratch memory for kernels that need working memory (Winograd's transformed weights and tiles, channel
    /// lanes' row buffers, blocks packed per call, the channels-last bridge's copies): allocated on a thread's first use and
    /// when a larger size is asked for, reused afterwards, so steady-state calls allocate nothing. Slots 0 and 3 are used
    /// by the calling thread around a parallel call, slots 1 and 2 inside items, slots 4 to 6 by the channels-last bridge
    /// (<see cref="LayoutTranspose"/>) around a whole kernel call.
    /// <para>
    /// The memory is pinned (the pinned object heap: never moved) and <see cref="At"/> returns it from a 64-byte boundary,
    /// so the kernels' whole-vector loads and stores of it never cross a cache line. Unaligned, the Winograd layers' V
    /// and M tiles cost a Zen 3 core (AVX2) 5-20% of their time (ResNet's 56x56 3x3 layer 1.74 -> 1.39 ms).
    /// </para>
    /// </summary>
    public static class ScratchBuffers
    {
        /// <summary>Bytes of the boundary <see cref="At"/> returns memory on (a cache line; a 512-bit vector).</summary>
        public const int Alignment = PinnedMemory.CacheLine;

        [ThreadStatic]
        private static float[]?[]? s_slots;

        [ThreadStatic]
        private static int[]? s_offsets;

        /// <summary>
        /// At least <paramref name="length"/> floats for this thread and slot, from a 64-byte boundary (contents
        /// unspecified; valid until this thread asks the same slot for more).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static ref float At(int slot, int length)
        {
            float[]?[] slots = s_slots ??= new float[]?[8];
            int[] offsets = s_offsets ??= new int[8];
            float[]? a = slots[slot];
            if (a is null || a.Length - offsets[slot] < length)
            {
                a = GC.AllocateUninitializedArray<float>(length + PinnedMemory.Slack, pinned: true);
                slots[slot] = a;
                offsets[slot] = PinnedMemory.AlignedOffset(a, 0);
            }

            return ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(a), offsets[slot]);
        }
    }
}
