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

        /// <summary>
        /// Makes sure this thread's <paramref name="slot"/> holds at least <paramref name="length"/> floats, as <see cref="At"/>
        /// would, and writes one float in every 4 KiB page of them, so the operating system maps the pages now and not in
        /// a kernel's first call (fresh memory costs a page fault per 4 KiB page on first touch: about 12 us each in a
        /// sandbox, 4 ms for the 2.4 MB a 256-channel 3x3 layer's per-call weight blocks take). Generated layers call it
        /// from their shape class's <c>Prepare</c>; the contents are unspecified afterwards, as with <see cref="At"/>.
        /// </summary>
        public static void Reserve(int slot, int length)
        {
            CheckSlot(slot);
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(length), length, "The length must not be negative.");
            }

            ref float start = ref At(slot, length);
            const int PageFloats = 4096 / sizeof(float);
            for (int i = 0; i < length; i += PageFloats)
            {
                Unsafe.Add(ref start, i) = 0f;
            }

            if (length > 0)
            {
                Unsafe.Add(ref start, length - 1) = 0f;
            }
        }

        private static void CheckSlot(int slot)
        {
            if ((uint)slot >= 8u)
            {
                throw new ArgumentOutOfRangeException(nameof(slot), slot, "Scratch slots are 0 to 7.");
            }
        }

        /// <summary>Floats this thread's <paramref name="slot"/> holds from its aligned start (0 before its first use): what <see cref="At"/> returns without reallocating.</summary>
        public static int Capacity(int slot)
        {
            CheckSlot(slot);
            float[]? a = s_slots?[slot];
            return a is null ? 0 : a.Length - s_offsets![slot];
        }
    }
}
