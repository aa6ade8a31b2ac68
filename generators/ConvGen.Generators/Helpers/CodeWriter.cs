using System;
using System.Globalization;
using System.Text;

namespace ConvGen.Generators.Helpers
{
    /// <summary>
    /// A small indenting text writer: '\n' newlines, four-space indent, invariant numbers. Emitters write text,
    /// not syntax trees, so the output reads like hand-written code.
    /// </summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _sb = new StringBuilder();
        private int _indent;

        /// <summary>
        /// The scratch the written kernel asks <c>ConvGen.ScratchBuffers</c> for, one entry per request: its slot, its floats
        /// (per batch item when <c>PerBatch</c>: the kernel's items, or with <c>LayerItems</c> the layer's, which a bridge
        /// counts where the kernel runs several images per layer item). Collected as the kernel is written
        /// (<c>KernelParts.ScratchAt</c>) so that the layer's <c>Prepare</c> reserves exactly that.
        /// </summary>
        public System.Collections.Generic.List<(int Slot, long Floats, bool PerBatch, bool LayerItems)> Scratch { get; } = new System.Collections.Generic.List<(int, long, bool, bool)>();

        public CodeWriter()
        {
        }

        /// <summary>A writer whose lines start <paramref name="indent"/> levels in (text written apart, then <see cref="Append"/>ed).</summary>
        public CodeWriter(int indent) => _indent = indent;

        /// <summary>Appends what <paramref name="other"/> wrote, and its scratch requests.</summary>
        public void Append(CodeWriter other)
        {
            _sb.Append(other._sb);
            Scratch.AddRange(other.Scratch);
        }

        public void Line(string text = "")
        {
            if (text.Length > 0)
            {
                _sb.Append(' ', _indent * 4);
                _sb.Append(text);
            }

            _sb.Append('\n');
        }

        public void Open(string header)
        {
            Line(header);
            Line("{");
            _indent++;
        }

        public void Open()
        {
            Line("{");
            _indent++;
        }

        public void Close(string suffix = "")
        {
            _indent--;
            Line("}" + suffix);
        }

        public IDisposable Block(string header)
        {
            Open(header);
            return new Closer(this);
        }

        public override string ToString() => _sb.ToString();

        public static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

        /// <summary>A float literal that round-trips: <c>1E-05f</c>.</summary>
        public static string F(double v)
        {
            string s = ((float)v).ToString("R", CultureInfo.InvariantCulture);
            if (s.IndexOf('.') < 0 && s.IndexOf('E') < 0)
            {
                s += ".0";
            }

            return s + "f";
        }

        private sealed class Closer : IDisposable
        {
            private readonly CodeWriter _w;

            public Closer(CodeWriter w) => _w = w;

            public void Dispose() => _w.Close();
        }
    }
}
