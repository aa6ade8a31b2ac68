namespace ConvGen.Generators.Tests
{
    /// <summary>Representative declarations, one per layer kind and per code path; shared by snapshot and end-to-end tests.</summary>
    public static class Declarations
    {
        private const string Conv = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output)";
        private const string ConvBias = "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)";
        private const string Pool = "(ReadOnlySpan<float> input, Span<float> output)";

        /// <summary>(name, attribute, parameter list). Names are used as method names and snapshot names.</summary>
        public static readonly (string Name, string Attribute, string Parameters)[] All =
        {
            ("Conv1D_Causal_Dilated", "Conv1D(InChannels = 4, OutChannels = 6, Length = 19, Kernel = 3, Dilation = 4, PaddingKind = PaddingKind.Causal, Bias = true)", ConvBias),
            ("Conv2D_Reflect_Stride2_Relu", "Conv2D(InChannels = 3, OutChannels = 5, Height = 11, Width = 9, Kernel = 3, Stride = 2, Padding = 1, PaddingMode = PaddingMode.Reflect, Bias = true, Activation = Activation.Relu)", ConvBias),
            ("Conv2D_Depthwise_BatchNorm_Residual_Silu", "Conv2D(InChannels = 6, DepthwiseMultiplier = 2, Height = 7, Width = 8, Kernel = 3, Padding = 1, BatchNorm = true, BatchNormEpsilon = 0.001, Residual = true, Activation = Activation.Silu)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_Circular_Dilated_Asymmetric", "Conv2D(InChannels = 2, OutChannels = 3, Height = 9, Width = 10, KernelH = 3, KernelW = 2, DilationW = 2, PadTop = 2, PadBottom = 0, PadLeft = 1, PadRight = 2, PaddingMode = PaddingMode.Circular, Activation = Activation.LeakyRelu, ActivationAlpha = 0.2)", Conv),
            ("Conv2D_Replicate_Gelu", "Conv2D(InChannels = 3, OutChannels = 4, Height = 6, Width = 7, Kernel = 5, PaddingKind = PaddingKind.Same, PaddingMode = PaddingMode.Replicate, Bias = true, Activation = Activation.Gelu)", ConvBias),
            ("Conv2D_Large_Window_9x9", "Conv2D(InChannels = 2, OutChannels = 3, Height = 20, Width = 21, Kernel = 9, Padding = 4, Bias = true, Activation = Activation.Tanh)", ConvBias),
            ("Conv2D_Nhwc_DynamicBatch", "Conv2D(InChannels = 3, OutChannels = 4, Height = 7, Width = 6, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc, DynamicBatch = true, Bias = true, Activation = Activation.Sigmoid)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int batch)"),
            ("Conv3D_Grouped_Reflect", "Conv3D(InChannels = 4, OutChannels = 6, Groups = 2, Depth = 5, Height = 6, Width = 7, Kernel = 3, StrideD = 2, Padding = 1, PaddingMode = PaddingMode.Reflect, Bias = true, Activation = Activation.Relu6)", ConvBias),
            ("Conv2D_Vector_Tiles_Bias_Relu", "Conv2D(InChannels = 5, OutChannels = 19, Height = 9, Width = 45, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu)", ConvBias),
            ("Conv2D_Vector_Stride2_Dilated", "Conv2D(InChannels = 3, OutChannels = 10, Height = 12, Width = 70, Kernel = 3, Stride = 2, DilationW = 2, Padding = 2, PaddingMode = PaddingMode.Reflect)", Conv),
            ("Conv2D_Pointwise_BatchNorm_Gelu", "Conv2D(InChannels = 7, OutChannels = 9, Height = 6, Width = 10, Kernel = 1, BatchNorm = true, Activation = Activation.Gelu)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, Span<float> output)"),
            ("Conv2D_Vector_Depthwise_Residual_Leaky", "Conv2D(InChannels = 6, OutChannels = 6, Groups = 6, Height = 7, Width = 33, Kernel = 5, Padding = 2, PaddingMode = PaddingMode.Replicate, Residual = true, Activation = Activation.LeakyRelu, ActivationAlpha = 0.1)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv3D_Vector_Relu6", "Conv3D(InChannels = 2, OutChannels = 3, Depth = 4, Height = 5, Width = 20, Kernel = 3, Padding = 1, Activation = Activation.Relu6)", Conv),
            ("Conv2D_Threaded_DynamicBatch", "Conv2D(InChannels = 16, OutChannels = 24, Height = 20, Width = 64, Kernel = 3, Padding = 1, Bias = true, DynamicBatch = true, Algorithm = ConvAlgorithm.Direct)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int batch)"),
            ("Conv1D_Pointwise_Long", "Conv1D(InChannels = 32, OutChannels = 20, Length = 6000, Kernel = 1, Activation = Activation.Relu)", Conv),
            ("Conv2D_Plane_7x7_Bias_Relu", "Conv2D(InChannels = 16, OutChannels = 20, Height = 7, Width = 7, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu)", ConvBias),
            ("Conv2D_Plane_14x14_Dilated_BatchNorm_Residual", "Conv2D(InChannels = 6, OutChannels = 9, Height = 14, Width = 14, Kernel = 3, Dilation = 2, Padding = 2, BatchNorm = true, Residual = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_Stride2_Zero_Borders", "Conv2D(InChannels = 4, OutChannels = 6, Height = 9, Width = 70, Kernel = 3, Stride = 2, Padding = 1, Bias = true)", ConvBias),
            ("Conv2D_Depthwise7x7_Zero_Borders", "Conv2D(InChannels = 3, OutChannels = 3, Groups = 3, Height = 5, Width = 40, Kernel = 7, Padding = 3, Activation = Activation.Silu)", Conv),
            ("Conv1D_Long_Kernel_80", "Conv1D(InChannels = 2, OutChannels = 2, Length = 200, Kernel = 80, Stride = 3, Padding = 7)", Conv),
            ("ConvTranspose2D_Groups_OutputPadding", "ConvTranspose2D(InChannels = 4, OutChannels = 6, Groups = 2, Height = 5, Width = 6, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1, Bias = true)", ConvBias),
            ("ConvTranspose1D_Dilated_Asymmetric", "ConvTranspose1D(InChannels = 3, OutChannels = 2, Length = 9, Kernel = 4, Stride = 3, Dilation = 2, PadLeft = 2, PadRight = 1, OutputPadding = 1)", Conv),
            ("Conv2D_Depthwise_Rows_Bias_Relu", "Conv2D(InChannels = 5, OutChannels = 5, Groups = 5, Height = 11, Width = 37, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu)", ConvBias),
            ("Conv2D_Depthwise_Rows_Dilated_Multiplier", "Conv2D(InChannels = 4, DepthwiseMultiplier = 2, Height = 9, Width = 20, Kernel = 3, Dilation = 2, Padding = 2)", Conv),
            ("Conv2D_Clipped_Tile_Residual_Gelu", "Conv2D(InChannels = 6, OutChannels = 5, Height = 7, Width = 41, Kernel = 3, Stride = 2, Padding = 1, Residual = true, Activation = Activation.Gelu)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_Clipped_Stride2_BatchNorm_Residual", "Conv2D(InChannels = 8, OutChannels = 4, Height = 13, Width = 50, Kernel = 3, Stride = 2, Padding = 1, BatchNorm = true, Residual = true, Activation = Activation.Relu6)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_Winograd_Remainders_Bias_Relu", "Conv2D(InChannels = 19, OutChannels = 29, Height = 23, Width = 26, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu)", ConvBias),
            ("Conv2D_Winograd_Forced_Reflect_BatchNorm_Residual_Gelu", "Conv2D(InChannels = 5, OutChannels = 7, Height = 9, Width = 11, Kernel = 3, PaddingKind = PaddingKind.Same, PaddingMode = PaddingMode.Reflect, BatchNorm = true, Residual = true, Activation = Activation.Gelu, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_Winograd_Valid_DynamicBatch", "Conv2D(InChannels = 16, OutChannels = 16, Height = 30, Width = 34, Kernel = 3, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, int batch)"),
            ("Conv2D_Winograd_Staged_Parts_Residual_DynamicBatch", "Conv2D(InChannels = 20, OutChannels = 150, Height = 13, Width = 14, Kernel = 3, Padding = 1, Bias = true, Residual = true, Activation = Activation.Relu, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            ("Conv2D_Winograd_Staged_Block32_Replicate_BatchNorm", "Conv2D(InChannels = 9, OutChannels = 130, Height = 20, Width = 19, Kernel = 3, PaddingKind = PaddingKind.Same, PaddingMode = PaddingMode.Replicate, BatchNorm = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, Span<float> output)"),
            // A fixed batch counts towards the items: 4 items of one block each need no channel parts (unstaged); 2 still do.
            ("Conv2D_Winograd_Batch4_Unstaged_Bias_Relu", "Conv2D(InChannels = 20, OutChannels = 150, Height = 13, Width = 14, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu, Batch = 4, Algorithm = ConvAlgorithm.Winograd)", ConvBias),
            ("Conv2D_Winograd_Batch2_Staged_Parts", "Conv2D(InChannels = 20, OutChannels = 150, Height = 13, Width = 14, Kernel = 3, Padding = 1, Batch = 2, Algorithm = ConvAlgorithm.Winograd)", Conv),
            // Winograd with output channels on the lanes (maps of at most 12 tiles): parts with a one-vector remainder (272 = 2 x 128 + 16), staged.
            ("Conv2D_Winograd_Lanes_7x7_Parts_Bias_Relu", "Conv2D(InChannels = 20, OutChannels = 272, Height = 7, Width = 7, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd)", ConvBias),
            // 6 tiles (groups of 4 and 2), 48 channels (no full 64-channel chunk), unstaged, 256-bit input stage on both paths.
            ("Conv2D_Winograd_Lanes_Groups_Replicate_BatchNorm_Residual_Leaky_DynamicBatch", "Conv2D(InChannels = 9, OutChannels = 48, Height = 11, Width = 6, Kernel = 3, PaddingKind = PaddingKind.Same, PaddingMode = PaddingMode.Replicate, BatchNorm = true, Residual = true, Activation = Activation.LeakyRelu, ActivationAlpha = 0.1, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            // 9 tiles (groups 4 and 5: 8 + 1 split so no group has fewer than 4 tiles): the 512-bit input stage; circular padding; batch 2.
            ("Conv2D_Winograd_Lanes_9Tiles_Circular_Batch2", "Conv2D(InChannels = 16, OutChannels = 80, Height = 12, Width = 12, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Circular, Batch = 2, Algorithm = ConvAlgorithm.Winograd)", Conv),
            // 11 tiles in a row (512-bit groups 4 and 7, 256-bit 6 and 5), 48 channels (a 32-channel chunk and a one-vector remainder), reflect padding, bias, relu.
            ("Conv2D_Winograd_Lanes_11Tiles_Reflect_Bias_Relu", "Conv2D(InChannels = 24, OutChannels = 48, Height = 4, Width = 44, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Reflect, Bias = true, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd)", ConvBias),
            // Images sharing a lane-GEMM item (WinogradTiling.GemmImages): batch 3 of 6 tiles each in one item of all channels
            // (tile groups 4 + 2), packed weights, bias, residual, relu.
            ("Conv2D_Winograd_Lanes_Images_Batch3_Packed_Bias_Residual", "Conv2D(InChannels = 32, OutChannels = 64, Height = 7, Width = 9, Kernel = 3, Padding = 1, Bias = true, Residual = true, Activation = Activation.Relu, Batch = 3, PackedWeights = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output)"),
            // The 4 dilation phases of 8x6 (4 tiles each) of one item share an item, in 2 parts (128 + 16 channels: the 512-bit
            // GEMM's one-vector remainder); batch norm, residual, relu6, dynamic batch.
            ("Conv2D_Winograd_Lanes_Images_Dilation_Phases_BatchNorm_Residual_DynamicBatch", "Conv2D(InChannels = 24, OutChannels = 144, Height = 16, Width = 12, Kernel = 3, Dilation = 2, Padding = 2, BatchNorm = true, Residual = true, Activation = Activation.Relu6, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            // Dilated 3x3 layers as their dilation phases (each phase an undilated convolution, Winograd on the batch of phases):
            // forced, 2x2 phases of 10x14 (tile lanes, the last block partly empty), bias and relu.
            ("Conv2D_Winograd_Dilation_Phases_Forced_Bias_Relu", "Conv2D(InChannels = 19, OutChannels = 29, Height = 20, Width = 28, Kernel = 3, Dilation = 2, Padding = 2, Bias = true, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd)", ConvBias),
            // Dilation 3 (9 phases of 6x7), asymmetric padding (3 before, 6 after: outputs 21x24), batch norm, residual (split like the input), dynamic batch.
            ("Conv2D_Winograd_Dilation3_Phases_Asymmetric_BatchNorm_Residual_DynamicBatch", "Conv2D(InChannels = 16, OutChannels = 20, Height = 18, Width = 21, Kernel = 3, Dilation = 3, PadTop = 3, PadBottom = 6, PadLeft = 3, PadRight = 6, BatchNorm = true, Residual = true, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            // Auto takes the phases: DeepLab-like 128 -> 128 at 28x28, dilation 2, packed weights, batch 2 (8 phase images), F(2x2,3x3) forced on another.
            ("Conv2D_Winograd_Dilation_Phases_Auto_Packed_Batch2", "Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, Kernel = 3, Dilation = 2, Padding = 2, Bias = true, Batch = 2, PackedWeights = true)", ConvBias),
            ("Conv2D_WinogradF2x2_Dilation_Phases_Leaky", "Conv2D(InChannels = 16, OutChannels = 18, Height = 12, Width = 16, Kernel = 3, Dilation = 2, Padding = 2, Activation = Activation.LeakyRelu, ActivationAlpha = 0.1, Algorithm = ConvAlgorithm.WinogradF2x2)", Conv),
            // 1-D, odd dilations (even ones run as dilation lanes): dilation 3 (3 phases of 341, F(4,3)), Auto with packed weights and
            // bias; causal dilation 3 forced, residual, relu.
            ("Conv1D_Winograd_Dilation_Phases_Auto_Packed_Bias", "Conv1D(InChannels = 64, OutChannels = 72, Length = 1023, Kernel = 3, Dilation = 3, Padding = 3, Bias = true, PackedWeights = true)", ConvBias),
            ("Conv1D_Winograd_Dilation_Phases_Causal_Residual_Relu", "Conv1D(InChannels = 12, OutChannels = 20, Length = 90, Kernel = 3, Dilation = 3, PaddingKind = PaddingKind.Causal, Residual = true, Activation = Activation.Relu, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // 1-D dilated by a multiple of 8: F(4,3) on the dilated layer itself (dilation lanes: a vector's tiles are consecutive
            // outputs, each tile's outputs d apart), no phases. WaveNet-like dilation 8, Auto, packed, bias, 1003 outputs (the last
            // step of 32 outputs holds 11: clipped runs); the 512-bit vectors are two 8-tile halves in different steps.
            ("Conv1D_Winograd_Dilation_Lanes_Auto_Packed_Bias", "Conv1D(InChannels = 64, OutChannels = 64, Length = 1003, Kernel = 3, Dilation = 8, Padding = 8, Bias = true, PackedWeights = true)", ConvBias),
            // Zero padding that is not a multiple of the dilation (5 before, 12 after: the phases could not run it), residual,
            // leaky relu, batch 2, 24 tiles in one block.
            ("Conv1D_Winograd_Dilation_Lanes_Forced_Pad5_Residual_Leaky_Batch2", "Conv1D(InChannels = 8, OutChannels = 10, Length = 77, Kernel = 3, Dilation = 8, PadLeft = 5, PadRight = 12, Residual = true, Activation = Activation.LeakyRelu, ActivationAlpha = 0.1, Batch = 2, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // Reflect padding (gathers through the padding mode), asymmetric, dilation 16 (whole 512-bit vectors), gelu (scalar
            // activation), residual.
            ("Conv1D_Winograd_Dilation_Lanes_Forced_Reflect_Asymmetric_Residual_Gelu", "Conv1D(InChannels = 12, OutChannels = 20, Length = 203, Kernel = 3, Dilation = 16, PadLeft = 5, PadRight = 30, PaddingMode = PaddingMode.Reflect, Residual = true, Activation = Activation.Gelu, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // Dilation 4 mod 8: runs of 4 consecutive tiles (two 128-bit loads and stores per 256 bits, four per 512). WaveNet-like
            // dilation 4, Auto, packed, 1021 outputs (clipped runs); dilation 12 forced with asymmetric zero padding, residual,
            // gelu (the scalar activation's per-run loops), batch 2; dilation 4 with replicate padding (gathers), relu6.
            ("Conv1D_Winograd_Dilation4_Lanes_Auto_Packed_Bias", "Conv1D(InChannels = 64, OutChannels = 72, Length = 1021, Kernel = 3, Dilation = 4, Padding = 4, Bias = true, PackedWeights = true)", ConvBias),
            ("Conv1D_Winograd_Dilation12_Lanes_Forced_Pad7_Residual_Gelu_Batch2", "Conv1D(InChannels = 10, OutChannels = 14, Length = 130, Kernel = 3, Dilation = 12, PadLeft = 7, PadRight = 20, Residual = true, Activation = Activation.Gelu, Batch = 2, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // Dilation 2 mod 4: runs of 2 (64-bit pieces). WaveNet-like dilation 2, Auto, packed, 1022 outputs (its six points from
            // five loads, VectorLoads.DilatedPairs256); dilation 6 forced, causal, batch norm, silu (scalar per-run loops), dynamic batch.
            ("Conv1D_Winograd_Dilation2_Lanes_Auto_Packed_Bias", "Conv1D(InChannels = 64, OutChannels = 64, Length = 1022, Kernel = 3, Dilation = 2, Padding = 2, Bias = true, PackedWeights = true)", ConvBias),
            ("Conv1D_Winograd_Dilation6_Lanes_Causal_BatchNorm_Silu_DynamicBatch", "Conv1D(InChannels = 9, OutChannels = 13, Length = 77, Kernel = 3, Dilation = 6, PaddingKind = PaddingKind.Causal, BatchNorm = true, Activation = Activation.Silu, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, Span<float> output, int batch)"),
            ("Conv1D_Winograd_Dilation4_Lanes_Replicate_Relu6", "Conv1D(InChannels = 8, OutChannels = 12, Length = 67, Kernel = 3, Dilation = 4, Padding = 4, PaddingMode = PaddingMode.Replicate, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.Winograd)", Conv),
            // Causal dilation 24 (512-bit halves), batch norm, relu6, dynamic batch; and channels last through the NCHW kernel.
            ("Conv1D_Winograd_Dilation_Lanes_Causal_BatchNorm_Relu6_DynamicBatch", "Conv1D(InChannels = 16, OutChannels = 24, Length = 150, Kernel = 3, Dilation = 24, PaddingKind = PaddingKind.Causal, BatchNorm = true, Activation = Activation.Relu6, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, Span<float> output, int batch)"),
            ("Conv1D_Winograd_Dilation_Lanes_Nhwc_Bridge", "Conv1D(InChannels = 16, OutChannels = 20, Length = 70, Kernel = 3, Dilation = 8, Padding = 8, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.Winograd)", Conv),
            // Channels last on the dilation phases: the NHWC input split straight into the NCHW phase images, the phase outputs
            // merged straight back (DilationPhases.SplitChannelsLast / MergeChannelsLast). DeepLab-like, Auto, packed, batch 2;
            // dilation 3 with asymmetric padding, 20 cells per row, residual split like the input, batch norm, dynamic batch;
            // 1-D causal dilation 3 (NLC), residual, relu.
            ("Conv2D_Winograd_Dilation_Phases_Nhwc_Auto_Packed_Batch2", "Conv2D(InChannels = 128, OutChannels = 128, Height = 28, Width = 28, Kernel = 3, Dilation = 2, Padding = 2, Bias = true, Batch = 2, PackedWeights = true, Layout = TensorLayout.Nhwc)", ConvBias),
            ("Conv2D_Winograd_Dilation3_Phases_Nhwc_Asymmetric_BatchNorm_Residual_DynamicBatch", "Conv2D(InChannels = 20, OutChannels = 36, Height = 18, Width = 60, Kernel = 3, Dilation = 3, PadTop = 3, PadBottom = 6, PadLeft = 3, PadRight = 6, BatchNorm = true, Residual = true, DynamicBatch = true, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            ("Conv1D_Winograd_Dilation_Phases_Nhwc_Causal_Residual_Relu", "Conv1D(InChannels = 12, OutChannels = 20, Length = 90, Kernel = 3, Dilation = 3, PaddingKind = PaddingKind.Causal, Residual = true, Activation = Activation.Relu, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // Auto takes the lane GEMM: 256 -> 256 on 7x7 with packed weights (ResNet-like stage 4 at half width).
            ("Conv2D_Winograd_Lanes_Auto_Packed_256", "Conv2D(InChannels = 256, OutChannels = 256, Height = 7, Width = 7, Kernel = 3, Padding = 1, Bias = true, PackedWeights = true)", ConvBias),
            // 16 tiles (13x13, clipped) with 264 -> 256 channels: the NCHW lane GEMM over four full tile groups, packed, residual
            // (264 input channels keep it in NCHW: the channels-last form takes multiples of 16).
            ("Conv2D_Winograd_Lanes_16Tiles_Auto_Packed_Residual_Relu", "Conv2D(InChannels = 264, OutChannels = 256, Height = 13, Width = 13, Kernel = 3, Padding = 1, Residual = true, Activation = Activation.Relu, PackedWeights = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // 42 tiles in two blocks of 32 (the second ends with a group of 2), 136 -> 144 channels in parts of 128 and 16: lanes are channels, Auto (136 input channels keep it in NCHW: the channels-last form takes multiples of 16).
            ("Conv2D_Winograd_Lanes_Two_Blocks_Auto_Packed_Bias", "Conv2D(InChannels = 136, OutChannels = 144, Height = 21, Width = 28, Kernel = 3, Padding = 1, Bias = true, PackedWeights = true)", ConvBias),
            // Wide maps: whole vectors of tiles in one tile row go from registers straight to the output (F(4x4,3x3): 18 tiles per row on a 70-wide map,
            // so 16-tile runs on 512-bit and 8-tile ones on 256-bit, others through the row buffer; the last tile row clipped), residual, batch norm, leaky relu.
            ("Conv2D_Winograd_Wide_Full_Runs_BatchNorm_Residual_Leaky", "Conv2D(InChannels = 12, OutChannels = 20, Height = 10, Width = 70, Kernel = 3, Padding = 1, BatchNorm = true, Residual = true, Activation = Activation.LeakyRelu, ActivationAlpha = 0.2, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            // F(2x2,3x3) on a 41-wide map (21 tiles per row: full 16-tile runs and a clipped last column), bias, relu6.
            ("Conv2D_WinogradF2x2_Wide_Full_Runs_Bias_Relu6", "Conv2D(InChannels = 10, OutChannels = 18, Height = 9, Width = 41, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.WinogradF2x2)", ConvBias),
            // Winograd F(2x2,3x3). Auto takes it on ResNet's 7x7 512 -> 512 layer (F(4x4,3x3)'s 36 MiB of transformed weights would not stay in the caches; F(2x2,3x3)'s are 16 MiB): 16 tiles, lane GEMM, staged parts.
            ("Conv2D_WinogradF2x2_Auto_7x7_512_Packed_Bias", "Conv2D(InChannels = 512, OutChannels = 512, Height = 7, Width = 7, Kernel = 3, Padding = 1, Bias = true, PackedWeights = true)", ConvBias),
            // Forced, lane GEMM (output channels a multiple of 16, at most 12 tiles): 12 tiles of a 5x7 map (the last row and column clipped) in groups of 4, 3 channel vectors (48: no full 64-channel chunk), relu.
            ("Conv2D_WinogradF2x2_Lanes_5x7_Bias_Relu", "Conv2D(InChannels = 24, OutChannels = 48, Height = 5, Width = 7, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu, Algorithm = ConvAlgorithm.WinogradF2x2)", ConvBias),
            // Forced, lane GEMM over two blocks of 32 tiles (35 tiles of a 9x13 map: the second block holds 3, a group of 3), 136 -> 144 channels, NCHW (two 64-channel chunks and a one-vector remainder), circular padding, batch 2.
            ("Conv2D_WinogradF2x2_Lanes_Blocks_Circular_Batch2", "Conv2D(InChannels = 136, OutChannels = 144, Height = 9, Width = 13, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Circular, Batch = 2, Algorithm = ConvAlgorithm.WinogradF2x2)", Conv),
            // Forced, tiles on the lanes (30 output channels, not a multiple of 16): zero padding with wide tile rows (the gathering input stage, not F(4x4,3x3)'s row loads), batch 2; 49 tiles in two blocks of 32.
            ("Conv2D_WinogradF2x2_TileLanes_Zeros_Bias_Batch2", "Conv2D(InChannels = 20, OutChannels = 30, Height = 13, Width = 14, Kernel = 3, Padding = 1, Bias = true, Batch = 2, Algorithm = ConvAlgorithm.WinogradF2x2)", ConvBias),
            // Forced, tiles on the lanes: reflect padding, same padding, batch norm, residual, gelu (scalar activation), dynamic batch; small map (one block of 16, staged parts of 24 + 16 channels).
            ("Conv2D_WinogradF2x2_TileLanes_Reflect_BatchNorm_Residual_Gelu_DynamicBatch", "Conv2D(InChannels = 7, OutChannels = 40, Height = 6, Width = 5, Kernel = 3, PaddingKind = PaddingKind.Same, PaddingMode = PaddingMode.Reflect, BatchNorm = true, Residual = true, Activation = Activation.Gelu, DynamicBatch = true, Algorithm = ConvAlgorithm.WinogradF2x2)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            ("Conv1D_Winograd_Auto_Remainders_Bias_Relu", "Conv1D(InChannels = 64, OutChannels = 70, Length = 333, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu)", ConvBias),
            ("Conv1D_Winograd_Forced_Reflect_BatchNorm_Residual_Gelu", "Conv1D(InChannels = 5, OutChannels = 7, Length = 23, Kernel = 3, PaddingKind = PaddingKind.Same, PaddingMode = PaddingMode.Reflect, BatchNorm = true, Residual = true, Activation = Activation.Gelu, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv1D_Winograd_Causal_Residual_LeakyRelu_DynamicBatch", "Conv1D(InChannels = 16, OutChannels = 40, Length = 130, Kernel = 3, PaddingKind = PaddingKind.Causal, Residual = true, Activation = Activation.LeakyRelu, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            ("Conv1D_Winograd_Circular_Batch2", "Conv1D(InChannels = 24, OutChannels = 17, Length = 70, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Circular, Batch = 2, Algorithm = ConvAlgorithm.Winograd)", Conv),
            ("Conv2D_Depthwise_Clipped_Rows_14x14_Residual_Relu6", "Conv2D(InChannels = 12, OutChannels = 12, Groups = 12, Height = 14, Width = 14, Kernel = 3, Padding = 1, Bias = true, Residual = true, Activation = Activation.Relu6)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_Depthwise_Row_Tiles_20_Dilated_BatchNorm_Residual_Gelu", "Conv2D(InChannels = 7, OutChannels = 7, Groups = 7, Height = 13, Width = 20, Kernel = 3, Dilation = 2, Padding = 2, BatchNorm = true, Residual = true, Activation = Activation.Gelu)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_Depthwise_Overlapped_Row_Tile_Valid_13_Bias", "Conv2D(InChannels = 5, OutChannels = 5, Groups = 5, Height = 17, Width = 15, Kernel = 3, Bias = true)", ConvBias),
            ("Conv2D_Depthwise_Narrower_Last_Tile_Valid_Residual", "Conv2D(InChannels = 4, OutChannels = 4, Groups = 4, Height = 10, Width = 42, Kernel = 3, Residual = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_Depthwise_Clipped_Rows_7x7_Gelu", "Conv2D(InChannels = 5, OutChannels = 5, Groups = 5, Height = 7, Width = 7, Kernel = 3, Padding = 1, Activation = Activation.Gelu)", Conv),
            ("Conv2D_Depthwise_Strided_Rows_Clipped_Bias_Relu6", "Conv2D(InChannels = 6, OutChannels = 6, Groups = 6, Height = 21, Width = 45, Kernel = 3, Stride = 2, Padding = 1, Bias = true, Activation = Activation.Relu6)", ConvBias),
            ("Conv2D_Depthwise_Strided_Rows_Valid_Multiplier_Residual_Gelu", "Conv2D(InChannels = 3, DepthwiseMultiplier = 2, Height = 12, Width = 70, Kernel = 3, StrideH = 1, StrideW = 2, Residual = true, Activation = Activation.Gelu)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // 256-bit column tiles fixed at generate time: a row narrower than a vector with a 5-wide kernel (one clipped tile,
            // constant masks), and stride-2 column pairs with a dilation of 3 (taps on both parities), asymmetric padding and
            // a row tall enough for several row groups.
            ("Conv2D_Depthwise_Column_Tiles_Narrow_5x5", "Conv2D(InChannels = 3, OutChannels = 3, Groups = 3, Height = 9, Width = 6, Kernel = 5, Padding = 2, Bias = true)", ConvBias),
            ("Conv2D_Depthwise_Strided_Column_Pairs_Dilated_Asymmetric", "Conv2D(InChannels = 4, OutChannels = 4, Groups = 4, Height = 29, Width = 75, KernelH = 3, KernelW = 5, Stride = 2, DilationW = 3, PadTop = 1, PadBottom = 2, PadLeft = 5, PadRight = 3, Activation = Activation.Relu)", Conv),
            ("Conv2D_Depthwise_Strided_Rows_Pad2_BatchNorm", "Conv2D(InChannels = 4, OutChannels = 4, Groups = 4, Height = 9, Width = 120, Kernel = 3, Stride = 2, Padding = 2, BatchNorm = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, Span<float> output)"),
            // Stride-2 column tiles whose row (56, 40 outputs) is whole vectors but not whole tiles: the last tile narrower, at its
            // own columns (2 rows x 4 vectors, then 3 vectors; then 1), not a full tile overlapping the one before.
            ("Conv2D_Depthwise_Strided_Narrower_Last_Tile_Bias", "Conv2D(InChannels = 3, OutChannels = 3, Groups = 3, Height = 13, Width = 112, Kernel = 3, Stride = 2, Padding = 1, Bias = true)", ConvBias),
            ("Conv2D_Depthwise_Strided_Columns_Narrower_Last_Tile_Residual", "Conv2D(InChannels = 2, OutChannels = 2, Groups = 2, Height = 9, Width = 80, Kernel = 3, StrideH = 1, StrideW = 2, Padding = 1, Residual = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // A stem: 3 channels x 7x7 (147 taps, just above the channel-lane minimum), stride 2, 40 channels (a partial block), Auto.
            ("Conv2D_ChannelLanes_Stem_7x7_Stride2_Auto_Bias_Relu", "Conv2D(InChannels = 3, OutChannels = 40, Height = 30, Width = 37, Kernel = 7, Stride = 2, Padding = 3, Bias = true, Activation = Activation.Relu, PackedWeights = true)", ConvBias),
            ("Conv2D_ChannelLanes_Stride2_Remainders_Bias_Relu", "Conv2D(InChannels = 32, OutChannels = 90, Height = 15, Width = 29, Kernel = 3, Stride = 2, Padding = 1, Bias = true, Activation = Activation.Relu, PackedWeights = true)", ConvBias),
            ("Conv2D_ChannelLanes_Dilated_7x7_BatchNorm_Residual_Gelu_DynamicBatch", "Conv2D(InChannels = 40, OutChannels = 96, Height = 7, Width = 7, Kernel = 3, Padding = 2, Dilation = 2, BatchNorm = true, Residual = true, Activation = Activation.Gelu, DynamicBatch = true, PackedWeights = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            ("Conv2D_ChannelLanes_Forced_Stride3_Asymmetric", "Conv2D(InChannels = 3, OutChannels = 20, Height = 10, Width = 40, KernelH = 7, KernelW = 5, StrideH = 2, StrideW = 3, PadTop = 3, PadBottom = 1, PadLeft = 2, PadRight = 4, Algorithm = ConvAlgorithm.ChannelLanes)", Conv),
            ("Conv2D_ChannelLanes_Stride3_Auto_Leaky", "Conv2D(InChannels = 30, OutChannels = 64, Height = 12, Width = 50, Kernel = 3, Stride = 3, Padding = 1, Bias = true, Activation = Activation.LeakyRelu, ActivationAlpha = 0.05)", ConvBias),
            ("Conv2D_ChannelLanes_Pointwise_Padded_Stride2_Residual", "Conv2D(InChannels = 30, OutChannels = 70, Height = 6, Width = 9, Kernel = 1, Stride = 2, Padding = 1, Residual = true, Algorithm = ConvAlgorithm.ChannelLanes)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv3D_ChannelLanes_Auto_BatchNorm_Residual", "Conv3D(InChannels = 16, OutChannels = 64, Depth = 3, Height = 5, Width = 28, Kernel = 3, Padding = 1, BatchNorm = true, Residual = true, PackedWeights = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_ChannelLanes_Row_Groups_Large_Block_Bias_Residual", "Conv2D(InChannels = 310, OutChannels = 80, Height = 37, Width = 10, Kernel = 3, Dilation = 2, Padding = 2, Bias = true, Residual = true, PackedWeights = true, Algorithm = ConvAlgorithm.ChannelLanes)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv3D_ChannelLanes_Row_Groups_Large_Block_Relu", "Conv3D(InChannels = 100, OutChannels = 50, Depth = 3, Height = 21, Width = 9, Kernel = 3, Padding = 1, Activation = Activation.Relu, PackedWeights = true, Algorithm = ConvAlgorithm.ChannelLanes)", Conv),
            ("Conv3D_ChannelLanes_Forced_Strided_Dilated_Remainders", "Conv3D(InChannels = 5, OutChannels = 70, Depth = 7, Height = 6, Width = 13, KernelD = 3, KernelH = 1, KernelW = 3, StrideD = 2, StrideW = 2, DilationD = 2, Padding = 1, Bias = true, Activation = Activation.Relu, Algorithm = ConvAlgorithm.ChannelLanes)", ConvBias),
            ("Conv1D_ChannelLanes_Forced_Dilated_Stride2_Gelu", "Conv1D(InChannels = 6, OutChannels = 50, Length = 61, Kernel = 5, Stride = 2, Dilation = 3, Padding = 4, Bias = true, Activation = Activation.Gelu, Algorithm = ConvAlgorithm.ChannelLanes)", ConvBias),
            // Channels last (NHWC): channel lanes are the layout's vector kernel; the row buffer leaves as channel vectors, no transpose.
            ("Conv2D_ChannelLanes_Nhwc_Stride2_Remainders_BatchNorm_Residual_Relu", "Conv2D(InChannels = 10, OutChannels = 70, Height = 13, Width = 29, Kernel = 3, Stride = 2, Padding = 1, BatchNorm = true, Residual = true, Activation = Activation.Relu, Layout = TensorLayout.Nhwc, Batch = 2, PackedWeights = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_ChannelLanes_Nhwc_Stem_7x7_Bias_Sigmoid_DynamicBatch", "Conv2D(InChannels = 3, OutChannels = 40, Height = 19, Width = 23, Kernel = 7, Stride = 2, Padding = 3, Bias = true, Activation = Activation.Sigmoid, Layout = TensorLayout.Nhwc, DynamicBatch = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int batch)"),
            // The 256-bit tail tile (ChannelLaneTiling.TailTile256): a last block ending half way through a sub-block runs its
            // last 24 channels as 4 pixels x 3 vectors. One block of 24 (NHWC pointwise, MobileNetV2's projection; rows of
            // 13: a 1-pixel last tile); two blocks of 48 (88 channels: the last block's 40 end in the tail, the full one runs
            // its 2-vector tiles), NCHW 3x3 with borders, batch norm, residual; NHWC 3x3 with 200 input channels (sliced).
            ("Conv2D_ChannelLanes_Nhwc_Tail24_Pointwise_Bias_Relu6", "Conv2D(InChannels = 40, OutChannels = 24, Height = 9, Width = 13, Kernel = 1, Bias = true, Activation = Activation.Relu6, Layout = TensorLayout.Nhwc)", ConvBias),
            ("Conv2D_ChannelLanes_Tail40_Two_Blocks_BatchNorm_Residual_Relu", "Conv2D(InChannels = 24, OutChannels = 88, Height = 10, Width = 15, Kernel = 3, Padding = 1, BatchNorm = true, Residual = true, Activation = Activation.Relu, Algorithm = ConvAlgorithm.ChannelLanes)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_ChannelLanes_Nhwc_Tail24_Sliced_Bias_DynamicBatch", "Conv2D(InChannels = 200, OutChannels = 24, Height = 6, Width = 11, Kernel = 3, Padding = 1, Bias = true, Layout = TensorLayout.Nhwc, DynamicBatch = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int batch)"),
            ("Conv1D_ChannelLanes_Nhwc_Causal_Dilated_Bias_Gelu", "Conv1D(InChannels = 8, OutChannels = 20, Length = 45, Kernel = 3, Dilation = 2, PaddingKind = PaddingKind.Causal, Bias = true, Activation = Activation.Gelu, Layout = TensorLayout.Nhwc)", ConvBias),
            ("Conv3D_ChannelLanes_Nhwc_Bias_Silu", "Conv3D(InChannels = 4, OutChannels = 33, Depth = 4, Height = 5, Width = 9, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Silu, Layout = TensorLayout.Nhwc)", ConvBias),
            ("Conv2D_ChannelLanes_Nhwc_Forced_Few_Channels_Stride3", "Conv2D(InChannels = 3, OutChannels = 5, Height = 10, Width = 40, Kernel = 5, Stride = 3, Padding = 2, Bias = true, Activation = Activation.Relu6, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.ChannelLanes)", ConvBias),
            // Channels-last depthwise: channels on the lanes, every tap whole-vector input loads; remainders masked, every padding mode.
            ("Conv2D_DepthwiseChannelsLast_Bias_Relu6_Batch2", "Conv2D(InChannels = 40, OutChannels = 40, Groups = 40, Height = 9, Width = 23, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu6, Layout = TensorLayout.Nhwc, Batch = 2)", ConvBias),
            ("Conv2D_DepthwiseChannelsLast_Stride2_Reflect_BatchNorm_Residual_Gelu_DynamicBatch", "Conv2D(InChannels = 70, OutChannels = 70, Groups = 70, Height = 11, Width = 17, Kernel = 3, Stride = 2, Padding = 1, PaddingMode = PaddingMode.Reflect, BatchNorm = true, Residual = true, Activation = Activation.Gelu, Layout = TensorLayout.Nhwc, DynamicBatch = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            ("Conv1D_DepthwiseChannelsLast_Dilated_Circular_Bias_Silu", "Conv1D(InChannels = 24, OutChannels = 24, Groups = 24, Length = 50, Kernel = 5, Dilation = 2, Padding = 4, PaddingMode = PaddingMode.Circular, Bias = true, Activation = Activation.Silu, Layout = TensorLayout.Nhwc)", ConvBias),
            ("Conv3D_DepthwiseChannelsLast_Replicate_Relu", "Conv3D(InChannels = 16, OutChannels = 16, Groups = 16, Depth = 4, Height = 5, Width = 9, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Replicate, Activation = Activation.Relu, Layout = TensorLayout.Nhwc)", Conv),
            ("Conv2D_DepthwiseChannelsLast_7x7_Asymmetric_Residual_Leaky", "Conv2D(InChannels = 128, OutChannels = 128, Groups = 128, Height = 8, Width = 14, Kernel = 7, PadTop = 3, PadBottom = 2, PadLeft = 4, PadRight = 3, Residual = true, Activation = Activation.LeakyRelu, ActivationAlpha = 0.1, Layout = TensorLayout.Nhwc, PackedWeights = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // Chunks innermost with several chunks per item: 600 channels over 8 rows make 4 channel groups of 9-10 256-bit chunks
            // (2-3 of the 512-bit ones), the last chunk narrower (8 channels; 24 on 512-bit, its last vector masked) and the
            // batch-norm constants offset per chunk within the group's buffer.
            ("Conv2D_DepthwiseChannelsLast_Chunk_Groups_BatchNorm_Residual_Relu", "Conv2D(InChannels = 600, OutChannels = 600, Groups = 600, Height = 8, Width = 12, Kernel = 3, Padding = 1, BatchNorm = true, Residual = true, Activation = Activation.Relu, Layout = TensorLayout.Nhwc)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            // 2000 channels over 40 rows: the thread count asks for one channel group, the constants buffer (3 x 2000 floats,
            // over 4096) for two, each with its own bias range.
            ("Conv2D_DepthwiseChannelsLast_Wide_Channels_Bias_Relu", "Conv2D(InChannels = 2000, OutChannels = 2000, Groups = 2000, Height = 40, Width = 5, Kernel = 3, Padding = 1, Bias = true, Activation = Activation.Relu, Layout = TensorLayout.Nhwc)", ConvBias),
            // One group of all 7 chunks (35 output rows), 3x3/2, the last chunk 4 channels (masked), bias from the group's buffer.
            ("Conv2D_DepthwiseChannelsLast_Stride2_One_Group_Bias", "Conv2D(InChannels = 100, OutChannels = 100, Groups = 100, Height = 70, Width = 21, Kernel = 3, Stride = 2, Padding = 1, Bias = true, Layout = TensorLayout.Nhwc)", ConvBias),
            ("Conv2D_ChannelLanes_Nhwc_Pointwise_Residual_Leaky", "Conv2D(InChannels = 24, OutChannels = 64, Height = 7, Width = 10, Kernel = 1, Residual = true, Activation = Activation.LeakyRelu, ActivationAlpha = 0.1, Layout = TensorLayout.Nhwc, PackedWeights = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // Channels-last bridge: NHWC layers run their NCHW twin's vector kernel between transposes of input, residual and output.
            ("Conv2D_Bridge_Nhwc_Winograd_Residual_Relu_DynamicBatch", "Conv2D(InChannels = 20, OutChannels = 24, Height = 13, Width = 11, Kernel = 3, Padding = 1, Residual = true, Activation = Activation.Relu, Layout = TensorLayout.Nhwc, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            // Winograd in the channels-last layout (channels on the lanes in every stage, no bridge): two blocks (32 + 8 tiles)
            // through reflect padding; F(2x2,3x3) with two images per GEMM item (staged input in vector-aligned channel ranges),
            // batch norm, residual and leaky ReLU; channel parts over a map whose every tile touches zero padding, dynamic batch.
            ("Conv2D_Winograd_ChannelsLast_Reflect_Bias_Relu_Packed", "Conv2D(InChannels = 32, OutChannels = 48, Height = 19, Width = 30, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Reflect, Bias = true, Activation = Activation.Relu, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.Winograd, PackedWeights = true)", ConvBias),
            ("Conv2D_Winograd_ChannelsLast_F2x2_BatchNorm_Residual_Leaky_Batch2", "Conv2D(InChannels = 64, OutChannels = 32, Height = 9, Width = 11, Kernel = 3, Padding = 1, BatchNorm = true, Residual = true, Activation = Activation.LeakyRelu, ActivationAlpha = 0.1, Batch = 2, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.WinogradF2x2)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("Conv2D_Winograd_ChannelsLast_Parts_Zeros_DynamicBatch", "Conv2D(InChannels = 128, OutChannels = 128, Height = 7, Width = 9, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc, DynamicBatch = true, Algorithm = ConvAlgorithm.Winograd)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, int batch)"),
            // An NCHW layer on Winograd's channels-last form between transposes (the bridge the other way round), with a residual and a dynamic batch.
            ("Conv2D_Winograd_ChannelsFirst_Bridge_Residual_Relu6_DynamicBatch", "Conv2D(InChannels = 64, OutChannels = 80, Height = 30, Width = 26, Kernel = 3, Padding = 1, Residual = true, Activation = Activation.Relu6, DynamicBatch = true, PackedWeights = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            ("Conv2D_Bridge_Nhwc_WinogradF2x2_Packed_Bias", "Conv2D(InChannels = 17, OutChannels = 16, Height = 9, Width = 10, Kernel = 3, Padding = 1, Bias = true, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.WinogradF2x2, PackedWeights = true)", ConvBias),
            ("Conv2D_Bridge_Nhwc_Grouped_Bias_Batch2", "Conv2D(InChannels = 12, OutChannels = 18, Groups = 3, Height = 9, Width = 17, Kernel = 3, Padding = 1, Bias = true, Layout = TensorLayout.Nhwc, Batch = 2)", ConvBias),
            ("Conv2D_Bridge_Nhwc_Depthwise_Multiplier2_Reflect", "Conv2D(InChannels = 5, DepthwiseMultiplier = 2, Height = 8, Width = 19, Kernel = 3, Padding = 1, PaddingMode = PaddingMode.Reflect, Layout = TensorLayout.Nhwc)", Conv),
            ("ConvTranspose2D_Bridge_Nhwc_Stride2_Bias_Silu", "ConvTranspose2D(InChannels = 8, OutChannels = 6, Height = 7, Width = 9, Kernel = 4, Stride = 2, Padding = 1, Bias = true, Activation = Activation.Silu, Layout = TensorLayout.Nhwc)", ConvBias),
            ("Conv1D_Bridge_Nhwc_Winograd", "Conv1D(InChannels = 16, OutChannels = 20, Length = 41, Kernel = 3, Padding = 1, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.Winograd)", Conv),
            // 256-bit column tiles fixed at generate time: one phase (stride 1), dilated taps at four offsets, rows of 11
            // (two 8-lane vectors per tile: the second partly and, for some taps, wholly outside the row).
            ("ConvTranspose2D_Vector_Stride1_Dilated_Narrow", "ConvTranspose2D(InChannels = 5, OutChannels = 7, Height = 6, Width = 11, Kernel = 3, Dilation = 3, Padding = 2, Bias = true)", ConvBias),
            ("ConvTranspose2D_Vector_Stride2_Remainders", "ConvTranspose2D(InChannels = 20, OutChannels = 13, Height = 5, Width = 120, Kernel = 4, Stride = 2, Padding = 1, Bias = true, Activation = Activation.Relu)", ConvBias),
            ("ConvTranspose1D_Vector_Stride1_BatchNorm_Residual_Gelu", "ConvTranspose1D(InChannels = 5, OutChannels = 7, Length = 50, Kernel = 5, Padding = 2, BatchNorm = true, Residual = true, Activation = Activation.Gelu)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("ConvTranspose3D_Vector_Dilated_DynamicBatch", "ConvTranspose3D(InChannels = 3, OutChannels = 4, Depth = 3, Height = 4, Width = 19, Kernel = 3, Stride = 2, Dilation = 2, Padding = 1, OutputPadding = 1, DynamicBatch = true, Bias = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int batch)"),
            ("ConvTranspose2D_Forced_Scatter", "ConvTranspose2D(InChannels = 3, OutChannels = 2, Height = 5, Width = 6, Kernel = 3, Stride = 2, Bias = true, Algorithm = ConvAlgorithm.Scatter)", ConvBias),
            ("ConvTranspose3D_Large_Window", "ConvTranspose3D(InChannels = 2, OutChannels = 2, Depth = 3, Height = 4, Width = 4, Kernel = 5, Stride = 2, Padding = 2, Activation = Activation.Relu)", Conv),
            // Pointwise channel-lane layers whose block weights outgrow L1: the plane walked in rows its tiles split best
            // (ChannelLaneTiling.View): 2-D NCHW, NHWC with a residual and a batch given at call time, 1-D regrouped into rows.
            ("Conv2D_ChannelLanes_Pointwise_View_Bias_Relu", "Conv2D(InChannels = 200, OutChannels = 70, Height = 6, Width = 10, Kernel = 1, Bias = true, Activation = Activation.Relu, PackedWeights = true, Algorithm = ConvAlgorithm.ChannelLanes)", ConvBias),
            ("Conv2D_ChannelLanes_Pointwise_View_Nhwc_Residual_DynamicBatch", "Conv2D(InChannels = 200, OutChannels = 40, Height = 5, Width = 12, Kernel = 1, Residual = true, Layout = TensorLayout.Nhwc, DynamicBatch = true, Algorithm = ConvAlgorithm.ChannelLanes)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output, int batch)"),
            ("Conv1D_ChannelLanes_Pointwise_View_BatchNorm_Gelu", "Conv1D(InChannels = 300, OutChannels = 64, Length = 90, Kernel = 1, BatchNorm = true, Activation = Activation.Gelu, Algorithm = ConvAlgorithm.ChannelLanes)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, Span<float> output)"),
            // Transposed convolutions on channel lanes: each pixel of a tile takes its phase's kernel columns, kernel rows (planes)
            // of the row's phase in steps of S / gcd(S, D), weights packed from [Cin, Cout, taps]; remainders of blocks and rows.
            ("ConvTranspose2D_ChannelLanes_Auto_Stride2_Remainders_Bias_Relu", "ConvTranspose2D(InChannels = 20, OutChannels = 70, Height = 5, Width = 13, Kernel = 4, Stride = 2, Padding = 1, Bias = true, Activation = Activation.Relu, PackedWeights = true)", ConvBias),
            ("ConvTranspose2D_ChannelLanes_Forced_Stride2x3_Dilated_OutputPadding_BatchNorm_Residual_Gelu", "ConvTranspose2D(InChannels = 6, OutChannels = 20, Height = 4, Width = 7, Kernel = 3, StrideH = 2, StrideW = 3, Dilation = 2, Padding = 1, OutputPaddingH = 1, OutputPaddingW = 2, BatchNorm = true, Residual = true, Activation = Activation.Gelu, Algorithm = ConvAlgorithm.ChannelLanes)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, ReadOnlySpan<float> residual, Span<float> output)"),
            ("ConvTranspose1D_ChannelLanes_Forced_Stride4_Asymmetric_Bias", "ConvTranspose1D(InChannels = 5, OutChannels = 33, Length = 17, Kernel = 6, Stride = 4, PadLeft = 2, PadRight = 3, Bias = true, Algorithm = ConvAlgorithm.ChannelLanes)", ConvBias),
            ("ConvTranspose3D_ChannelLanes_Forced_Stride2_DynamicBatch", "ConvTranspose3D(InChannels = 4, OutChannels = 18, Depth = 3, Height = 3, Width = 6, Kernel = 3, Stride = 2, Padding = 1, OutputPadding = 1, DynamicBatch = true, Algorithm = ConvAlgorithm.ChannelLanes)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, Span<float> output, int batch)"),
            ("ConvTranspose2D_ChannelLanes_Nhwc_Auto_Stride2_Residual_Silu", "ConvTranspose2D(InChannels = 8, OutChannels = 24, Height = 5, Width = 9, Kernel = 4, Stride = 2, Padding = 1, Residual = true, Activation = Activation.Silu, Layout = TensorLayout.Nhwc, PackedWeights = true)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> residual, Span<float> output)"),
            // The 256-bit held-weights tile (transposed, kernel rows of at most 5 columns, rows of at least 24): one stride with
            // dilation in NHWC, and a 1-D stride-3 layer (tiles of 9) whose input channels run in slices.
            ("ConvTranspose2D_ChannelLanes_Held_Nhwc_Stride1_Dilated_Bias", "ConvTranspose2D(InChannels = 12, OutChannels = 20, Height = 4, Width = 30, Kernel = 3, Dilation = 2, Padding = 2, Bias = true, Layout = TensorLayout.Nhwc, Algorithm = ConvAlgorithm.ChannelLanes)", ConvBias),
            ("ConvTranspose1D_ChannelLanes_Held_Stride3_Sliced_BatchNorm_Relu6", "ConvTranspose1D(InChannels = 300, OutChannels = 36, Length = 20, Kernel = 5, Stride = 3, Padding = 2, OutputPadding = 1, BatchNorm = true, Activation = Activation.Relu6, Algorithm = ConvAlgorithm.ChannelLanes)",
                "(ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> mean, ReadOnlySpan<float> variance, Span<float> output)"),
            // Edges of the transposed channel-lane tile: a 40-tap kernel with more padding than half of it over a 20-pixel input
            // (most taps of most pixels read outside), and 3-D with stride 3 and dilation 3 (one tap a phase, steps of 1).
            ("ConvTranspose1D_ChannelLanes_Forced_Long_Kernel_Heavy_Padding", "ConvTranspose1D(InChannels = 3, OutChannels = 40, Length = 20, Kernel = 40, Stride = 4, Padding = 30, OutputPadding = 3, Bias = true, Algorithm = ConvAlgorithm.ChannelLanes)", ConvBias),
            ("ConvTranspose3D_ChannelLanes_Forced_Stride3_Dilation3", "ConvTranspose3D(InChannels = 2, OutChannels = 33, Depth = 2, Height = 3, Width = 4, Kernel = 2, Stride = 3, Dilation = 3, Algorithm = ConvAlgorithm.ChannelLanes)", Conv),
            ("ConvTranspose2D_ChannelLanes_Forced_Stride1_Batch2", "ConvTranspose2D(InChannels = 9, OutChannels = 17, Height = 6, Width = 10, Kernel = 3, Padding = 1, Batch = 2, Algorithm = ConvAlgorithm.ChannelLanes)", Conv),
            // Vector pooling interiors: 512- and 256-bit vectors, then the scalar rest of the row; stride 1 and 2, dilation, ceil mode.
            ("MaxPool2D_Vector_Stride2_Padded", "MaxPool2D(Channels = 3, Height = 9, Width = 75, Kernel = 3, Stride = 2, Padding = 1)", Pool),
            ("MaxPool1D_Vector_Stride1_Dilated_Batch2", "MaxPool1D(Channels = 2, Length = 60, Kernel = 3, Stride = 1, Dilation = 2, Padding = 2, Batch = 2)", Pool),
            ("AvgPool2D_Vector_Stride2_Ceil_Exclude_Pad", "AvgPool2D(Channels = 2, Height = 8, Width = 71, Kernel = 3, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false)", Pool),
            ("AvgPool3D_Vector_Stride1", "AvgPool3D(Channels = 2, Depth = 4, Height = 5, Width = 40, Kernel = 3, Stride = 1)", Pool),
            // Channels-last pooling: a vector of channels per pixel, borders too; masked last vector; ceil mode, dilation, padding.
            ("MaxPool2D_Nhwc_Vector_Dilated_Ceil_Batch2", "MaxPool2D(Channels = 21, Height = 11, Width = 12, Kernel = 3, Stride = 2, Padding = 1, Dilation = 2, CeilMode = true, Layout = TensorLayout.Nhwc, Batch = 2)", Pool),
            ("AvgPool2D_Nhwc_Vector_Include_Pad", "AvgPool2D(Channels = 32, Height = 9, Width = 10, Kernel = 3, Stride = 2, Padding = 1, Layout = TensorLayout.Nhwc)", Pool),
            ("AvgPool3D_Nhwc_Vector_Exclude_Pad_Ceil", "AvgPool3D(Channels = 12, Depth = 5, Height = 6, Width = 7, Kernel = 2, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false, Layout = TensorLayout.Nhwc)", Pool),
            ("MaxPool1D_Nhwc_Vector", "MaxPool1D(Channels = 40, Length = 30, Kernel = 4, Stride = 3, Padding = 2, Layout = TensorLayout.Nhwc)", Pool),
            ("MaxPool2D_Ceil_Dilated", "MaxPool2D(Channels = 3, Height = 11, Width = 10, Kernel = 3, Stride = 2, Padding = 1, Dilation = 2, CeilMode = true)", Pool),
            ("MaxPool3D", "MaxPool3D(Channels = 2, Depth = 5, Height = 6, Width = 7, Kernel = 2, Stride = 2, CeilMode = true)", Pool),
            ("AvgPool2D_Exclude_Pad_Ceil", "AvgPool2D(Channels = 3, Height = 9, Width = 8, Kernel = 3, Stride = 2, Padding = 1, CeilMode = true, CountIncludePad = false)", Pool),
            ("AvgPool1D", "AvgPool1D(Channels = 4, Length = 17, Kernel = 4, Stride = 3, Padding = 2)", Pool),
            ("AdaptiveAvgPool2D", "AdaptiveAvgPool2D(Channels = 3, Height = 10, Width = 7, OutputHeight = 3, OutputWidth = 4)", Pool),
            ("GlobalAvgPool2D_Nhwc", "GlobalAvgPool2D(Channels = 5, Height = 6, Width = 7, Layout = TensorLayout.Nhwc, Batch = 2)", Pool),
            ("AdaptiveAvgPool3D", "AdaptiveAvgPool3D(Channels = 2, Depth = 5, Height = 4, Width = 6, OutputSize = 3)", Pool),
        };

        /// <summary>One source file declaring the given layers in class <c>Layers</c>.</summary>
        public static string Source(params (string Name, string Attribute, string Parameters)[] layers)
        {
            var sb = new System.Text.StringBuilder("using System;\nusing ConvGen;\n\nnamespace Demo\n{\n    public static partial class Layers\n    {\n");
            foreach (var (name, attribute, parameters) in layers)
            {
                sb.Append("        [").Append(attribute).Append("]\n        public static partial void ").Append(name).Append(parameters).Append(";\n\n");
            }

            return sb.Append("    }\n}\n").ToString();
        }
    }
}
