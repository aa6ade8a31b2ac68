using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>What the vector paths can do in a layer's epilogue, for the planner and the emitters alike.</summary>
    internal static class EpilogueForms
    {
        /// <summary>
        /// True when the activation has a vector form (<c>ConvGen.VectorActivations</c>: ReLU, ReLU6, leaky ReLU) or there is
        /// none; the others (GELU, SiLU, sigmoid, tanh, ...) run the scalar function on each lane.
        /// </summary>
        public static bool HasVectorActivation(LayerShape s) => s.Activation is Activation.None or Activation.Relu or Activation.Relu6 or Activation.LeakyRelu;
    }
}
