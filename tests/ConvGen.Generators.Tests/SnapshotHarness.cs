using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace ConvGen.Generators.Tests
{
    /// <summary>
    /// A small snapshot harness with Verify's conventions (Verify.SourceGenerators is not available here):
    /// <c>Snapshots/{name}.verified.cs</c> is checked in; on a mismatch <c>{name}.received.cs</c> is written next to
    /// it (git-ignored) and the test fails with the first differing line. Set CONVGEN_ACCEPT_SNAPSHOTS=1 to accept
    /// the received output as the new verified file. The generator version is scrubbed to <c>{version}</c>.
    /// </summary>
    internal static class SnapshotHarness
    {
        public const string AcceptVariable = "CONVGEN_ACCEPT_SNAPSHOTS";

        public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
        {
            string dir = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
            string verified = Path.Combine(dir, name + ".verified.cs");
            string received = Path.Combine(dir, name + ".received.cs");
            string scrubbed = Scrub(actual);
            bool accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";
            if (accept)
            {
                Directory.CreateDirectory(dir);
                File.WriteAllText(verified, scrubbed);
                File.Delete(received);
                return;
            }

            if (!File.Exists(verified))
            {
                File.WriteAllText(received, scrubbed);
                Assert.Fail("No snapshot " + verified + "; wrote " + received + ". Review it, then rerun with " + AcceptVariable + "=1 to accept.");
            }

            string expected = File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal);
            if (expected == scrubbed)
            {
                File.Delete(received);
                return;
            }

            File.WriteAllText(received, scrubbed);
            string[] e = expected.Split('\n');
            string[] a = scrubbed.Split('\n');
            int line = 0;
            while (line < e.Length && line < a.Length && e[line] == a[line])
            {
                line++;
            }

            Assert.Fail("Snapshot " + name + " differs at line " + (line + 1) + ":\n  verified: " + (line < e.Length ? e[line] : "<end>")
                + "\n  received: " + (line < a.Length ? a[line] : "<end>") + "\nWrote " + received + "; rerun with " + AcceptVariable + "=1 to accept.");
        }

        private static string Scrub(string s)
        {
            string version = typeof(ConvGenGenerator).Assembly.GetName().Version!.ToString(3);
            return s.Replace("\r\n", "\n", StringComparison.Ordinal)
                .Replace("ConvGen.Generators " + version, "ConvGen.Generators {version}", StringComparison.Ordinal)
                .Replace("\"ConvGen.Generators\", \"" + version + "\"", "\"ConvGen.Generators\", \"{version}\"", StringComparison.Ordinal);
        }
    }
}
