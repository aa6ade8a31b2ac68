using System.Collections.Generic;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>Kernel families; one emitter file each under Emit/Kernels.</summary>
    internal enum KernelFamily
    {
        /// <summary>Direct convolution (Emit/Kernels/Direct.cs).</summary>
        Direct,
        /// <summary>Winograd F(4x4, 3x3) (Emit/Kernels/Winograd.cs) for 3x3 stride-1 2-D convolutions and F(4,3) (Emit/Kernels/Winograd1D.cs) for 1-D ones with a kernel of 3, where it wins.</summary>
        Winograd,
        /// <summary>Direct convolution with output channels on the vector lanes (Emit/Kernels/ChannelLanes.cs), packed weights.</summary>
        ChannelLanes,
        /// <summary>Depthwise convolution in the channels-last layout, channels on the vector lanes (Emit/Kernels/DepthwiseChannelsLast.cs).</summary>
        DepthwiseChannelsLast,
        /// <summary>Transposed convolution by scatter (Emit/Kernels/Transposed.cs), when forced with ConvAlgorithm.Scatter.</summary>
        Transposed,
        /// <summary>Transposed convolution by phase gather (Emit/Kernels/TransposedGather.cs), the default.</summary>
        PhaseGather,
        /// <summary>Max pooling (Emit/Kernels/Pooling.cs).</summary>
        MaxPool,
        /// <summary>Average pooling (Emit/Kernels/Pooling.cs).</summary>
        AvgPool,
        /// <summary>Adaptive and global average pooling (Emit/Kernels/Pooling.cs).</summary>
        AdaptiveAvgPool,
    }

    /// <summary>One catalog row: what a kernel family does and which layers it can run.</summary>
    internal sealed class CatalogRow
    {
        public CatalogRow(KernelFamily family, string namePattern, LayerKind kind, string description)
        {
            Family = family;
            NamePattern = namePattern;
            Kind = kind;
            Description = description;
        }

        public KernelFamily Family { get; }

        public string NamePattern { get; }

        public LayerKind Kind { get; }

        public string Description { get; }
    }

    /// <summary>
    /// ConvGen's kernel catalog (XNNPACK's <c>.inc</c>): the planner chooses only from these rows, and tests and
    /// benchmarks enumerate them. For = the default row of a layer kind (the first);
    /// <see cref="ForFamily"/> finds a forced one.
    /// </summary>
    internal static class KernelCatalog
    {
        /// <summary>Windows with at most this many taps are fully unrolled; larger ones unroll the innermost axis.</summary>
        public const int FullUnrollTaps = 64;

        public static readonly IReadOnlyList<CatalogRow> Rows = new[]
        {
            new CatalogRow(KernelFamily.Direct, "F32_Conv{Rank}d_Direct{Act}_{Kernel}__Scalar", LayerKind.Conv,
                "direct convolution, weight-stationary: one (output, input) channel pair's taps in registers, interior without bounds checks, borders through the padding resolver"),
            new CatalogRow(KernelFamily.Winograd, "F32_Conv{Rank}d_WinogradF43{Act}_{Kernel}_{Tile}__{Isa}", LayerKind.Conv,
                "Winograd F(4x4,3x3): 6x6 input patches transformed (B^T d B), 36 GEMMs over input channels against weights transformed once per call (G g G^T), 4x4 output tiles transformed back (A^T M A) with the epilogue"),
            new CatalogRow(KernelFamily.ChannelLanes, "F32_Conv{Rank}d_DirectChannelLanes{Act}_{Kernel}_{Tile}__V512", LayerKind.Conv,
                "direct convolution with output channels on the vector lanes: tiles of pixels x channel vectors, weights packed in blocks of 48 or 64 output channels (32 too in NHWC), input pixels broadcast (any stride or dilation), taps in the padding left out, each output row leaving through a row buffer (NCHW: transposed in registers so a vector holds pixels of one channel; NHWC: stored as it is, a vector of channels per pixel) with the epilogue in registers"),
            new CatalogRow(KernelFamily.DepthwiseChannelsLast, "F32_Conv{Rank}d_DepthwiseChannelsLast{Act}_{Kernel}_{Tile}__V512", LayerKind.Conv,
                "depthwise convolution in the channels-last layout with channels on the vector lanes: tiles of pixels x channel vectors, every tap one whole-vector input load and fused multiply-add per pixel and vector (no broadcast, shuffle or transpose), the weights repacked tap-major per item, padding of every mode resolved in the border code, the accumulators stored straight into the NHWC output with the epilogue in registers"),
            new CatalogRow(KernelFamily.PhaseGather, "F32_ConvTranspose{Rank}d_PhaseGather{Act}_{Kernel}_{Tile}__{Isa}", LayerKind.ConvTranspose,
                "transposed convolution by phase gather, output-stationary: each output is one chain of fused multiply-adds over the taps of its stride phase, rows vectorised per phase and interleaved at the store, no zero insertion"),
            new CatalogRow(KernelFamily.Transposed, "F32_ConvTranspose{Rank}d_Scatter{Act}_{Kernel}__Scalar", LayerKind.ConvTranspose,
                "transposed convolution by scatter: each input element adds its weighted taps to the output, interior without bounds checks"),
            new CatalogRow(KernelFamily.MaxPool, "F32_MaxPool{Rank}d_{Kernel}__Scalar", LayerKind.MaxPool,
                "max pooling, window unrolled in the interior, padding never wins"),
            new CatalogRow(KernelFamily.AvgPool, "F32_AvgPool{Rank}d_{Kernel}__Scalar", LayerKind.AvgPool,
                "average pooling, window unrolled in the interior, divisor by PyTorch's count_include_pad rule at the borders"),
            new CatalogRow(KernelFamily.AdaptiveAvgPool, "F32_AdaptiveAvgPool{Rank}d__Scalar", LayerKind.AdaptiveAvgPool,
                "adaptive average pooling over [floor(i*I/O), ceil((i+1)*I/O)) windows"),
            new CatalogRow(KernelFamily.AdaptiveAvgPool, "F32_GlobalAvgPool{Rank}d__Scalar", LayerKind.GlobalAvgPool,
                "global average pooling: one mean per channel"),
        };

        /// <summary>The row of a family.</summary>
        public static CatalogRow ForFamily(KernelFamily family)
        {
            foreach (CatalogRow row in Rows)
            {
                if (row.Family == family)
                {
                    return row;
                }
            }

            return Rows[0];
        }

        /// <summary>The default row for a layer kind.</summary>
        public static CatalogRow For(LayerKind kind)
        {
            foreach (CatalogRow row in Rows)
            {
                if (row.Kind == kind)
                {
                    return row;
                }
            }

            return Rows[0];
        }
    }
}
