using System;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>The dilation phases' split puts every element in its phase image, and the merge puts it back, on the vector (column dilation 2 and 8) and scalar paths.</summary>
    [Collection(RuntimeIsaCollection.Name)]
    public sealed class DilationPhasesTests
    {
        [Theory]
        [InlineData(3, 6, 8, 2, 2)]
        [InlineData(2, 9, 12, 3, 3)]
        [InlineData(5, 4, 9, 2, 3)]
        [InlineData(1, 5, 5, 1, 5)]
        [InlineData(3, 4, 38, 2, 2)]
        [InlineData(2, 1, 168, 1, 8)]
        [InlineData(3, 6, 136, 3, 8)]
        [InlineData(2, 1, 16, 1, 2)]
        [InlineData(2, 2, 28, 2, 2)]
        public void Split_Places_Each_Element_In_Its_Phase_And_Merge_Restores_It(int channels, int height, int width, int dh, int dw)
        {
            IsaLevel saved = Isa.Ceiling;
            try
            {
                foreach (IsaLevel level in new[] { IsaLevel.V256, IsaLevel.Scalar })
                {
                    Isa.Ceiling = level;
                    Check(channels, height, width, dh, dw);
                }
            }
            finally
            {
                Isa.Ceiling = saved;
            }
        }

        private static void Check(int channels, int height, int width, int dh, int dw)
        {
            int item = channels * height * width;
            float[] image = new float[item];
            for (int i = 0; i < item; i++)
            {
                image[i] = i + 1;
            }

            float[] phases = new float[item];
            // In two channel ranges, as the generated bridge's parts do.
            int middle = channels / 2;
            DilationPhases.Split(ref image[0], ref phases[0], channels, height, width, dh, dw, 0, middle);
            DilationPhases.Split(ref image[0], ref phases[0], channels, height, width, dh, dw, middle, channels);
            int ph = height / dh, pw = width / dw;
            for (int p = 0; p < dh; p++)
            {
                for (int q = 0; q < dw; q++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        for (int i = 0; i < ph; i++)
                        {
                            for (int j = 0; j < pw; j++)
                            {
                                float expected = image[(c * height + i * dh + p) * width + j * dw + q];
                                float actual = phases[(((p * dw + q) * channels + c) * ph + i) * pw + j];
                                Assert.True(expected == actual, $"{Isa.Current}: phase ({p}, {q}) channel {c} ({i}, {j}): {actual}, expected {expected}");
                            }
                        }
                    }
                }
            }

            float[] merged = new float[item];
            DilationPhases.Merge(ref phases[0], ref merged[0], channels, height, width, dh, dw, 0, channels);
            Assert.Equal(image, merged);
        }

        [Fact]
        public void Sizes_That_Are_Not_Whole_Cells_And_Channel_Ranges_Outside_Are_Refused()
        {
            float[] a = new float[64], b = new float[64];
            var e = Assert.Throws<ArgumentException>(() => DilationPhases.Split(ref a[0], ref b[0], 1, 7, 8, 2, 2, 0, 1));
            Assert.Contains("7 x 8", e.Message, StringComparison.Ordinal);
            Assert.Contains("2 x 2", e.Message, StringComparison.Ordinal);
            var r = Assert.Throws<ArgumentOutOfRangeException>(() => DilationPhases.Merge(ref a[0], ref b[0], 1, 8, 8, 2, 2, 0, 2));
            Assert.Contains("[0, 2)", r.Message, StringComparison.Ordinal);
        }
    }
}
