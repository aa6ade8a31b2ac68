namespace ConvGen.Shapes
{
    /// <summary>
    /// Attribute property names per rank. Spatial axes are ordered as PyTorch orders them: (L), (H, W), (D, H, W).
    /// A per-axis property is the common name plus the axis letter (<c>KernelH</c>); 1-D layers use the common
    /// name only. Keep in sync with the attribute classes in runtime/ConvGen.Runtime/Attributes.
    /// </summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    static class AxisNames
    {
        private static readonly string[] s_suffix1 = { "" };
        private static readonly string[] s_suffix2 = { "H", "W" };
        private static readonly string[] s_suffix3 = { "D", "H", "W" };
        private static readonly string[] s_size1 = { "Length" };
        private static readonly string[] s_size2 = { "Height", "Width" };
        private static readonly string[] s_size3 = { "Depth", "Height", "Width" };
        private static readonly string[] s_before1 = { "PadLeft" };
        private static readonly string[] s_after1 = { "PadRight" };
        private static readonly string[] s_before2 = { "PadTop", "PadLeft" };
        private static readonly string[] s_after2 = { "PadBottom", "PadRight" };
        private static readonly string[] s_before3 = { "PadFront", "PadTop", "PadLeft" };
        private static readonly string[] s_after3 = { "PadBack", "PadBottom", "PadRight" };

        /// <summary>Axis suffixes: "" for 1-D; H, W for 2-D; D, H, W for 3-D.</summary>
        public static string[] Suffixes(int rank) => rank == 1 ? s_suffix1 : rank == 2 ? s_suffix2 : s_suffix3;

        /// <summary>Input size property names: Length; Height, Width; Depth, Height, Width.</summary>
        public static string[] SizeNames(int rank) => rank == 1 ? s_size1 : rank == 2 ? s_size2 : s_size3;

        /// <summary>Per-side padding property for the start of each axis.</summary>
        public static string[] PadBeforeNames(int rank) => rank == 1 ? s_before1 : rank == 2 ? s_before2 : s_before3;

        /// <summary>Per-side padding property for the end of each axis.</summary>
        public static string[] PadAfterNames(int rank) => rank == 1 ? s_after1 : rank == 2 ? s_after2 : s_after3;

        /// <summary>Lower-case axis word for messages: length, depth, height, width.</summary>
        public static string Word(int rank, int axis) => SizeNames(rank)[axis].ToLowerInvariant();

        /// <summary>Adaptive pooling's output size property on an axis: OutputLength, OutputHeight, ...</summary>
        public static string OutputSizeName(int rank, int axis) => "Output" + SizeNames(rank)[axis];

        /// <summary>The attribute name for a kind and rank, without the Attribute suffix (Conv2D, MaxPool1D, ...).</summary>
        public static string AttributeName(LayerKind kind, int rank)
        {
            string prefix = kind switch
            {
                LayerKind.Conv => "Conv",
                LayerKind.ConvTranspose => "ConvTranspose",
                LayerKind.MaxPool => "MaxPool",
                LayerKind.AvgPool => "AvgPool",
                LayerKind.AdaptiveAvgPool => "AdaptiveAvgPool",
                _ => "GlobalAvgPool",
            };
            return prefix + rank.ToString(System.Globalization.CultureInfo.InvariantCulture) + "D";
        }
    }
}
