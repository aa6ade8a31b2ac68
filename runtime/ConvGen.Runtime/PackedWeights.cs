using System;

namespace ConvGen
{
    /// <summary>
    /// A layer's weights packed once into the layout its kernel reads (for Winograd layers: transformed, 36 x Cin x Cout
    /// floats), made by the generated <c>{Method}Shape.PackWeights</c> and passed to the generated overload of the layer
    /// method that takes it instead of the weight span. Packing is for inference with fixed weights: pack when the
    /// weights are loaded, call many times. The object remembers the layer and kernel it was packed for; the layer
    /// method refuses weights packed for another one.
    /// </summary>
    public sealed class PackedWeights
    {
        private readonly float[] _values;

        /// <summary>Called by generated code (<c>{Method}Shape.PackWeights</c>).</summary>
        public PackedWeights(string layer, string kernel, float[] values)
        {
            Layer = layer ?? throw new ArgumentNullException(nameof(layer));
            Kernel = kernel ?? throw new ArgumentNullException(nameof(kernel));
            _values = values ?? throw new ArgumentNullException(nameof(values));
        }

        /// <summary>The layer the weights were packed for, e.g. <c>Layers.Down</c>.</summary>
        public string Layer { get; }

        /// <summary>The kernel they were packed for (its name says the layout).</summary>
        public string Kernel { get; }

        /// <summary>The packed values.</summary>
        public ReadOnlySpan<float> Values => _values;
    }
}
