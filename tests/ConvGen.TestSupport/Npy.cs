using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;

namespace ConvGen.TestSupport
{
    /// <summary>A float32 array read from an .npy file: its shape and its data in C order (last index fastest).</summary>
    public sealed class NpyArray
    {
        /// <summary>Creates an array.</summary>
        public NpyArray(int[] shape, float[] data)
        {
            Shape = shape;
            Data = data;
        }

        /// <summary>The shape; empty for a scalar.</summary>
        public int[] Shape { get; }

        /// <summary>The elements in C order.</summary>
        public float[] Data { get; }
    }

    /// <summary>A uint8 array read from an .npy file: its shape and its data in C order (last index fastest).</summary>
    public sealed class NpyByteArray
    {
        /// <summary>Creates an array.</summary>
        public NpyByteArray(int[] shape, byte[] data)
        {
            Shape = shape;
            Data = data;
        }

        /// <summary>The shape; empty for a scalar.</summary>
        public int[] Shape { get; }

        /// <summary>The elements in C order.</summary>
        public byte[] Data { get; }
    }

    /// <summary>
    /// A minimal reader for NumPy's .npy format, version 1.0 only, for the two dtypes the project's data uses:
    /// little-endian float32 (<c>'&lt;f4'</c>) and uint8 (<c>'|u1'</c>), C order. Anything else is refused with an
    /// <see cref="InvalidDataException"/> that says what was found.
    /// </summary>
    public static partial class Npy
    {
        private static readonly byte[] s_magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

        /// <summary>Reads a <c>'&lt;f4'</c> array.</summary>
        public static NpyArray ReadFloat32(string path)
        {
            (int[] shape, ReadOnlyMemory<byte> payload, long count) = Read(path, "<f4", 4);
            var data = new float[count];
            ReadOnlySpan<byte> bytes = payload.Span;
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * 4, 4));
            }

            return new NpyArray(shape, data);
        }

        /// <summary>Reads a <c>'|u1'</c> array.</summary>
        public static NpyByteArray ReadUInt8(string path)
        {
            (int[] shape, ReadOnlyMemory<byte> payload, long count) = Read(path, "|u1", 1);
            return new NpyByteArray(shape, payload.Slice(0, (int)count).ToArray());
        }

        private static (int[] Shape, ReadOnlyMemory<byte> Payload, long Count) Read(string path, string expectedDescr, int itemSize)
        {
            ArgumentNullException.ThrowIfNull(path);
            byte[] file = File.ReadAllBytes(path);
            if (file.Length < 10 || !file.AsSpan(0, 6).SequenceEqual(s_magic))
            {
                throw Bad(path, "it does not start with the magic \\x93NUMPY");
            }

            if (file[6] != 1 || file[7] != 0)
            {
                throw Bad(path, "format version " + I(file[6]) + "." + I(file[7]) + " is not supported; only 1.0 is");
            }

            int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8, 2));
            if (10 + headerLength > file.Length)
            {
                throw Bad(path, "the header length " + I(headerLength) + " runs past the end of the file (" + I(file.Length) + " bytes)");
            }

            string header = Encoding.ASCII.GetString(file, 10, headerLength);
            string descr = Field(path, header, DescrPattern());
            if (descr != expectedDescr)
            {
                throw Bad(path, "dtype '" + descr + "' is not the expected '" + expectedDescr + "'");
            }

            string fortran = Field(path, header, FortranPattern());
            if (fortran != "False")
            {
                throw Bad(path, "fortran_order is " + fortran + "; only C order (False) is supported");
            }

            int[] shape = ParseShape(path, Field(path, header, ShapePattern()));
            long count = 1;
            foreach (int d in shape)
            {
                count *= d;
            }

            long payloadLength = file.Length - 10L - headerLength;
            if (payloadLength != count * itemSize)
            {
                throw Bad(path, "the shape (" + string.Join(", ", Array.ConvertAll(shape, v => I(v))) + ") needs " + I(count * itemSize)
                    + " data bytes, but the file has " + I(payloadLength));
            }

            return (shape, new ReadOnlyMemory<byte>(file, 10 + headerLength, (int)payloadLength), count);
        }

        private static string Field(string path, string header, Regex pattern)
        {
            Match m = pattern.Match(header);
            if (!m.Success)
            {
                throw Bad(path, "the header " + header.TrimEnd() + " lacks a field this reader needs (" + pattern + ")");
            }

            return m.Groups[1].Value;
        }

        private static int[] ParseShape(string path, string text)
        {
            var dims = new List<int>();
            foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int d))
                {
                    throw Bad(path, "shape entry '" + part + "' is not a non-negative int");
                }

                dims.Add(d);
            }

            return dims.ToArray();
        }

        private static InvalidDataException Bad(string path, string why)
            => new InvalidDataException("'" + path + "' is not an .npy file this reader accepts (NPY 1.0, '<f4' or '|u1', C order): " + why + ".");

        private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

        [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
        private static partial Regex DescrPattern();

        [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
        private static partial Regex FortranPattern();

        [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
        private static partial Regex ShapePattern();
    }
}
