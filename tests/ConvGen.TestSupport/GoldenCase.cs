using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Serialization;

namespace ConvGen.TestSupport
{
    /// <summary>The tensor keys of a golden case (<c>shapes</c> and <c>files</c> in cases.json).</summary>
    public static class GoldenTensors
    {
        /// <summary>The input, <c>[N, C, spatial...]</c>.</summary>
        public const string Input = "input";
        /// <summary>Weights in PyTorch's layout.</summary>
        public const string Weight = "weight";
        /// <summary>Bias, <c>[C_out]</c>.</summary>
        public const string Bias = "bias";
        /// <summary>Batch-norm gamma.</summary>
        public const string BnWeight = "bn_weight";
        /// <summary>Batch-norm beta.</summary>
        public const string BnBias = "bn_bias";
        /// <summary>Batch-norm running mean.</summary>
        public const string BnRunningMean = "bn_running_mean";
        /// <summary>Batch-norm running variance.</summary>
        public const string BnRunningVar = "bn_running_var";
        /// <summary>The expected output.</summary>
        public const string Output = "output";

        /// <summary>Every key, in the order above.</summary>
        public static IReadOnlyList<string> All { get; } = new[] { Input, Weight, Bias, BnWeight, BnBias, BnRunningMean, BnRunningVar, Output };
    }

    /// <summary>
    /// One golden case: what PyTorch computed (<see cref="Params"/>), the tensor shapes, the tolerance, and its
    /// tensors, loaded on demand from the .npy files next to cases.json.
    /// </summary>
    public sealed class GoldenCase
    {
        private readonly GoldenCaseJson _json;

        internal GoldenCase(GoldenCaseJson json, string directory)
        {
            _json = json;
            Directory = directory;
            Tags = json.Tags ?? new List<string>();
            Shapes = json.Shapes ?? new Dictionary<string, int[]>(StringComparer.Ordinal);
            Files = json.Files ?? new Dictionary<string, string>(StringComparer.Ordinal);
        }

        /// <summary>Unique name; also the case's folder name.</summary>
        public string Name => _json.Name;

        /// <summary>The operation, e.g. <c>conv2d</c>, <c>conv_transpose1d</c>, <c>avg_pool2d</c>, <c>conv2d_bn_relu</c>.</summary>
        public string Op => _json.Op;

        /// <summary>Tags: <c>large</c> for the realistic fast-path layers, else none.</summary>
        public IReadOnlyList<string> Tags { get; }

        /// <summary>True when tagged <c>large</c>.</summary>
        public bool IsLarge => Tags.Contains("large");

        /// <summary>The NumPy PCG64 seed the tensors were drawn with.</summary>
        public long Seed => _json.Seed;

        /// <summary>The normalised layer description (cases.json <c>params</c>).</summary>
        public GoldenParams Params => _json.Params;

        /// <summary>Shape of each tensor, by key (<see cref="GoldenTensors"/>).</summary>
        public IReadOnlyDictionary<string, int[]> Shapes { get; }

        /// <summary>Path of each tensor's .npy file, relative to <see cref="Directory"/>, by key.</summary>
        public IReadOnlyDictionary<string, string> Files { get; }

        /// <summary>max |output|.</summary>
        public double OutputMaxAbs => _json.OutputMaxAbs;

        /// <summary>The suggested bounds for this case.</summary>
        public GoldenTolerance Tolerance => _json.Tolerance;

        /// <summary>The absolute tolerance for direct algorithms (0 for max pooling: exact).</summary>
        public double Atol => _json.Tolerance.Atol;

        /// <summary>The absolute tolerance for Winograd or FFT-style algorithms (10 * <see cref="Atol"/>).</summary>
        public double AtolWinograd => _json.Tolerance.AtolWinograd;

        /// <summary>The folder holding cases.json, which the file paths are relative to.</summary>
        public string Directory { get; }

        /// <summary>True when the case has this tensor.</summary>
        public bool Has(string key) => Files.ContainsKey(key);

        /// <summary>The shape of a tensor, or null when the case does not have it.</summary>
        public int[]? ShapeOf(string key) => Shapes.TryGetValue(key, out int[]? shape) ? shape : null;

        /// <summary>
        /// Loads a tensor (<see cref="GoldenTensors"/>) as float32 in C order, or returns null when the case does not
        /// have it. Throws when the file's shape differs from the one cases.json records.
        /// </summary>
        public float[]? LoadTensor(string key)
        {
            if (!Files.TryGetValue(key, out string? relative))
            {
                return null;
            }

            NpyArray array = Npy.ReadFloat32(Path.Combine(Directory, relative));
            if (Shapes.TryGetValue(key, out int[]? expected) && !expected.AsSpan().SequenceEqual(array.Shape))
            {
                throw new InvalidDataException("Golden case '" + Name + "': " + key + ".npy has shape [" + string.Join(", ", array.Shape)
                    + "], but cases.json says [" + string.Join(", ", expected) + "].");
            }

            return array.Data;
        }

        /// <summary>Loads a tensor that the case must have; throws when it is absent.</summary>
        public float[] LoadRequired(string key)
            => LoadTensor(key) ?? throw new InvalidOperationException("Golden case '" + Name + "' has no '" + key + "' tensor.");

        /// <inheritdoc />
        public override string ToString() => Name;
    }

    /// <summary>cases.json <c>params</c>: the same keys in every case, null where a key does not apply.</summary>
    public sealed class GoldenParams
    {
        /// <summary>Kernel size per spatial axis (D, H, W order).</summary>
        [JsonPropertyName("kernel")]
        public int[]? Kernel { get; init; }

        /// <summary>Stride per axis.</summary>
        [JsonPropertyName("stride")]
        public int[]? Stride { get; init; }

        /// <summary><c>[[before, after], ...]</c>, one pair per axis.</summary>
        [JsonPropertyName("padding")]
        public int[][]? Padding { get; init; }

        /// <summary><c>explicit</c>, <c>valid</c>, <c>same</c>, <c>asymmetric</c> or <c>causal</c>.</summary>
        [JsonPropertyName("padding_kind")]
        public string? PaddingKind { get; init; }

        /// <summary><c>zeros</c>, <c>reflect</c>, <c>replicate</c>, <c>circular</c>, or <c>neg_inf</c> (max pooling).</summary>
        [JsonPropertyName("padding_mode")]
        public string? PaddingMode { get; init; }

        /// <summary>Dilation per axis.</summary>
        [JsonPropertyName("dilation")]
        public int[]? Dilation { get; init; }

        /// <summary>Groups.</summary>
        [JsonPropertyName("groups")]
        public int? Groups { get; init; }

        /// <summary>Transposed convolution's output padding per axis.</summary>
        [JsonPropertyName("output_padding")]
        public int[]? OutputPadding { get; init; }

        /// <summary>Whether the layer has a bias.</summary>
        [JsonPropertyName("bias")]
        public bool? Bias { get; init; }

        /// <summary><c>relu</c>, <c>relu6</c>, <c>gelu</c>, <c>silu</c>, or null.</summary>
        [JsonPropertyName("activation")]
        public string? Activation { get; init; }

        /// <summary>Eval-mode batch norm, or null.</summary>
        [JsonPropertyName("batch_norm")]
        public GoldenBatchNorm? BatchNorm { get; init; }

        /// <summary>Pooling ceil mode.</summary>
        [JsonPropertyName("ceil_mode")]
        public bool? CeilMode { get; init; }

        /// <summary>Average pooling's count_include_pad.</summary>
        [JsonPropertyName("count_include_pad")]
        public bool? CountIncludePad { get; init; }

        /// <summary>Adaptive pooling's resolved output size per axis.</summary>
        [JsonPropertyName("output_size")]
        public int[]? OutputSize { get; init; }
    }

    /// <summary>cases.json <c>params.batch_norm</c>.</summary>
    public sealed class GoldenBatchNorm
    {
        /// <summary>Epsilon.</summary>
        [JsonPropertyName("eps")]
        public double Eps { get; init; }
    }

    /// <summary>cases.json <c>tolerance</c>.</summary>
    public sealed class GoldenTolerance
    {
        /// <summary><c>float32_accumulation</c> or <c>exact</c>.</summary>
        [JsonPropertyName("kind")]
        public string? Kind { get; init; }

        /// <summary>The reduction length R of the tolerance formula.</summary>
        [JsonPropertyName("R")]
        public double R { get; init; }

        /// <summary>The scale of the tolerance formula.</summary>
        [JsonPropertyName("scale")]
        public double Scale { get; init; }

        /// <summary>Absolute tolerance for direct algorithms.</summary>
        [JsonPropertyName("atol")]
        public double Atol { get; init; }

        /// <summary>Absolute tolerance for Winograd/FFT-style algorithms.</summary>
        [JsonPropertyName("atol_winograd")]
        public double AtolWinograd { get; init; }

        /// <summary><c>atol / output_max_abs</c>.</summary>
        [JsonPropertyName("rtol_vs_max")]
        public double RtolVsMax { get; init; }

        /// <summary><c>atol_winograd / output_max_abs</c>.</summary>
        [JsonPropertyName("rtol_vs_max_winograd")]
        public double RtolVsMaxWinograd { get; init; }

        /// <summary>What PyTorch's own float32 CPU kernels achieved.</summary>
        [JsonPropertyName("torch_f32_max_abs_err")]
        public double TorchF32MaxAbsErr { get; init; }
    }

    internal sealed class GoldenCaseJson
    {
        [JsonPropertyName("name")]
        public string Name { get; init; } = "";

        [JsonPropertyName("op")]
        public string Op { get; init; } = "";

        [JsonPropertyName("tags")]
        public List<string>? Tags { get; init; }

        [JsonPropertyName("seed")]
        public long Seed { get; init; }

        [JsonPropertyName("params")]
        public GoldenParams Params { get; init; } = new GoldenParams();

        [JsonPropertyName("shapes")]
        public Dictionary<string, int[]>? Shapes { get; init; }

        [JsonPropertyName("files")]
        public Dictionary<string, string>? Files { get; init; }

        [JsonPropertyName("output_max_abs")]
        public double OutputMaxAbs { get; init; }

        [JsonPropertyName("tolerance")]
        public GoldenTolerance Tolerance { get; init; } = new GoldenTolerance();
    }

    internal sealed class GoldenFileJson
    {
        [JsonPropertyName("format_version")]
        public int FormatVersion { get; init; }

        [JsonPropertyName("num_cases")]
        public int NumCases { get; init; }

        [JsonPropertyName("cases")]
        public List<GoldenCaseJson>? Cases { get; init; }
    }
}
