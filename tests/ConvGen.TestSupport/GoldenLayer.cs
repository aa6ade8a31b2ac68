using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using ConvGen.Shapes;

namespace ConvGen.TestSupport
{
    /// <summary>
    /// A golden case written as a ConvGen layer declaration: the attribute (<see cref="AttributeName"/>) and its named
    /// arguments, both as C# text for generated test sources (<see cref="Arguments"/>) and as the numbers
    /// <see cref="LayerShapeBuilder"/> reads (<see cref="ToLayerArguments"/>). Every spatial axis is written
    /// explicitly, so the declaration does not lean on defaults.
    /// </summary>
    public sealed class GoldenLayer
    {
        private readonly List<Argument> _arguments = new();

        private GoldenLayer(LayerKind kind, int rank, int batch)
        {
            Kind = kind;
            Rank = rank;
            Batch = batch;
        }

        /// <summary>The layer kind.</summary>
        public LayerKind Kind { get; }

        /// <summary>Number of spatial axes of the input.</summary>
        public int Rank { get; }

        /// <summary>The batch size, the input's first dimension.</summary>
        public int Batch { get; }

        /// <summary>The attribute's name without the Attribute suffix: <c>Conv2D</c>, <c>MaxPool1D</c>, ...</summary>
        public string AttributeName => AxisNames.AttributeName(Kind, Rank);

        /// <summary>
        /// The named arguments in declaration order, each value as C# expression text valid in an attribute argument:
        /// <c>3</c>, <c>true</c>, <c>global::ConvGen.PaddingKind.Same</c>, <c>1E-05</c>.
        /// </summary>
        public IReadOnlyList<KeyValuePair<string, string>> Arguments
        {
            get
            {
                var list = new List<KeyValuePair<string, string>>(_arguments.Count);
                foreach (Argument a in _arguments)
                {
                    list.Add(new KeyValuePair<string, string>(a.Name, a.Text));
                }

                return list;
            }
        }

        /// <summary>The whole attribute as C#: <c>[global::ConvGen.Conv2D(InChannels = 3, ...)]</c>.</summary>
        public string AttributeText
        {
            get
            {
                var sb = new StringBuilder();
                sb.Append("[global::ConvGen.").Append(AttributeName).Append('(');
                for (int i = 0; i < _arguments.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    sb.Append(_arguments[i].Name).Append(" = ").Append(_arguments[i].Text);
                }

                return sb.Append(")]").ToString();
            }
        }

        /// <summary>The same arguments as numbers: enums as their int value, bools as 0/1.</summary>
        public LayerArguments ToLayerArguments()
        {
            var args = new LayerArguments();
            foreach (Argument a in _arguments)
            {
                args.Set(a.Name, a.Value);
            }

            return args;
        }

        /// <summary>The case's operands (input, weight and whichever of bias and batch norm it has) for the runtime kernels.</summary>
        public static ConvGen.Reference.LayerOperands Operands(GoldenCase golden)
        {
            ArgumentNullException.ThrowIfNull(golden);
            return new ConvGen.Reference.LayerOperands
            {
                Input = golden.LoadRequired(GoldenTensors.Input),
                Weight = golden.LoadTensor(GoldenTensors.Weight),
                Bias = golden.LoadTensor(GoldenTensors.Bias),
                Gamma = golden.LoadTensor(GoldenTensors.BnWeight),
                Beta = golden.LoadTensor(GoldenTensors.BnBias),
                RunningMean = golden.LoadTensor(GoldenTensors.BnRunningMean),
                RunningVar = golden.LoadTensor(GoldenTensors.BnRunningVar),
            };
        }

        /// <summary>Maps <paramref name="golden"/> to a layer declaration; throws <see cref="NotSupportedException"/> for an op or parameter it cannot express.</summary>
        public static GoldenLayer FromCase(GoldenCase golden)
        {
            ArgumentNullException.ThrowIfNull(golden);
            int[] input = golden.ShapeOf(GoldenTensors.Input) ?? throw Unsupported(golden, "it has no input shape");
            int[] output = golden.ShapeOf(GoldenTensors.Output) ?? throw Unsupported(golden, "it has no output shape");
            int rank = input.Length - 2;
            if (rank < 1 || rank > 3 || output.Length != input.Length)
            {
                throw Unsupported(golden, "input rank " + I(input.Length) + " / output rank " + I(output.Length) + " is not [N, C, 1 to 3 spatial axes]");
            }

            (LayerKind kind, int opRank) = KindOf(golden);
            if (opRank != 0 && opRank != rank)
            {
                throw Unsupported(golden, "op " + golden.Op + " is " + I(opRank) + "-D but the input has " + I(rank) + " spatial axes");
            }

            var layer = new GoldenLayer(kind, rank, input[0]);
            layer.Int("Batch", input[0]);
            GoldenParams p = golden.Params;
            string[] sizes = AxisNames.SizeNames(rank);
            switch (kind)
            {
                case LayerKind.Conv:
                case LayerKind.ConvTranspose:
                    layer.Int("InChannels", input[1]);
                    layer.Int("OutChannels", output[1]);
                    layer.Sizes(sizes, input);
                    layer.Window(golden, p, withDilation: true);
                    layer.ConvPadding(golden, p);
                    if (kind == LayerKind.ConvTranspose)
                    {
                        int[] op = p.OutputPadding ?? new int[rank];
                        CheckAxes(golden, "output_padding", op, rank);
                        if (Array.Exists(op, v => v != 0))
                        {
                            layer.PerAxis("OutputPadding", op);
                        }
                    }

                    layer.Int("Groups", p.Groups ?? 1);
                    layer.Bool("Bias", p.Bias ?? false);
                    if (p.BatchNorm is not null)
                    {
                        layer.Bool("BatchNorm", true);
                        layer.Double("BatchNormEpsilon", p.BatchNorm.Eps);
                    }

                    if (p.Activation is not null)
                    {
                        Activation act = p.Activation switch
                        {
                            "relu" => Activation.Relu,
                            "relu6" => Activation.Relu6,
                            "gelu" => Activation.Gelu,
                            "silu" => Activation.Silu,
                            "leaky_relu" => Activation.LeakyRelu,
                            "sigmoid" => Activation.Sigmoid,
                            "tanh" => Activation.Tanh,
                            _ => throw Unsupported(golden, "activation '" + p.Activation + "' has no ConvGen.Activation"),
                        };
                        layer.Enum("Activation", "Activation", act.ToString(), (int)act);
                    }

                    break;

                case LayerKind.MaxPool:
                case LayerKind.AvgPool:
                    layer.Int("Channels", input[1]);
                    layer.Sizes(sizes, input);
                    layer.Window(golden, p, withDilation: kind == LayerKind.MaxPool);
                    layer.PerAxis("Padding", Symmetric(golden, p, rank));
                    if (p.CeilMode == true)
                    {
                        layer.Bool("CeilMode", true);
                    }

                    if (kind == LayerKind.AvgPool)
                    {
                        if (p.Dilation is not null && Array.Exists(p.Dilation, d => d != 1))
                        {
                            throw Unsupported(golden, "average pooling has no dilation");
                        }

                        layer.Bool("CountIncludePad", p.CountIncludePad ?? true);
                    }

                    break;

                case LayerKind.AdaptiveAvgPool:
                    layer.Int("Channels", input[1]);
                    layer.Sizes(sizes, input);
                    int[] outputSize = p.OutputSize ?? throw Unsupported(golden, "adaptive pooling needs params.output_size");
                    CheckAxes(golden, "output_size", outputSize, rank);
                    for (int a = 0; a < rank; a++)
                    {
                        layer.Int(AxisNames.OutputSizeName(rank, a), outputSize[a]);
                    }

                    break;

                default:
                    layer.Int("Channels", input[1]);
                    layer.Sizes(sizes, input);
                    break;
            }

            return layer;
        }

        /// <summary>C# text of a double that is a valid double literal: <c>1E-05</c>, <c>0.001</c>, <c>1.0</c>.</summary>
        public static string DoubleLiteral(double value)
        {
            if (double.IsNaN(value))
            {
                return "double.NaN";
            }

            if (double.IsInfinity(value))
            {
                return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
            }

            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
        }

        /// <inheritdoc />
        public override string ToString() => AttributeText;

        private static (LayerKind Kind, int Rank) KindOf(GoldenCase golden) => golden.Op switch
        {
            "conv1d" or "causal_conv1d" => (LayerKind.Conv, 1),
            "conv2d" or "conv2d_bn_relu" or "conv2d_relu6" or "conv2d_gelu" or "conv2d_silu" => (LayerKind.Conv, 2),
            "conv3d" => (LayerKind.Conv, 3),
            "conv_transpose1d" => (LayerKind.ConvTranspose, 1),
            "conv_transpose2d" => (LayerKind.ConvTranspose, 2),
            "conv_transpose3d" => (LayerKind.ConvTranspose, 3),
            "max_pool1d" => (LayerKind.MaxPool, 1),
            "max_pool2d" => (LayerKind.MaxPool, 2),
            "max_pool3d" => (LayerKind.MaxPool, 3),
            "avg_pool1d" => (LayerKind.AvgPool, 1),
            "avg_pool2d" => (LayerKind.AvgPool, 2),
            "avg_pool3d" => (LayerKind.AvgPool, 3),
            "adaptive_avg_pool1d" => (LayerKind.AdaptiveAvgPool, 1),
            "adaptive_avg_pool2d" => (LayerKind.AdaptiveAvgPool, 2),
            "adaptive_avg_pool3d" => (LayerKind.AdaptiveAvgPool, 3),
            "global_avg_pool1d" => (LayerKind.GlobalAvgPool, 1),
            "global_avg_pool2d" => (LayerKind.GlobalAvgPool, 2),
            "global_avg_pool3d" => (LayerKind.GlobalAvgPool, 3),
            _ => throw Unsupported(golden, "op '" + golden.Op + "' has no ConvGen layer kind"),
        };

        private void Sizes(string[] names, int[] input)
        {
            for (int a = 0; a < names.Length; a++)
            {
                Int(names[a], input[a + 2]);
            }
        }

        private void Window(GoldenCase golden, GoldenParams p, bool withDilation)
        {
            int[] kernel = p.Kernel ?? throw Unsupported(golden, "params.kernel is missing");
            int[] stride = p.Stride ?? throw Unsupported(golden, "params.stride is missing");
            CheckAxes(golden, "kernel", kernel, Rank);
            CheckAxes(golden, "stride", stride, Rank);
            PerAxis("Kernel", kernel);
            PerAxis("Stride", stride);
            if (withDilation)
            {
                int[] dilation = p.Dilation ?? Ones(Rank);
                CheckAxes(golden, "dilation", dilation, Rank);
                PerAxis("Dilation", dilation);
            }
        }

        private void ConvPadding(GoldenCase golden, GoldenParams p)
        {
            switch (p.PaddingKind)
            {
                case "same":
                    Enum("PaddingKind", "PaddingKind", nameof(PaddingKind.Same), (int)PaddingKind.Same);
                    break;
                case "valid":
                    Enum("PaddingKind", "PaddingKind", nameof(PaddingKind.Valid), (int)PaddingKind.Valid);
                    break;
                case "causal":
                    Enum("PaddingKind", "PaddingKind", nameof(PaddingKind.Causal), (int)PaddingKind.Causal);
                    break;
                case "explicit":
                    PerAxis("Padding", Symmetric(golden, p, Rank));
                    break;
                case "asymmetric":
                    int[][] pads = p.Padding ?? throw Unsupported(golden, "params.padding is missing");
                    if (pads.Length != Rank || Array.Exists(pads, pair => pair is null || pair.Length != 2))
                    {
                        throw Unsupported(golden, "params.padding must hold one [before, after] pair per axis");
                    }

                    string[] before = AxisNames.PadBeforeNames(Rank);
                    string[] after = AxisNames.PadAfterNames(Rank);
                    for (int a = 0; a < Rank; a++)
                    {
                        Int(before[a], pads[a][0]);
                        Int(after[a], pads[a][1]);
                    }

                    break;
                default:
                    throw Unsupported(golden, "padding_kind '" + (p.PaddingKind ?? "null") + "' is not known");
            }

            switch (p.PaddingMode)
            {
                case null:
                case "zeros":
                    break;
                case "reflect":
                    Enum("PaddingMode", "PaddingMode", nameof(PaddingMode.Reflect), (int)PaddingMode.Reflect);
                    break;
                case "replicate":
                    Enum("PaddingMode", "PaddingMode", nameof(PaddingMode.Replicate), (int)PaddingMode.Replicate);
                    break;
                case "circular":
                    Enum("PaddingMode", "PaddingMode", nameof(PaddingMode.Circular), (int)PaddingMode.Circular);
                    break;
                default:
                    throw Unsupported(golden, "padding_mode '" + p.PaddingMode + "' has no ConvGen.PaddingMode");
            }
        }

        /// <summary>The per-axis padding of a symmetric <c>params.padding</c>; throws when an axis is asymmetric.</summary>
        private static int[] Symmetric(GoldenCase golden, GoldenParams p, int rank)
        {
            int[][] pads = p.Padding ?? throw Unsupported(golden, "params.padding is missing");
            if (pads.Length != rank)
            {
                throw Unsupported(golden, "params.padding has " + I(pads.Length) + " pairs for " + I(rank) + " axes");
            }

            var result = new int[rank];
            for (int a = 0; a < rank; a++)
            {
                if (pads[a] is null || pads[a].Length != 2 || pads[a][0] != pads[a][1])
                {
                    throw Unsupported(golden, "padding on axis " + I(a) + " is not symmetric but padding_kind is " + (p.PaddingKind ?? "null"));
                }

                result[a] = pads[a][0];
            }

            return result;
        }

        private void PerAxis(string baseName, int[] values)
        {
            string[] suffix = AxisNames.Suffixes(Rank);
            for (int a = 0; a < Rank; a++)
            {
                Int(baseName + suffix[a], values[a]);
            }
        }

        private void Int(string name, int value) => _arguments.Add(new Argument(name, value, value.ToString(CultureInfo.InvariantCulture)));

        private void Bool(string name, bool value) => _arguments.Add(new Argument(name, value ? 1 : 0, value ? "true" : "false"));

        private void Double(string name, double value) => _arguments.Add(new Argument(name, value, DoubleLiteral(value)));

        private void Enum(string name, string enumType, string member, int value)
            => _arguments.Add(new Argument(name, value, "global::ConvGen." + enumType + "." + member));

        private static void CheckAxes(GoldenCase golden, string what, int[] values, int rank)
        {
            if (values.Length != rank)
            {
                throw Unsupported(golden, "params." + what + " has " + I(values.Length) + " values for " + I(rank) + " axes");
            }
        }

        private static NotSupportedException Unsupported(GoldenCase golden, string why)
            => new("Golden case '" + golden.Name + "' (" + golden.Op + ") cannot be written as a ConvGen layer: " + why + ".");

        private static int[] Ones(int rank)
        {
            var ones = new int[rank];
            Array.Fill(ones, 1);
            return ones;
        }

        private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

        private readonly record struct Argument(string Name, double Value, string Text);
    }
}
