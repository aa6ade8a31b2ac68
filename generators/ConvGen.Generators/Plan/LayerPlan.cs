using ConvGen.Generators.Helpers;
using ConvGen.Generators.Model;
using ConvGen.Shapes;

namespace ConvGen.Generators.Plan
{
    /// <summary>One shape violation, as a value (the pipeline model must not hold reference-equal objects).</summary>
    /// <param name="FixArgument">Attribute argument a code fix sets (null: no single right fix).</param>
    /// <param name="FixValue">The value the fix gives it, as C#.</param>
    internal readonly record struct ViolationInfo(string Id, ViolationSeverity Severity, string? ArgumentName, string Message, string? FixArgument = null, string? FixValue = null);

    /// <summary>How much of the kernel window is unrolled in the interior loop.</summary>
    internal enum UnrollMode
    {
        /// <summary>Every tap unrolled, weights held in locals for a whole (output, input) channel pair.</summary>
        FullWindow,
        /// <summary>The innermost kernel axis unrolled; loops over the outer kernel axes (windows above the unroll limit).</summary>
        InnerAxis,
    }

    /// <summary>The kernel chosen for a layer: a row of <see cref="KernelCatalog"/> plus the reason.</summary>
    /// <param name="Family">Kernel family (one emitter file each).</param>
    /// <param name="Name">Kernel name in the naming grammar of Emit/Kernels/NAMING.md.</param>
    /// <param name="Reason">Why this kernel, in one sentence, for the generated header.</param>
    /// <param name="Unroll">Interior unroll mode.</param>
    /// <param name="Tile512">The 512-bit register tile, or null when this layer has no 512-bit path.</param>
    /// <param name="Tile256">The 256-bit register tile, or null when this layer has no 256-bit path.</param>
    /// <param name="Bridged">
    /// A channels-last (NHWC) layer run by the kernel of its NCHW twin: the input (and residual) transposed to NCHW into
    /// scratch, the kernel, the output transposed back (<see cref="LayerPlan.KernelShape"/>; docs/kernels.md, "Channels-last bridge");
    /// or an NCHW layer run by Winograd's channels-last form the same way round the other way (<see cref="WinogradTiling.ChannelsFirstBridge"/>).
    /// </param>
    /// <param name="DilationPhases">
    /// A dilated layer run as its dilation phases (<see cref="ConvGen.Shapes.LayerShape.WithDilationPhases"/>): the input (and
    /// residual) split into the phase images in scratch, the kernel of one phase on all of them as a batch, the phase
    /// outputs merged back (docs/kernels.md, "Dilation phases"). With <paramref name="Bridged"/> too, a channels-last layer
    /// whose NCHW twin runs as its phases: the channels-last input split straight into NCHW phase images, and the phase
    /// outputs merged straight back into channels last (no separate transposes).
    /// </param>
    internal sealed record KernelChoice(KernelFamily Family, string Name, string Reason, UnrollMode Unroll, VectorTile? Tile512 = null, VectorTile? Tile256 = null, bool Bridged = false, bool DilationPhases = false);

    /// <summary>
    /// The Spec plus what ConvGen decided. An emitter reads only a plan.
    /// </summary>
    /// <remarks>Pipeline model: immutable, structural equality, no symbols.</remarks>
    /// <param name="Spec">What the user wrote.</param>
    /// <param name="Shape">The resolved shape (meaningful only when <see cref="Rejected"/> is false).</param>
    /// <param name="Violations">Everything wrong, errors first in the order found.</param>
    /// <param name="Roles">The operand role of each parameter (valid when not rejected).</param>
    /// <param name="Kernel">The chosen kernel (null when rejected).</param>
    internal sealed record LayerPlan(
        LayerSpec Spec,
        LayerShape Shape,
        EquatableArray<ViolationInfo> Violations,
        EquatableArray<OperandRole> Roles,
        KernelChoice? Kernel)
    {
        /// <summary>The first error, which makes the layer rejected, or null.</summary>
        public ViolationInfo? FirstError
        {
            get
            {
                foreach (ViolationInfo v in Violations)
                {
                    if (v.Severity == ViolationSeverity.Error)
                    {
                        return v;
                    }
                }

                return null;
            }
        }

        /// <summary>
        /// The shape the kernel runs: <see cref="Shape"/>, its NCHW twin when the kernel is bridged
        /// (<see cref="KernelChoice.Bridged"/>), one dilation phase of it (<see cref="KernelChoice.DilationPhases"/>), or one
        /// dilation phase of the NCHW twin (both); the interface (span checks, shape constants) always keeps <see cref="Shape"/>.
        /// </summary>
        public LayerShape KernelShape
        {
            get
            {
                LayerShape s = Kernel is { Bridged: true } ? Shape.WithLayout(Shape.Layout == TensorLayout.Nhwc ? TensorLayout.Nchw : TensorLayout.Nhwc) : Shape;
                return Kernel is { DilationPhases: true } ? s.WithDilationPhases() : s;
            }
        }

        /// <summary>True when no kernel is emitted (the body throws and the analyzer reports why).</summary>
        public bool Rejected => Kernel is null;
    }
}
