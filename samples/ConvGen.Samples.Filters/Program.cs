using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace ConvGen.Samples.Filters
{
    /// <summary>
    /// Runs classic image filters, declared as ConvGen layers in <see cref="Filters"/>, on two bundled photographs
    /// (data/, see data/SOURCE.md), writes the results as PNG files, and prints a table that compares every
    /// generated layer with ConvGen's reference kernels. Exits with 1 if any layer is off by more than
    /// <see cref="LayerCheck.Tolerance"/>, so the sample doubles as an end-to-end check.
    /// Usage: <c>ConvGen.Samples.Filters [--out DIR]</c> (default: ./out).
    /// </summary>
    internal static class Program
    {
        private const int Size = Filters.Size;
        private const int Half = Filters.Half;

        private static int Main(string[] args)
        {
            string outDir = "out";
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--out" && i + 1 < args.Length)
                {
                    outDir = args[++i];
                }
                else if (args[i] is "-h" or "--help")
                {
                    Console.WriteLine("Usage: ConvGen.Samples.Filters [--out DIR]   (PNG files go to DIR, default ./out)");
                    return 0;
                }
                else
                {
                    Console.Error.WriteLine("Unknown or incomplete argument '" + args[i] + "'. Usage: ConvGen.Samples.Filters [--out DIR]");
                    return 2;
                }
            }

            // The PNG encoder's checksum, against the standard CRC-32 check value.
            if (Crc32.Compute("123456789"u8) != 0xCBF43926u)
            {
                Console.Error.WriteLine("CRC-32 self-check failed; PNG files would be unreadable.");
                return 1;
            }

            try
            {
                return Run(outDir);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine("Error: " + e.Message);
                return 1;
            }
        }

        private static int Run(string outDir)
        {
            long started = Stopwatch.GetTimestamp();
            string dataDir = Path.Combine(AppContext.BaseDirectory, "data");
            ByteArrayNd camera = NpyReader.Read(Path.Combine(dataDir, "camera.npy"));
            ByteArrayNd astronaut = NpyReader.Read(Path.Combine(dataDir, "astronaut.npy"));
            if (camera.Shape is not [Size, Size] || astronaut.Shape is not [Size, Size, 3])
            {
                Console.Error.WriteLine("Unexpected photo shapes: the layers are declared for 512x512 grey and 512x512x3 RGB.");
                return 1;
            }

            Directory.CreateDirectory(outDir);
            var results = new List<LayerResult>();
            var written = new List<string>();
            const int plane = Size * Size;

            // The grey photo as a [1, 1, 512, 512] tensor in [0, 1]; the RGB photo as [1, 3, 512, 512] (HWC -> CHW).
            float[] grey = Images.ToUnitFloat(camera.Data);
            float[] rgb = Images.HwcToChw(astronaut.Data, Size, Size, 3);

            // Sobel: gx and gy in one layer; the picture is the gradient magnitude, stretched so the strongest edge is white.
            float[] sobelWeight = FilterWeights.Sobel();
            float[] gradients = LayerCheck.Run(
                "Sobel", Filters.SobelShape.Layer, Filters.SobelShape.OutputElements, Filters.SobelShape.MacsPerItem, Filters.SobelShape.Kernel,
                grey, sobelWeight, o => Filters.Sobel(grey, sobelWeight, o), results);
            Save(outDir, "camera_sobel_magnitude.png", Size, Size, 1, Images.StretchToBytes(Images.Magnitude(gradients, plane)), written);

            // Gaussian blur, sigma 1.4, depthwise over R, G and B.
            float[] gaussianWeight = FilterWeights.Gaussian(3, 5, 1.4);
            float[] blurred = LayerCheck.Run(
                "GaussianBlur", Filters.GaussianBlurShape.Layer, Filters.GaussianBlurShape.OutputElements, Filters.GaussianBlurShape.MacsPerItem, Filters.GaussianBlurShape.Kernel,
                rgb, gaussianWeight, o => Filters.GaussianBlur(rgb, gaussianWeight, o), results);
            Save(outDir, "astronaut_gaussian_blur.png", Size, Size, 3, Images.ChwToHwcBytes(blurred, Size, Size, 3), written);

            // Gabor bank: 8 orientations (sigma 2, wavelength 5 px, aspect 0.5); a 4x2 mosaic (orientation 0 top left,
            // 22.5 degrees more per tile, row by row) and the maximum over orientations, both scaled so that the 99.5th
            // percentile is white. The bright lines along the borders are real: zero padding makes a step there.
            float[] gaborWeight = FilterWeights.Gabor(8, 9, sigma: 2.0, lambda: 5.0, gamma: 0.5);
            float[] gabor = LayerCheck.Run(
                "GaborBank", Filters.GaborBankShape.Layer, Filters.GaborBankShape.OutputElements, Filters.GaborBankShape.MacsPerItem, Filters.GaborBankShape.Kernel,
                grey, gaborWeight, o => Filters.GaborBank(grey, gaborWeight, o), results);
            byte[] mosaic = Images.Mosaic(gabor, 8, Size, Size, columns: 4, gutter: 8, percentile: 99.5, out int mosaicWidth, out int mosaicHeight);
            Save(outDir, "camera_gabor_bank.png", mosaicWidth, mosaicHeight, 1, mosaic, written);
            Save(outDir, "camera_gabor_max.png", Size, Size, 1, Images.StretchToBytes(Images.MaxOverChannels(gabor, 8, plane), percentile: 99.5), written);

            // Downsampling to 256x256 three ways.
            float[] averaged = LayerCheck.Run(
                "AverageDown2", Filters.AverageDown2Shape.Layer, Filters.AverageDown2Shape.OutputElements, Filters.AverageDown2Shape.MacsPerItem, Filters.AverageDown2Shape.Kernel,
                grey, null, o => Filters.AverageDown2(grey, o), results);
            Save(outDir, "camera_avgpool_256.png", Half, Half, 1, Images.ClampToBytes(averaged), written);

            float[] binomialWeight = FilterWeights.Binomial3();
            float[] binomial = LayerCheck.Run(
                "BinomialDown2", Filters.BinomialDown2Shape.Layer, Filters.BinomialDown2Shape.OutputElements, Filters.BinomialDown2Shape.MacsPerItem, Filters.BinomialDown2Shape.Kernel,
                grey, binomialWeight, o => Filters.BinomialDown2(grey, binomialWeight, o), results);
            Save(outDir, "camera_binomial_stride2_256.png", Half, Half, 1, Images.ClampToBytes(binomial), written);

            float[] maxPooled = LayerCheck.Run(
                "MaxDown2", Filters.MaxDown2Shape.Layer, Filters.MaxDown2Shape.OutputElements, Filters.MaxDown2Shape.MacsPerItem, Filters.MaxDown2Shape.Kernel,
                grey, null, o => Filters.MaxDown2(grey, o), results);
            Save(outDir, "camera_maxpool_256.png", Half, Half, 1, Images.ClampToBytes(maxPooled), written);

            // On the 2x2-averaged image: a dilated emboss, and the bilinear x2 upsample back to 512x512.
            float[] embossWeight = FilterWeights.Emboss();
            float[] embossed = LayerCheck.Run(
                "DilatedEmboss", Filters.DilatedEmbossShape.Layer, Filters.DilatedEmbossShape.OutputElements, Filters.DilatedEmbossShape.MacsPerItem, Filters.DilatedEmbossShape.Kernel,
                averaged, embossWeight, o => Filters.DilatedEmboss(averaged, embossWeight, o), results);
            Save(outDir, "camera_dilated_emboss_256.png", Half, Half, 1, Images.ClampToBytes(embossed), written);

            float[] upWeight = FilterWeights.BilinearUp2();
            float[] upsampled = LayerCheck.Run(
                "BilinearUp2", Filters.BilinearUp2Shape.Layer, Filters.BilinearUp2Shape.OutputElements, Filters.BilinearUp2Shape.MacsPerItem, Filters.BilinearUp2Shape.Kernel,
                averaged, upWeight, o => Filters.BilinearUp2(averaged, upWeight, o), results);
            Save(outDir, "camera_bilinear_up_512.png", Size, Size, 1, Images.ClampToBytes(upsampled), written);

#if DEBUG
            const string build = "Debug build";
#else
            const string build = "Release build";
#endif
            Console.WriteLine("ConvGen filters: generated layers vs ReferenceKernels.Run on the bundled photos (" + build + ").");
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Time: median of {0} calls after a warm-up. Check: max |err| <= {1:0.0E+00}.", LayerCheck.TimedRuns, LayerCheck.Tolerance));
            Console.WriteLine();
            LayerCheck.PrintTable(results);
            Console.WriteLine();
            Console.WriteLine("Files written:");
            foreach (string file in written)
            {
                Console.WriteLine("  " + file);
            }

            Console.WriteLine();
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "Total {0:F1} s.", Stopwatch.GetElapsedTime(started).TotalSeconds));

            List<LayerResult> failed = results.FindAll(r => !LayerCheck.Passed(r));
            foreach (LayerResult r in failed)
            {
                Console.Error.WriteLine(string.Format(CultureInfo.InvariantCulture, "FAILED: {0}: max |err| {1:G6} exceeds {2:G3}.", r.Name, r.MaxError, LayerCheck.Tolerance));
            }

            return failed.Count == 0 ? 0 : 1;
        }

        private static void Save(string outDir, string name, int width, int height, int channels, byte[] pixels, List<string> written)
        {
            string path = Path.Combine(outDir, name);
            PngWriter.Write(path, width, height, channels, pixels);
            written.Add(string.Format(CultureInfo.InvariantCulture, "{0}  ({1}x{2} {3})", path, width, height, channels == 1 ? "grey" : "RGB"));
        }
    }
}
