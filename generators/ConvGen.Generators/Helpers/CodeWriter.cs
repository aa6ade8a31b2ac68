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
