using System;

namespace ConvGen.Samples.Filters
{
    /// <summary>
    /// The weights of every filter, computed from their textbook formulas. Layouts are PyTorch's: a convolution's
    /// weight is [OutChannels, InChannels/Groups, KH, KW] and a transposed convolution's is
    /// [InChannels, OutChannels/Groups, KH, KW], row-major. In the formulas, (x, y) is the tap's offset from the
    /// kernel centre: x = column - centre (to the right), y = row - centre (downwards). ConvGen, like PyTorch,
    /// computes cross-correlation: output(r, c) = sum over taps of w(y, x) * input(r + y, c + x) (the kernel is
    /// not flipped).
    /// </summary>
    internal static class FilterWeights
    {
        /// <summary>
        /// Sobel, [2, 1, 3, 3]. Channel 0 is gx = [-1 0 1; -2 0 2; -1 0 1] (positive where the image gets brighter to
        /// the right), channel 1 is gy = its transpose [-1 -2 -1; 0 0 0; 1 2 1] (positive where it gets brighter
        /// downwards). Each is a [1 2 1] smoothing across the direction times a [-1 0 1] central difference along it.
        /// </summary>
        public static float[] Sobel()
        {
            float[] smooth = { 1, 2, 1 };
            float[] diff = { -1, 0, 1 };
            var w = new float[2 * 9];
            for (int ky = 0; ky < 3; ky++)
            {
                for (int kx = 0; kx < 3; kx++)
                {
                    w[(ky * 3) + kx] = smooth[ky] * diff[kx];
                    w[9 + (ky * 3) + kx] = diff[ky] * smooth[kx];
                }
            }

            return w;
        }

        /// <summary>
        /// Gaussian, [channels, 1, k, k] (depthwise: the same kernel for every channel):
        /// w(y, x) = exp(-(x^2 + y^2) / (2 sigma^2)) / Z for x, y in [-(k-1)/2, (k-1)/2], with Z the sum of the
        /// unnormalised values so that the weights sum to 1 (flat regions keep their brightness).
        /// </summary>
        public static float[] Gaussian(int channels, int k, double sigma)
        {
            int r = k / 2;
            var g = new double[k * k];
            double z = 0;
            for (int y = -r; y <= r; y++)
            {
                for (int x = -r; x <= r; x++)
                {
                    double v = Math.Exp(-((x * x) + (y * y)) / (2 * sigma * sigma));
                    g[((y + r) * k) + x + r] = v;
                    z += v;
                }
            }

            var w = new float[channels * k * k];
            for (int c = 0; c < channels; c++)
            {
                for (int i = 0; i < k * k; i++)
                {
                    w[(c * k * k) + i] = (float)(g[i] / z);
                }
            }

            return w;
        }

        /// <summary>
        /// A Gabor bank, [orientations, 1, k, k]. Filter o has orientation theta = o * pi / orientations and
        /// g(y, x) = exp(-(x'^2 + gamma^2 y'^2) / (2 sigma^2)) * cos(2 pi x' / lambda), with the rotated coordinates
        /// x' = x cos(theta) + y sin(theta), y' = -x sin(theta) + y cos(theta) (the even, cosine-phase Gabor: it
        /// responds to bright lines running perpendicular to x', i.e. at angle theta + 90 degrees). Each filter then
        /// has its mean subtracted (flat regions give 0) and is divided by the sum of its positive weights, so an
        /// input in [0, 1] gives a response in [-1, 1].
        /// </summary>
        public static float[] Gabor(int orientations, int k, double sigma, double lambda, double gamma)
        {
            int r = k / 2;
            var w = new float[orientations * k * k];
            var g = new double[k * k];
            for (int o = 0; o < orientations; o++)
            {
                double theta = o * Math.PI / orientations;
                double cos = Math.Cos(theta);
                double sin = Math.Sin(theta);
                double mean = 0;
                for (int y = -r; y <= r; y++)
                {
                    for (int x = -r; x <= r; x++)
                    {
                        double xr = (x * cos) + (y * sin);
                        double yr = (-x * sin) + (y * cos);
                        double v = Math.Exp(-((xr * xr) + (gamma * gamma * yr * yr)) / (2 * sigma * sigma)) * Math.Cos(2 * Math.PI * xr / lambda);
                        g[((y + r) * k) + x + r] = v;
                        mean += v;
                    }
                }

                mean /= k * k;
                double positive = 0;
                for (int i = 0; i < k * k; i++)
                {
                    g[i] -= mean;
                    if (g[i] > 0)
                    {
                        positive += g[i];
                    }
                }

                for (int i = 0; i < k * k; i++)
                {
                    w[(o * k * k) + i] = (float)(g[i] / positive);
                }
            }

            return w;
        }

        /// <summary>
        /// Binomial 3x3 blur, [1, 1, 3, 3]: w = [1 2 1]^T [1 2 1] / 16 (the two-step binomial approximation of a
        /// Gaussian with sigma ~0.7), used at stride 2 as an anti-aliasing downsample.
        /// </summary>
        public static float[] Binomial3()
        {
            float[] b = { 1, 2, 1 };
            var w = new float[9];
            for (int ky = 0; ky < 3; ky++)
            {
                for (int kx = 0; kx < 3; kx++)
                {
                    w[(ky * 3) + kx] = b[ky] * b[kx] / 16f;
                }
            }

            return w;
        }

        /// <summary>
        /// Emboss, [1, 1, 3, 3]: w = [-2 -1 0; -1 1 1; 0 1 2]. The weights sum to 1, so flat regions keep their
        /// value; a pixel whose lower-right neighbours are brighter than its upper-left ones gets lighter, the
        /// opposite darker, which reads as a relief lit along the diagonal. With dilation 2 the taps are 2 pixels
        /// apart, so the relief is twice as wide.
        /// </summary>
        public static float[] Emboss() => new float[] { -2, -1, 0, -1, 1, 1, 0, 1, 2 };

        /// <summary>
        /// Bilinear x2 upsampling for a transposed convolution with kernel 4, stride 2, padding 1, [1, 1, 4, 4]:
        /// w(ky, kx) = b[ky] * b[kx] with b = [1 3 3 1] / 4, i.e. b[k] = 1 - |k/2 - 3/4| (the tent function of
        /// FCN/Caffe's bilinear filler for factor f = 2: 1 - |k/f - c|, c = (2f - 1 - f mod 2) / (2f)). Every
        /// interior output pixel receives 2x2 input pixels with weights (3/4, 1/4) per axis, which is bilinear
        /// interpolation at the half-pixel-shifted positions. The outermost output row and column have one
        /// neighbour cropped away by the padding, so their weights sum to 3/4 (PyTorch does the same).
        /// </summary>
        public static float[] BilinearUp2()
        {
            float[] b = { 0.25f, 0.75f, 0.75f, 0.25f };
            var w = new float[16];
            for (int ky = 0; ky < 4; ky++)
            {
                for (int kx = 0; kx < 4; kx++)
                {
                    w[(ky * 4) + kx] = b[ky] * b[kx];
                }
            }

            return w;
        }
    }
}
