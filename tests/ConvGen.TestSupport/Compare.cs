using System;
using System.Globalization;
using System.Text;

namespace ConvGen.TestSupport
{
    /// <summary>The worst element of a comparison: its index, both values and their absolute difference.</summary>
    /// <param name="Index">Index of the worst element (-1 when the spans are empty).</param>
    /// <param name="Actual">The actual value there.</param>
    /// <param name="Expected">The expected value there.</param>
    /// <param name="Difference">|actual - expected| there; +infinity when exactly one of the two is NaN or the lengths differ.</param>
    public readonly record struct Mismatch(int Index, float Actual, float Expected, double Difference);

    /// <summary>
    /// Element-wise comparison of float tensors for tests. Differences are computed in double. NaN equals NaN
    /// (difference 0); NaN against a number is an infinite difference; infinities of the same sign are equal.
    /// </summary>
    public static class Compare
    {
        /// <summary>max_i |a_i - b_i|; +infinity when the lengths differ.</summary>
        public static double MaxAbsDiff(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Worst(a, b).Difference;

        /// <summary>The element where <paramref name="actual"/> and <paramref name="expected"/> differ most (the first such, on ties).</summary>
        public static Mismatch Worst(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
        {
            if (actual.Length != expected.Length)
            {
                return new Mismatch(-1, float.NaN, float.NaN, double.PositiveInfinity);
            }

            var worst = new Mismatch(actual.Length == 0 ? -1 : 0, actual.Length == 0 ? 0 : actual[0], expected.Length == 0 ? 0 : expected[0], 0);
            for (int i = 0; i < actual.Length; i++)
            {
                double d = Difference(actual[i], expected[i]);
                if (d > worst.Difference)
                {
                    worst = new Mismatch(i, actual[i], expected[i], d);
                    if (double.IsPositiveInfinity(d))
                    {
                        break;
                    }
                }
            }

            return worst;
        }

        /// <summary>|a - b| in double, with the NaN and infinity rules of this class.</summary>
        public static double Difference(float a, float b)
        {
            bool nanA = float.IsNaN(a), nanB = float.IsNaN(b);
            if (nanA || nanB)
            {
                return nanA && nanB ? 0 : double.PositiveInfinity;
            }

            if (a == b)
            {
                return 0; // also covers equal infinities, whose difference would be NaN
            }

            return Math.Abs((double)a - b);
        }

        /// <summary>True when the maximum absolute difference is at most <paramref name="atol"/> (and the lengths agree).</summary>
        public static bool Within(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double atol) => Worst(actual, expected).Difference <= atol;

        /// <summary>
        /// A one-paragraph failure message: <c>{label}: max |actual - expected| = 3.1E-05 &gt; atol 1E-05 at index 17
        /// [0, 2, 1, 3] (actual 0.123, expected 0.1229); 4 of 120 elements exceed atol.</c>
        /// </summary>
        /// <param name="label">What was compared, e.g. the golden case's name.</param>
        /// <param name="actual">The values under test.</param>
        /// <param name="expected">The reference values.</param>
        /// <param name="atol">The absolute tolerance.</param>
        /// <param name="shape">Optional shape (C order) to show the worst element's coordinates.</param>
        public static string Describe(string label, ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double atol, int[]? shape = null)
        {
            var sb = new StringBuilder();
            sb.Append(label).Append(": ");
            if (actual.Length != expected.Length)
            {
                return sb.Append("length ").Append(I(actual.Length)).Append(" differs from the expected ").Append(I(expected.Length)).Append('.').ToString();
            }

            Mismatch worst = Worst(actual, expected);
            int exceeding = 0;
            for (int i = 0; i < actual.Length; i++)
            {
                if (Difference(actual[i], expected[i]) > atol)
                {
                    exceeding++;
                }
            }

            sb.Append("max |actual - expected| = ").Append(R(worst.Difference))
              .Append(worst.Difference <= atol ? " <= " : " > ").Append("atol ").Append(R(atol));
            if (worst.Index >= 0)
            {
                sb.Append(" at index ").Append(I(worst.Index));
                if (shape is not null)
                {
                    sb.Append(' ').Append(Coordinates(worst.Index, shape));
                }

                sb.Append(" (actual ").Append(R(worst.Actual)).Append(", expected ").Append(R(worst.Expected)).Append(')');
            }

            sb.Append("; ").Append(I(exceeding)).Append(" of ").Append(I(actual.Length)).Append(" elements exceed atol.");
            return sb.ToString();
        }

        /// <summary>The C-order coordinates of a flat index: <c>[n, c, y, x]</c>.</summary>
        public static string Coordinates(int index, int[] shape)
        {
            ArgumentNullException.ThrowIfNull(shape);
            var coords = new int[shape.Length];
            int rest = index;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                int size = Math.Max(shape[d], 1);
                coords[d] = rest % size;
                rest /= size;
            }

            return "[" + string.Join(", ", Array.ConvertAll(coords, I)) + "]";
        }

        private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

        private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        private static string R(float v) => v.ToString("R", CultureInfo.InvariantCulture);
    }
}
