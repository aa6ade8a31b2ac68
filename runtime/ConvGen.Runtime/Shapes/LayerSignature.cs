using System.Collections.Generic;

namespace ConvGen.Shapes
{
    /// <summary>The role of one parameter of a generated layer method.</summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    enum OperandRole
    {
        /// <summary><c>ReadOnlySpan&lt;float&gt;</c>: the input tensor.</summary>
        Input,
        /// <summary><c>ReadOnlySpan&lt;float&gt;</c>: weights in PyTorch's layout.</summary>
        Weight,
        /// <summary><c>ReadOnlySpan&lt;float&gt;</c>: bias, one per output channel.</summary>
        Bias,
        /// <summary><c>ReadOnlySpan&lt;float&gt;</c>: batch-norm scale (gamma).</summary>
        Gamma,
        /// <summary><c>ReadOnlySpan&lt;float&gt;</c>: batch-norm shift (beta).</summary>
        Beta,
        /// <summary><c>ReadOnlySpan&lt;float&gt;</c>: batch-norm running mean.</summary>
        RunningMean,
        /// <summary><c>ReadOnlySpan&lt;float&gt;</c>: batch-norm running variance.</summary>
        RunningVar,
        /// <summary><c>ReadOnlySpan&lt;float&gt;</c>: output-shaped tensor added before the activation.</summary>
        Residual,
        /// <summary><c>Span&lt;float&gt;</c>: the output tensor.</summary>
        Output,
        /// <summary><c>int</c>: the batch size, when the attribute says <c>DynamicBatch = true</c>.</summary>
        Batch,
    }

    /// <summary>
    /// The parameter list a layer method must have, in order. Parameter names are free; types and order are not.
    /// Shared by the generator (to bind parameters) and the analyzers (to explain a mismatch).
    /// </summary>
#if CONVGEN_ROSLYN
    internal
#else
    public
#endif
    static class LayerSignature
    {
        /// <summary>The roles, in order, for a layer of this kind and epilogue.</summary>
        public static List<OperandRole> Expected(LayerKind kind, bool bias, bool batchNorm, bool residual, bool dynamicBatch)
        {
            var roles = new List<OperandRole> { OperandRole.Input };
            if (kind == LayerKind.Conv || kind == LayerKind.ConvTranspose)
            {
                roles.Add(OperandRole.Weight);
                if (bias)
                {
                    roles.Add(OperandRole.Bias);
                }

                if (batchNorm)
                {
                    roles.Add(OperandRole.Gamma);
                    roles.Add(OperandRole.Beta);
                    roles.Add(OperandRole.RunningMean);
                    roles.Add(OperandRole.RunningVar);
                }

                if (residual)
                {
                    roles.Add(OperandRole.Residual);
                }
            }

            roles.Add(OperandRole.Output);
            if (dynamicBatch)
            {
                roles.Add(OperandRole.Batch);
            }

            return roles;
        }

        /// <summary>The C# type a role needs.</summary>
        public static string TypeOf(OperandRole role) => role switch
        {
            OperandRole.Output => "Span<float>",
            OperandRole.Batch => "int",
            _ => "ReadOnlySpan<float>",
        };

        /// <summary>A suggested parameter name for a role (used in messages and code fixes).</summary>
        public static string SuggestedName(OperandRole role) => role switch
        {
            OperandRole.Input => "input",
            OperandRole.Weight => "weight",
            OperandRole.Bias => "bias",
            OperandRole.Gamma => "gamma",
            OperandRole.Beta => "beta",
            OperandRole.RunningMean => "runningMean",
            OperandRole.RunningVar => "runningVar",
            OperandRole.Residual => "residual",
            OperandRole.Output => "output",
            _ => "batch",
        };

        /// <summary>The expected parameter list as C#: <c>(ReadOnlySpan&lt;float&gt; input, ..., Span&lt;float&gt; output)</c>.</summary>
        public static string Describe(List<OperandRole> roles)
        {
            var parts = new List<string>();
            foreach (OperandRole r in roles)
            {
                parts.Add(TypeOf(r) + " " + SuggestedName(r));
            }

            return "(" + string.Join(", ", parts) + ")";
        }
    }
}
