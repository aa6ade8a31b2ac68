using System;
using System.Runtime.CompilerServices;

namespace ConvGen
{
    /// <summary>
    /// Per-thread scratch arrays for kernels that need working memory (Winograd's transformed weights and tiles):
    /// allocated on a thread's first use and when a larger size is asked for, reused afterwards, so steady-state
    /// calls allocate nothing. Slots 0 and 3 are used by the calling thread around a parallel call, slots 1 and 2 inside
    /// items, slots 4 to 6 by the channels-last bridge (<see cref="LayoutTranspose"/>) around a whole kernel call.
    /// </summary>
    public static class ScratchBuffers
    {
        [ThreadStatic]
        private static float[]?[]? s_slots;

        /// <summary>A float array of at least <paramref name="length"/> elements for this thread and slot (contents unspecified).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static float[] Get(int slot, int length)
        {
            float[]?[] slots = s_slots ??= new float[]?[8];
            float[]? a = slots[slot];
            if (a is null || a.Length < length)
            {
                a = GC.AllocateUninitializedArray<float>(length, pinned: true);
                slots[slot] = a;
            }

            return a;
        }
    }
}
