namespace ConvGen.Generators
{
    /// <summary>Names of the pipeline steps, asserted on by the incrementality tests.</summary>
    public static class TrackingNames
    {
        /// <summary>Attribute + method symbols to <c>LayerSpec</c>.</summary>
        public const string Parse = "ConvGen.Parse";

        /// <summary><c>LayerSpec</c> to <c>LayerPlan</c>.</summary>
        public const string Plan = "ConvGen.Plan";
    }
}
