using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ConvGen.Shapes;
using ConvGen.TestSupport;
using Xunit;

namespace ConvGen.Runtime.Tests
{
    /// <summary>The test-support library itself: the .npy reader, the golden-case loader and mapping, and Compare.</summary>
    public sealed class TestSupportTests
    {
        [Fact]
        public void NpyReadsFloat32AndUInt8()
        {
            string dir = TempDir();
            try
            {
                string f32 = Path.Combine(dir, "a.npy");
                byte[] floats = new byte[6 * 4];
                for (int i = 0; i < 6; i++)
                {
                    BitConverter.TryWriteBytes(floats.AsSpan(i * 4), i * 0.5f - 1f);
                }

                File.WriteAllBytes(f32, NpyFile("<f4", "False", "(2, 3)", floats));
                NpyArray a = Npy.ReadFloat32(f32);
                Assert.Equal(new[] { 2, 3 }, a.Shape);
                Assert.Equal(new[] { -1f, -0.5f, 0f, 0.5f, 1f, 1.5f }, a.Data);

                string u8 = Path.Combine(dir, "b.npy");
                File.WriteAllBytes(u8, NpyFile("|u1", "False", "(4,)", new byte[] { 0, 7, 128, 255 }));
                NpyByteArray b = Npy.ReadUInt8(u8);
                Assert.Equal(new[] { 4 }, b.Shape);
                Assert.Equal(new byte[] { 0, 7, 128, 255 }, b.Data);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Theory]
        [InlineData("<f8", "False", "(2,)", 16, 1, 0, "dtype '<f8'")]
        [InlineData(">f4", "False", "(2,)", 8, 1, 0, "dtype '>f4'")]
        [InlineData("<f4", "True", "(2,)", 8, 1, 0, "fortran_order is True")]
        [InlineData("<f4", "False", "(3,)", 8, 1, 0, "needs 12 data bytes, but the file has 8")]
        [InlineData("<f4", "False", "(2,)", 8, 2, 0, "format version 2.0")]
        public void NpyRefusesWhatItDoesNotSupport(string descr, string fortran, string shape, int dataBytes, byte major, byte minor, string reason)
        {
            string dir = TempDir();
            try
            {
                string path = Path.Combine(dir, "x.npy");
                byte[] file = NpyFile(descr, fortran, shape, new byte[dataBytes]);
                file[6] = major;
                file[7] = minor;
                File.WriteAllBytes(path, file);
                InvalidDataException e = Assert.Throws<InvalidDataException>(() => Npy.ReadFloat32(path));
                Assert.Contains(reason, e.Message, StringComparison.Ordinal);

                File.WriteAllBytes(path, Encoding.ASCII.GetBytes("not an npy file at all"));
                e = Assert.Throws<InvalidDataException>(() => Npy.ReadFloat32(path));
                Assert.Contains("magic", e.Message, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public void GoldenFilesMatchTheirRecordedShapes()
        {
            foreach (GoldenCase c in GoldenSet.Shared.Cases)
            {
                foreach (string key in GoldenTensors.All)
                {
                    float[]? data = c.LoadTensor(key);
                    Assert.Equal(c.Has(key), data is not null);
                    if (data is not null)
                    {
                        Assert.Equal(c.ShapeOf(key)!.Aggregate(1, (p, d) => p * d), data.Length);
                    }
                }

                Assert.True(c.Has(GoldenTensors.Input) && c.Has(GoldenTensors.Output), c.Name);
                Assert.True(c.Atol >= 0 && Math.Abs(c.AtolWinograd - 10 * c.Atol) <= 1e-12 * c.AtolWinograd, c.Name);
            }
        }

        [Fact]
        public void GoldenSetLocations()
        {
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, "golden"), GoldenSet.DefaultDirectory);
            Assert.True(File.Exists(Path.Combine(GoldenSet.DefaultDirectory, "cases.json")));
            Assert.True(File.Exists(Path.Combine(GoldenSet.DefaultDirectory, "SOURCE.md")));

            // The variable is only read at Load time; pointing it at the same folder keeps concurrent tests safe.
            string? before = Environment.GetEnvironmentVariable(GoldenSet.DirectoryVariable);
            string same = Path.Combine(GoldenSet.DefaultDirectory, ".");
            try
            {
                Environment.SetEnvironmentVariable(GoldenSet.DirectoryVariable, same);
                Assert.Equal(same, GoldenSet.ResolvedDirectory);
                Assert.Equal(same, GoldenSet.Load().Directory);
            }
            finally
            {
                Environment.SetEnvironmentVariable(GoldenSet.DirectoryVariable, before);
            }

            Assert.Throws<FileNotFoundException>(() => GoldenSet.Load(Path.Combine(GoldenSet.DefaultDirectory, "no-such-folder")));
            Assert.Throws<KeyNotFoundException>(() => GoldenSet.Shared.Get("no_such_case"));
        }

        [Theory]
        [InlineData("conv2d_bn_relu_02_depthwise_s2",
            "[global::ConvGen.Conv2D(Batch = 1, InChannels = 5, OutChannels = 5, Height = 9, Width = 10, KernelH = 3, KernelW = 3, StrideH = 2, StrideW = 2, DilationH = 1, DilationW = 1, PaddingH = 1, PaddingW = 1, Groups = 5, Bias = false, BatchNorm = true, BatchNormEpsilon = 0.001, Activation = global::ConvGen.Activation.Relu)]")]
        [InlineData("conv2d_bn_relu_01_k3",
            "[global::ConvGen.Conv2D(Batch = 1, InChannels = 3, OutChannels = 8, Height = 8, Width = 8, KernelH = 3, KernelW = 3, StrideH = 1, StrideW = 1, DilationH = 1, DilationW = 1, PaddingH = 1, PaddingW = 1, Groups = 1, Bias = false, BatchNorm = true, BatchNormEpsilon = 1E-05, Activation = global::ConvGen.Activation.Relu)]")]
        [InlineData("conv1d_04_same_evenk",
            "[global::ConvGen.Conv1D(Batch = 1, InChannels = 5, OutChannels = 3, Length = 10, Kernel = 4, Stride = 1, Dilation = 1, PaddingKind = global::ConvGen.PaddingKind.Same, Groups = 1, Bias = true)]")]
        [InlineData("causal_conv1d_03_dil_nobias",
            "[global::ConvGen.Conv1D(Batch = 1, InChannels = 3, OutChannels = 6, Length = 25, Kernel = 3, Stride = 1, Dilation = 4, PaddingKind = global::ConvGen.PaddingKind.Causal, Groups = 1, Bias = false)]")]
        [InlineData("conv2d_16_asym_pad_reflect",
            "[global::ConvGen.Conv2D(Batch = 2, InChannels = 2, OutChannels = 3, Height = 7, Width = 6, KernelH = 3, KernelW = 3, StrideH = 1, StrideW = 1, DilationH = 1, DilationW = 1, PadTop = 2, PadBottom = 1, PadLeft = 1, PadRight = 0, PaddingMode = global::ConvGen.PaddingMode.Reflect, Groups = 1, Bias = true)]")]
        [InlineData("conv3d_11_asym_pad",
            "[global::ConvGen.Conv3D(Batch = 1, InChannels = 2, OutChannels = 3, Depth = 5, Height = 5, Width = 6, KernelD = 2, KernelH = 2, KernelW = 2, StrideD = 1, StrideH = 1, StrideW = 1, DilationD = 1, DilationH = 1, DilationW = 1, PadFront = 0, PadBack = 1, PadTop = 1, PadBottom = 0, PadLeft = 0, PadRight = 1, Groups = 1, Bias = true)]")]
        [InlineData("conv_transpose2d_03_nonsquare",
            "[global::ConvGen.ConvTranspose2D(Batch = 1, InChannels = 2, OutChannels = 3, Height = 5, Width = 4, KernelH = 3, KernelW = 5, StrideH = 2, StrideW = 3, DilationH = 1, DilationW = 1, PaddingH = 1, PaddingW = 2, OutputPaddingH = 1, OutputPaddingW = 0, Groups = 1, Bias = true)]")]
        [InlineData("max_pool1d_05_ceil_drop_last",
            "[global::ConvGen.MaxPool1D(Batch = 1, Channels = 4, Length = 5, Kernel = 2, Stride = 2, Dilation = 1, Padding = 1, CeilMode = true)]")]
        [InlineData("avg_pool2d_03_pad_excl",
            "[global::ConvGen.AvgPool2D(Batch = 1, Channels = 3, Height = 6, Width = 7, KernelH = 3, KernelW = 3, StrideH = 1, StrideW = 1, PaddingH = 1, PaddingW = 1, CountIncludePad = false)]")]
        [InlineData("adaptive_avg_pool2d_02_nondiv_rect",
            "[global::ConvGen.AdaptiveAvgPool2D(Batch = 2, Channels = 5, Height = 8, Width = 11, OutputHeight = 3, OutputWidth = 5)]")]
        [InlineData("global_avg_pool2d_03_rect",
            "[global::ConvGen.GlobalAvgPool2D(Batch = 2, Channels = 4, Height = 5, Width = 9)]")]
        public void GoldenLayerWritesTheDeclaration(string name, string attribute)
            => Assert.Equal(attribute, GoldenLayer.FromCase(GoldenSet.Shared.Get(name)).AttributeText);

        [Fact]
        public void GoldenLayerTextAndNumbersAgree()
        {
            foreach (GoldenCase c in GoldenSet.Shared.Cases)
            {
                GoldenLayer layer = GoldenLayer.FromCase(c);
                LayerArguments numbers = layer.ToLayerArguments();
                Assert.Equal(c.ShapeOf(GoldenTensors.Input)![0], layer.Batch);
                Assert.Equal(c.ShapeOf(GoldenTensors.Input)!.Length - 2, layer.Rank);
                Assert.Equal(AxisNames.AttributeName(layer.Kind, layer.Rank), layer.AttributeName);
                Assert.Equal(layer.Arguments.Select(a => a.Key).OrderBy(k => k, StringComparer.Ordinal), numbers.Names);
                foreach (KeyValuePair<string, string> a in layer.Arguments)
                {
                    Assert.Equal(ParseLiteral(a.Value), numbers.Double(a.Key, double.NaN));
                }
            }
        }

        [Theory]
        [InlineData(1e-5, "1E-05")]
        [InlineData(0.001, "0.001")]
        [InlineData(1.0, "1.0")]
        [InlineData(-2.0, "-2.0")]
        [InlineData(0.1, "0.1")]
        [InlineData(1e20, "1E+20")]
        public void DoubleLiteralIsValidCSharp(double value, string text)
        {
            Assert.Equal(text, GoldenLayer.DoubleLiteral(value));
            Assert.Equal(value, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        [Fact]
        public void CompareFindsTheWorstElementAndDescribesIt()
        {
            float[] expected = { 1f, 2f, 3f, 4f, float.NaN, float.PositiveInfinity };
            float[] actual = { 1f, 2.5f, 2.75f, 4f, float.NaN, float.PositiveInfinity };
            Mismatch worst = Compare.Worst(actual, expected);
            Assert.Equal(1, worst.Index);
            Assert.Equal(0.5, worst.Difference);
            Assert.Equal(0.5, Compare.MaxAbsDiff(actual, expected));
            Assert.Equal(0, Compare.MaxAbsDiff(expected, expected));
            Assert.Equal(double.PositiveInfinity, Compare.MaxAbsDiff(new[] { 1f }, new[] { float.NaN }));
            Assert.Equal(double.PositiveInfinity, Compare.MaxAbsDiff(new[] { 1f }, new[] { 1f, 2f }));

            string message = Compare.Describe("case_x", actual, expected, 0.3, new[] { 2, 3 });
            Assert.Equal("case_x: max |actual - expected| = 0.5 > atol 0.3 at index 1 [0, 1] (actual 2.5, expected 2); 1 of 6 elements exceed atol.", message);
        }

        private static double ParseLiteral(string text)
        {
            if (text == "true" || text == "false")
            {
                return text == "true" ? 1 : 0;
            }

            const string prefix = "global::ConvGen.";
            if (text.StartsWith(prefix, StringComparison.Ordinal))
            {
                string[] parts = text.Substring(prefix.Length).Split('.');
                Type type = typeof(PaddingKind).Assembly.GetType("ConvGen." + parts[0], throwOnError: true)!;
                return Convert.ToInt32(Enum.Parse(type, parts[1]), CultureInfo.InvariantCulture);
            }

            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        private static byte[] NpyFile(string descr, string fortran, string shape, byte[] data)
        {
            string dict = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
            int total = 10 + dict.Length + 1;
            int padded = (total + 63) / 64 * 64;
            string header = dict + new string(' ', padded - total) + "\n";
            var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 };
            bytes.Add((byte)(header.Length & 0xFF));
            bytes.Add((byte)(header.Length >> 8));
            bytes.AddRange(Encoding.ASCII.GetBytes(header));
            bytes.AddRange(data);
            return bytes.ToArray();
        }

        private static string TempDir()
        {
            string dir = Path.Combine(Path.GetTempPath(), "convgen-npy-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            return dir;
        }
    }
}
