using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace ConvGen.TestSupport
{
    /// <summary>
    /// The golden cases (PyTorch reference vectors, see tests/data/golden/README.md). <see cref="Load()"/> reads
    /// cases.json from <c>CONVGEN_GOLDEN_DIR</c> when that environment variable is set, else from the copy placed
    /// next to the test assembly (<see cref="DefaultDirectory"/>).
    /// </summary>
    public sealed class GoldenSet
    {
        /// <summary>The environment variable that points at another folder holding cases.json.</summary>
        public const string DirectoryVariable = "CONVGEN_GOLDEN_DIR";

        private static readonly Lazy<GoldenSet> s_shared = new(() => Load());
        private readonly Dictionary<string, GoldenCase> _byName;

        private GoldenSet(string directory, int formatVersion, List<GoldenCase> cases)
        {
            Directory = directory;
            FormatVersion = formatVersion;
            Cases = cases;
            _byName = new Dictionary<string, GoldenCase>(StringComparer.Ordinal);
            foreach (GoldenCase c in cases)
            {
                if (!_byName.TryAdd(c.Name, c))
                {
                    throw new InvalidDataException("cases.json in '" + directory + "' has two cases named '" + c.Name + "'.");
                }
            }
        }

        /// <summary>The copy of tests/data/golden that the build places next to the test assembly: <c>&lt;output&gt;/golden</c>.</summary>
        public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "golden");

        /// <summary>The folder <see cref="Load()"/> reads: <c>CONVGEN_GOLDEN_DIR</c> when set, else <see cref="DefaultDirectory"/>.</summary>
        public static string ResolvedDirectory
        {
            get
            {
                string? fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
                return string.IsNullOrWhiteSpace(fromEnvironment) ? DefaultDirectory : fromEnvironment;
            }
        }

        /// <summary>The set loaded once per process from <see cref="ResolvedDirectory"/> (cases are immutable, so sharing is safe).</summary>
        public static GoldenSet Shared => s_shared.Value;

        /// <summary>The folder holding cases.json.</summary>
        public string Directory { get; }

        /// <summary>cases.json <c>format_version</c>.</summary>
        public int FormatVersion { get; }

        /// <summary>Every case, in file order.</summary>
        public IReadOnlyList<GoldenCase> Cases { get; }

        /// <summary>Loads from <see cref="ResolvedDirectory"/>.</summary>
        public static GoldenSet Load() => Load(ResolvedDirectory);

        /// <summary>Loads cases.json from <paramref name="directory"/>.</summary>
        public static GoldenSet Load(string directory)
        {
            ArgumentNullException.ThrowIfNull(directory);
            string path = Path.Combine(directory, "cases.json");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("No golden cases at '" + path + "'. The test build copies tests/data/golden next to the test assembly; set "
                    + DirectoryVariable + " to read another copy.", path);
            }

            GoldenFileJson file;
            using (FileStream stream = File.OpenRead(path))
            {
                file = JsonSerializer.Deserialize<GoldenFileJson>(stream)
                    ?? throw new InvalidDataException("'" + path + "' holds no JSON object.");
            }

            List<GoldenCaseJson> raw = file.Cases ?? throw new InvalidDataException("'" + path + "' has no 'cases' array.");
            if (raw.Count != file.NumCases)
            {
                throw new InvalidDataException("'" + path + "' says num_cases = " + file.NumCases.ToString(CultureInfo.InvariantCulture)
                    + " but holds " + raw.Count.ToString(CultureInfo.InvariantCulture) + " cases.");
            }

            var cases = new List<GoldenCase>(raw.Count);
            foreach (GoldenCaseJson c in raw)
            {
                cases.Add(new GoldenCase(c, directory));
            }

            return new GoldenSet(directory, file.FormatVersion, cases);
        }

        /// <summary>The case named <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> when there is none.</summary>
        public GoldenCase Get(string name)
            => _byName.TryGetValue(name, out GoldenCase? c) ? c : throw new KeyNotFoundException("No golden case named '" + name + "' in '" + Directory + "'.");
    }
}
