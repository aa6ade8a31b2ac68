using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>Packed weights and scratch memory start where the kernels' vector loads need them: on 64-byte boundaries.</summary>
    public sealed class AlignedMemoryTests
    {
        private static unsafe long Address(ref float at) => (long)Unsafe.AsPointer(ref at);

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(1000)]
        [InlineData(100_003)]
        public void Scratch_Starts_On_A_Cache_Line_For_Every_Slot_And_Size(int length)
        {
            for (int slot = 0; slot < 7; slot++)
            {
                ref float at = ref ScratchBuffers.At(slot, length);
                Assert.Equal(0, Address(ref at) % ScratchBuffers.Alignment);
            }
        }

        [Fact]
        public async Task Scratch_Keeps_Its_Memory_For_Smaller_Requests_And_Grows_For_Larger_Ones()
        {
            // On a thread of its own, so the slot starts empty whatever ran before on the test thread.
            await Task.Run(() =>
            {
                ref float first = ref ScratchBuffers.At(2, 4096);
                long address = Address(ref first);
                Assert.Equal(address, Address(ref ScratchBuffers.At(2, 100)));
                Assert.Equal(address, Address(ref ScratchBuffers.At(2, 4096)));
                ref float grown = ref ScratchBuffers.At(2, 1 << 20);
                Assert.Equal(0, Address(ref grown) % ScratchBuffers.Alignment);
                // The whole length is usable: writing its last element must not fault or touch another slot.
                Unsafe.Add(ref grown, (1 << 20) - 1) = 1f;
                Assert.Equal(1f, Unsafe.Add(ref ScratchBuffers.At(2, 1 << 20), (1 << 20) - 1));
            });
        }

        [Theory]
        [InlineData(10, 0)]
        [InlineData(1000, 3)]
        [InlineData(1000, 441)]
        [InlineData(9408, 9408)]
        public void Packed_Weights_Keep_The_Values_And_Align_The_Index_Asked_For(int length, int alignedIndex)
        {
            float[] values = Enumerable.Range(0, length).Select(i => i * 0.5f - 7f).ToArray();
            var packed = new PackedWeights("Layers.L", "K", values, alignedIndex);
            Assert.Equal(values, packed.Values.ToArray());
            ref float start = ref MemoryMarshal.GetReference(packed.Values);
            Assert.Equal(0, Address(ref Unsafe.Add(ref start, alignedIndex)) % PackedWeights.Alignment);
            // A copy: changing the caller's array afterwards leaves the packed weights as they were.
            values[0] = 12345f;
            Assert.Equal(-7f, packed.Values[0]);
        }

        [Theory]
        [InlineData(10, 0)]
        [InlineData(1000, 441)]
        [InlineData(9408, 9408)]
        public void Packed_Weights_Packed_In_Place_Start_Zeroed_Keep_What_The_Packer_Wrote_And_Align_The_Index(int length, int alignedIndex)
        {
            float[] weight = Enumerable.Range(0, 5).Select(i => i + 1f).ToArray();
            int calls = 0;
            var packed = PackedWeights.Pack("Layers.L", "K", weight, length, alignedIndex, (source, values) =>
            {
                calls++;
                Assert.Equal(length, values.Length);
                Assert.All(values.ToArray(), v => Assert.Equal(0f, v));
                Assert.Equal(weight, source.ToArray());
                for (int i = 0; i < values.Length; i += 3)
                {
                    values[i] = source[i % source.Length] * i;
                }
            });
            Assert.Equal(1, calls);
            Assert.Equal("Layers.L", packed.Layer);
            Assert.Equal("K", packed.Kernel);
            Assert.Equal(length, packed.Values.Length);
            for (int i = 0; i < length; i++)
            {
                Assert.Equal(i % 3 == 0 ? weight[i % weight.Length] * i : 0f, packed.Values[i]);
            }

            ref float start = ref MemoryMarshal.GetReference(packed.Values);
            Assert.Equal(0, Address(ref Unsafe.Add(ref start, alignedIndex)) % PackedWeights.Alignment);
        }

        [Fact]
        public void Packing_In_Place_Rejects_Bad_Arguments_By_Name()
        {
            Assert.Equal("packer", Assert.Throws<ArgumentNullException>(() => PackedWeights.Pack("Layers.L", "K", new float[1], 4, 0, null!)).ParamName);
            var length = Assert.Throws<ArgumentOutOfRangeException>(() => PackedWeights.Pack("Layers.L", "K", new float[1], -3, 0, (s, v) => { }));
            Assert.Equal("length", length.ParamName);
            Assert.Contains("-3", length.Message);
            var index = Assert.Throws<ArgumentOutOfRangeException>(() => PackedWeights.Pack("Layers.L", "K", new float[1], 10, 11, (s, v) => { }));
            Assert.Equal("alignedIndex", index.ParamName);
            Assert.Contains("10", index.Message);
            Assert.Equal("layer", Assert.Throws<ArgumentNullException>(() => PackedWeights.Pack(null!, "K", new float[1], 4, 0, (s, v) => { })).ParamName);
        }

        [Fact]
        public void Packed_Weights_Without_An_Index_Align_Their_Start()
        {
            var packed = new PackedWeights("Layers.L", "K", new float[37]);
            Assert.Equal(0, Address(ref MemoryMarshal.GetReference(packed.Values)) % PackedWeights.Alignment);
            Assert.Equal(37, packed.Values.Length);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(11)]
        public void Packed_Weights_Reject_An_Aligned_Index_Outside_The_Values(int alignedIndex)
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PackedWeights("Layers.L", "K", new float[10], alignedIndex));
            Assert.Contains("10", e.Message);
            Assert.Equal("alignedIndex", e.ParamName);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(17)]
        [InlineData(112 * 112 * 96)]
        public void Aligned_Buffer_Holds_Zeroed_Floats_From_A_Cache_Line(int length)
        {
            var buffer = new AlignedBuffer(length);
            Assert.Equal(length, buffer.Length);
            Assert.Equal(length, buffer.Span.Length);
            Assert.Equal(length, buffer.Memory.Length);
            Assert.All(buffer.Span.ToArray(), v => Assert.Equal(0f, v));
            if (length > 0)
            {
                Assert.Equal(0, Address(ref MemoryMarshal.GetReference(buffer.Span)) % AlignedBuffer.Alignment);
            }
        }

        [Fact]
        public void Aligned_Buffer_Converts_To_The_Spans_Layer_Methods_Take()
        {
            var buffer = new AlignedBuffer(5);
            Span<float> writable = buffer;
            writable[4] = 2.5f;
            ReadOnlySpan<float> readable = buffer;
            Assert.Equal(2.5f, readable[4]);
            Assert.Equal(2.5f, buffer.Memory.Span[4]);
            Assert.True(Unsafe.AreSame(ref MemoryMarshal.GetReference(writable), ref MemoryMarshal.GetReference(buffer.Span)));
        }

        [Fact]
        public void Aligned_Buffer_Rejects_A_Negative_Length_Naming_It()
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => new AlignedBuffer(-3));
            Assert.Equal("length", e.ParamName);
            Assert.Contains("-3", e.Message);
        }
    }
}
