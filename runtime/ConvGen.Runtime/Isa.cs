using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ConvGen
{
    /// <summary>Instruction-set levels a generated kernel can run at.</summary>
    public enum IsaLevel
    {
        /// <summary>Scalar code (MathF.FusedMultiplyAdd).</summary>
        Scalar = 0,
        /// <summary>256-bit vectors with FMA (AVX2 + FMA).</summary>
        V256 = 1,
        /// <summary>512-bit vectors (AVX-512F).</summary>
        V512 = 2,
    }

    /// <summary>
    /// The ISA switch every generated kernel consults once per call. <see cref="Ceiling"/> starts at the level named by
    /// the environment variable <c>CONVGEN_ISA</c> (<c>scalar</c>, <c>v256</c>, <c>v512</c>) or V512, and can be lowered
    /// to force the 256-bit or scalar path (tests, comparisons, old-CPU reproduction). Results are bitwise identical
    /// at every level: each output is the same sequence of fused multiply-adds in the same order.
    /// </summary>
    public static class Isa
    {
        private static IsaLevel s_ceiling = Parse(Environment.GetEnvironmentVariable("CONVGEN_ISA"));

        /// <summary>The highest level kernels may use. Set it before running layers, not while they run.</summary>
        public static IsaLevel Ceiling
        {
            get => s_ceiling;
            set => s_ceiling = value;
        }

        private static bool s_emulate512 = Environment.GetEnvironmentVariable("CONVGEN_EMULATE_V512") == "1";

        /// <summary>
        /// For tests on machines without AVX-512: when true (or <c>CONVGEN_EMULATE_V512=1</c>), kernels take their 512-bit path
        /// even without the hardware, on .NET's software 512-bit vectors (every runtime helper the 512-bit paths call has a
        /// lane-by-lane form for this). Far slower than either hardware path; the results are the same bits, so it lets an
        /// AVX2 machine check the 512-bit code against the others. Set it before running layers, not while they run.
        /// </summary>
        public static bool Emulate512
        {
            get => s_emulate512;
            set => s_emulate512 = value;
        }

        /// <summary>True when kernels use their 512-bit path.</summary>
        public static bool Use512 => s_ceiling >= IsaLevel.V512 && ((Vector512.IsHardwareAccelerated && Avx512F.IsSupported) || s_emulate512);

        /// <summary>True when kernels use their 256-bit path (AVX2 + FMA).</summary>
        public static bool Use256 => s_ceiling >= IsaLevel.V256 && Vector256.IsHardwareAccelerated && Fma.IsSupported && Avx2.IsSupported;

        /// <summary>The level kernels run at on this machine under the current ceiling.</summary>
        public static IsaLevel Current => Use512 ? IsaLevel.V512 : Use256 ? IsaLevel.V256 : IsaLevel.Scalar;

        private static IsaLevel Parse(string? value) => value?.Trim().ToUpperInvariant() switch
        {
            "SCALAR" => IsaLevel.Scalar,
            "V256" or "AVX2" => IsaLevel.V256,
            _ => IsaLevel.V512,
        };
    }
}
