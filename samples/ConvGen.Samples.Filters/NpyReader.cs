using System;
using System.Globalization;
using System.IO;
using System.Text;

namespace ConvGen.Samples.Filters
{
    /// <summary>An n-dimensional array of bytes read from an NPY file: its shape and its elements in C (row-major) order.</summary>
    internal sealed class ByteArrayNd
    {
        public ByteArrayNd(int[] shape, byte[] data)
        {
            Shape = shape;
            Data = data;
        }

        /// <summary>The sizes of the axes, outermost first (for an image: height, width[, channels]).</summary>
        public int[] Shape { get; }

        /// <summary>The elements, last axis fastest.</summary>
        public byte[] Data { get; }
    }

    /// <summary>
    /// A deliberately tiny NPY reader: NumPy format version 1.0, dtype <c>|u1</c> (uint8), C order. That is all the
    /// bundled photographs need; anything else is rejected with a message rather than misread.
    /// Format: the magic <c>\x93NUMPY</c>, version bytes 1 and 0, a little-endian uint16 header length, an ASCII
    /// Python dict literal (<c>{'descr': '|u1', 'fortran_order': False, 'shape': (512, 512), }</c>) padded with
    /// spaces and a newline, then the raw elements.
    /// </summary>
    internal static class NpyReader
    {
        private static readonly byte[] s_magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

        public static ByteArrayNd Read(string path)
        {
            byte[] file = File.ReadAllBytes(path);
            const int preamble = 10; // magic (6) + version (2) + header length (2)
            if (file.Length < preamble || !file.AsSpan(0, s_magic.Length).SequenceEqual(s_magic))
            {
                throw Bad(path, "it does not start with the NPY magic \\x93NUMPY");
            }

            if (file[6] != 1 || file[7] != 0)
            {
                throw Bad(path, "version " + I(file[6]) + "." + I(file[7]) + " is not supported (only 1.0)");
            }

            int headerLength = file[8] | (file[9] << 8);
            if (preamble + headerLength > file.Length)
            {
                throw Bad(path, "the header length " + I(headerLength) + " runs past the end of the file");
            }

            string header = Encoding.ASCII.GetString(file, preamble, headerLength);
            string descr = QuotedValue(header, "descr", path);
            if (descr != "|u1")
            {
                throw Bad(path, "dtype '" + descr + "' is not supported (only '|u1', uint8)");
            }

            if (!ValueAfter(header, "fortran_order", path).StartsWith("False", StringComparison.Ordinal))
            {
                throw Bad(path, "Fortran order is not supported (only C order)");
            }

            int[] shape = ParseShape(ValueAfter(header, "shape", path), path);
            long count = 1;
            foreach (int n in shape)
            {
                count *= n;
            }

            int dataStart = preamble + headerLength;
            if (file.Length - dataStart != count)
            {
                throw Bad(path, "the shape (" + string.Join(", ", Array.ConvertAll(shape, I)) + ") needs " + count.ToString(CultureInfo.InvariantCulture)
                    + " bytes of data, but the file has " + (file.Length - dataStart).ToString(CultureInfo.InvariantCulture));
            }

            return new ByteArrayNd(shape, file.AsSpan(dataStart).ToArray());
        }

        /// <summary>The text after <c>'key':</c> in the header dict, leading spaces removed.</summary>
        private static string ValueAfter(string header, string key, string path)
        {
            string token = "'" + key + "':";
            int at = header.IndexOf(token, StringComparison.Ordinal);
            if (at < 0)
            {
                throw Bad(path, "the header has no '" + key + "' entry");
            }

            return header.Substring(at + token.Length).TrimStart();
        }

        private static string QuotedValue(string header, string key, string path)
        {
            string rest = ValueAfter(header, key, path);
            int end = rest.Length > 0 && rest[0] == '\'' ? rest.IndexOf('\'', 1) : -1;
            if (end < 0)
            {
                throw Bad(path, "the header's '" + key + "' is not a quoted string");
            }

            return rest.Substring(1, end - 1);
        }

        /// <summary>Parses a Python tuple of ints such as <c>(512, 512, 3)</c> or <c>(512,)</c>.</summary>
        private static int[] ParseShape(string rest, string path)
        {
            int close = rest.IndexOf(')', StringComparison.Ordinal);
            if (rest.Length == 0 || rest[0] != '(' || close < 0)
            {
                throw Bad(path, "the header's 'shape' is not a tuple");
            }

            string[] parts = rest.Substring(1, close - 1).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var shape = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                {
                    throw Bad(path, "the shape entry '" + parts[i] + "' is not a non-negative integer");
                }
            }

            return shape;
        }

        private static InvalidDataException Bad(string path, string why) => new InvalidDataException("'" + path + "' is not a readable NPY file: " + why + ".");

        private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);
    }
}
