using System;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>The dilation phases' split puts every element in its phase image, and the merge puts it back, on the vector (column dilation 2, 4 and 8; channels last: any) and scalar paths.</summary>
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
        [InlineData(2, 1, 128, 1, 4)]
        [InlineData(3, 4, 44, 2, 4)]
        [InlineData(2, 1, 20, 1, 4)]
        public void Split_Places_Each_Element_In_Its_Phase_And_Merge_Restores_It(int channels, int height, int width, int dh, int dw)
        {
            RuntimeIsaCollection.AtEveryLevel(() => Check(channels, height, width, dh, dw));
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

        [Theory]
        [InlineData(20, 8, 8, 2, 2)]
        [InlineData(3, 6, 8, 2, 2)]
        [InlineData(17, 9, 12, 3, 3)]
        [InlineData(40, 4, 36, 2, 2)]
        [InlineData(33, 1, 168, 1, 8)]
        [InlineData(16, 1, 64, 1, 4)]
        [InlineData(9, 6, 30, 3, 2)]
        public void Channels_Last_Split_Gives_The_Phase_Images_Of_The_Nchw_Item_And_Merge_Restores_It(int channels, int height, int width, int dh, int dw)
        {
            RuntimeIsaCollection.AtEveryLevel(() => CheckChannelsLast(channels, height, width, dh, dw));
        }

        private static void CheckChannelsLast(int channels, int height, int width, int dh, int dw)
        {
            int item = channels * height * width;
            float[] nhwc = new float[item], nchw = new float[item];
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    for (int c = 0; c < channels; c++)
                    {
                        float v = (y * width + x) * channels + c + 1;
                        nhwc[(y * width + x) * channels + c] = v;
                        nchw[(c * height + y) * width + x] = v;
                    }
                }
            }

            // One float past the end stays untouched.
            float[] expected = new float[item], phases = new float[item + 1];
            phases[item] = -7f;
            DilationPhases.Split(ref nchw[0], ref expected[0], channels, height, width, dh, dw, 0, channels);
            // In three cell ranges that start and end inside image rows, as the generated bridge's parts may.
            int cells = height * (width / dw), a = cells / 3 + 1, b = 2 * cells / 3 + 1;
            DilationPhases.SplitChannelsLast(ref nhwc[0], ref phases[0], channels, height, width, dh, dw, b, cells);
            DilationPhases.SplitChannelsLast(ref nhwc[0], ref phases[0], channels, height, width, dh, dw, 0, a);
            DilationPhases.SplitChannelsLast(ref nhwc[0], ref phases[0], channels, height, width, dh, dw, a, b);
            for (int i = 0; i < item; i++)
            {
                Assert.True(expected[i] == phases[i], $"{Isa.Current}: phase float {i}: {phases[i]}, expected {expected[i]}");
            }

            Assert.Equal(-7f, phases[item]);
            float[] merged = new float[item + 1];
            merged[item] = -7f;
            DilationPhases.MergeChannelsLast(ref phases[0], ref merged[0], channels, height, width, dh, dw, a, cells);
            DilationPhases.MergeChannelsLast(ref phases[0], ref merged[0], channels, height, width, dh, dw, 0, a);
            Assert.Equal(-7f, merged[item]);
            Assert.Equal(nhwc, merged[..item]);
        }

        [Fact]
        public void Channels_Last_Cell_Ranges_Outside_The_Item_Are_Refused()
        {
            float[] a = new float[64], b = new float[64];
            var r = Assert.Throws<ArgumentOutOfRangeException>(() => DilationPhases.SplitChannelsLast(ref a[0], ref b[0], 2, 4, 8, 2, 2, 0, 17));
            Assert.Contains("[0, 17)", r.Message, StringComparison.Ordinal);
            Assert.Contains("[0, 16)", r.Message, StringComparison.Ordinal);
            var e = Assert.Throws<ArgumentException>(() => DilationPhases.MergeChannelsLast(ref a[0], ref b[0], 2, 4, 7, 2, 2, 0, 1));
            Assert.Contains("4 x 7", e.Message, StringComparison.Ordinal);
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
