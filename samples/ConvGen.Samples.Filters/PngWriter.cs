using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace ConvGen.Samples.Filters
{
    /// <summary>
    /// A minimal PNG encoder: 8-bit greyscale (colour type 0) or 8-bit RGB (colour type 2), no interlacing, filter
    /// type 0 (None) on every row, the image data compressed with zlib (<see cref="ZLibStream"/>). Enough for a
    /// person to open the results in any viewer. Chunks: IHDR, one IDAT, IEND, each followed by its CRC-32.
    /// </summary>
    internal static class PngWriter
    {
        private static readonly byte[] s_signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

        /// <summary>Writes <paramref name="pixels"/> (row-major; for RGB, interleaved R, G, B) as a PNG file.</summary>
        /// <param name="channels">1 for greyscale, 3 for RGB.</param>
        public static void Write(string path, int width, int height, int channels, ReadOnlySpan<byte> pixels)
        {
            if (channels != 1 && channels != 3)
            {
                throw new ArgumentOutOfRangeException(nameof(channels), channels, "Only greyscale (1) and RGB (3) are supported.");
            }

            if (width < 1 || height < 1 || pixels.Length != (long)width * height * channels)
            {
                throw new ArgumentException("The pixel buffer must hold width*height*channels bytes.", nameof(pixels));
            }

            var header = new byte[13];
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
            header[8] = 8; // bit depth
            header[9] = channels == 1 ? (byte)0 : (byte)2; // colour type: greyscale or truecolour
            header[10] = 0; // compression method: deflate
            header[11] = 0; // filter method: adaptive filtering with the five basic types
            header[12] = 0; // interlace method: none

            int stride = width * channels;
            using var compressed = new MemoryStream();
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (int y = 0; y < height; y++)
                {
                    zlib.WriteByte(0); // filter type 0: the row's bytes as they are
                    zlib.Write(pixels.Slice(y * stride, stride));
                }
            }

            using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
            file.Write(s_signature);
            WriteChunk(file, "IHDR", header);
            WriteChunk(file, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
            WriteChunk(file, "IEND", ReadOnlySpan<byte>.Empty);
        }

        /// <summary>A chunk: length (big-endian), type, data, then the CRC-32 of type and data.</summary>
        private static void WriteChunk(Stream stream, string type, ReadOnlySpan<byte> data)
        {
            Span<byte> word = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
            stream.Write(word);
            byte[] typeBytes = Encoding.ASCII.GetBytes(type);
            stream.Write(typeBytes);
            stream.Write(data);
            uint crc = Crc32.Update(Crc32.Start, typeBytes);
            crc = Crc32.Update(crc, data);
            BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Finish(crc));
            stream.Write(word);
        }
    }

    /// <summary>
    /// CRC-32 as PNG (and zip, gzip, Ethernet) define it: reflected polynomial 0xEDB88320, initial value all ones,
    /// final complement. Table-driven, one byte at a time.
    /// </summary>
    internal static class Crc32
    {
        /// <summary>The register's value before any byte.</summary>
        public const uint Start = 0xFFFFFFFFu;

        private static readonly uint[] s_table = BuildTable();

        /// <summary>Feeds <paramref name="bytes"/> into a running CRC register.</summary>
        public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
            {
                crc = s_table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return crc;
        }

        /// <summary>The CRC of everything fed in: the register complemented.</summary>
        public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

        /// <summary>CRC of one buffer (for the check value: "123456789" gives 0xCBF43926).</summary>
        public static uint Compute(ReadOnlySpan<byte> bytes) => Finish(Update(Start, bytes));

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
