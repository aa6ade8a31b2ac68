using System;
using System.Collections.Generic;

namespace ConvGen.Shapes
{
    /// <summary>
    /// The named arguments a user wrote on a layer attribute, by property name. Only the arguments actually
    /// written are present, so "not given" and "given the default value" differ. Values are stored as
    /// <see cref="double"/>: ints, enums (their underlying value) and bools (0/1) all round-trip exactly.
    /// </summary>
    /// <remarks>Shared by the generator (through the pipeline model), the analyzers and the runtime.</remarks>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    sealed class LayerArguments
    {
        private readonly Dictionary<string, double> _values = new Dictionary<string, double>(StringComparer.Ordinal);

        /// <summary>Adds or replaces an argument.</summary>
        public LayerArguments Set(string name, double value)
        {
            _values[name] = value;
            return this;
        }

        /// <summary>True when the user wrote this argument.</summary>
        public bool Has(string name) => _values.ContainsKey(name);

        /// <summary>The names written, in ordinal order.</summary>
        public IEnumerable<string> Names
        {
            get
            {
                var names = new List<string>(_values.Keys);
                names.Sort(StringComparer.Ordinal);
                return names;
            }
        }

        /// <summary>The value as an int, or <paramref name="fallback"/> when not written.</summary>
        public int Int(string name, int fallback) => _values.TryGetValue(name, out double v) ? (int)v : fallback;

        /// <summary>The value as a double, or <paramref name="fallback"/> when not written.</summary>
        public double Double(string name, double fallback) => _values.TryGetValue(name, out double v) ? v : fallback;

        /// <summary>The value as a bool, or <paramref name="fallback"/> when not written.</summary>
        public bool Bool(string name, bool fallback) => _values.TryGetValue(name, out double v) ? v != 0 : fallback;
    }
}
