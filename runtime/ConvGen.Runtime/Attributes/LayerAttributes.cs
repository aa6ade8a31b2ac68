// Layer attributes. Put one on a `static partial void` method; the ConvGen generator writes its body.
// Property names are read by name in runtime/ConvGen.Runtime/Shapes/LayerShapeBuilder.cs (shared with the
// generator and analyzers): rename one there too. Only the arguments you write count; the defaults shown
// here are what an omitted argument means.
#pragma warning disable CA1019 // Named arguments only, like [GeneratedRegex]'s options: no positional accessors needed.
#pragma warning disable CA1813 // Leaf attributes are sealed; the abstract bases exist to share property definitions.
namespace ConvGen
{
    /// <summary>A 1-D convolution (PyTorch's <c>Conv1d</c>, cross-correlation). Method: <c>static partial void M(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; weight, [bias], [gamma, beta, runningMean, runningVar], [residual], Span&lt;float&gt; output, [int batch])</c>. Weight layout: [OutChannels, InChannels/Groups, kernel...].</summary>
    /// <example><code>[Conv1D(InChannels = 16, OutChannels = 32, Length = 100, Kernel = 3, Padding = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class Conv1DAttribute : ConvolutionAttribute
    {
        /// <summary>Input length (required).</summary>
        public int Length { get; set; }
        /// <summary>Padding at the start of the length axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadLeft { get; set; }
        /// <summary>Padding at the end of the length axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadRight { get; set; }
    }

    /// <summary>A 2-D convolution (PyTorch's <c>Conv2d</c>, cross-correlation). Method: <c>static partial void M(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; weight, [bias], [gamma, beta, runningMean, runningVar], [residual], Span&lt;float&gt; output, [int batch])</c>. Weight layout: [OutChannels, InChannels/Groups, kernel...].</summary>
    /// <example><code>[Conv2D(InChannels = 64, OutChannels = 128, Height = 56, Width = 56, Kernel = 3, Stride = 2, Padding = 1, Bias = true, Activation = Activation.Relu)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class Conv2DAttribute : ConvolutionAttribute
    {
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Kernel size on the height axis (overrides <c>Kernel</c>).</summary>
        public int KernelH { get; set; }
        /// <summary>Kernel size on the width axis (overrides <c>Kernel</c>).</summary>
        public int KernelW { get; set; }
        /// <summary>Stride on the height axis (overrides <c>Stride</c>).</summary>
        public int StrideH { get; set; }
        /// <summary>Stride on the width axis (overrides <c>Stride</c>).</summary>
        public int StrideW { get; set; }
        /// <summary>Dilation on the height axis (overrides <c>Dilation</c>).</summary>
        public int DilationH { get; set; }
        /// <summary>Dilation on the width axis (overrides <c>Dilation</c>).</summary>
        public int DilationW { get; set; }
        /// <summary>Symmetric padding on the height axis (overrides <c>Padding</c>).</summary>
        public int PaddingH { get; set; }
        /// <summary>Symmetric padding on the width axis (overrides <c>Padding</c>).</summary>
        public int PaddingW { get; set; }
        /// <summary>Padding at the start of the height axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadTop { get; set; }
        /// <summary>Padding at the end of the height axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadBottom { get; set; }
        /// <summary>Padding at the start of the width axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadLeft { get; set; }
        /// <summary>Padding at the end of the width axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadRight { get; set; }
    }

    /// <summary>A 3-D convolution (PyTorch's <c>Conv3d</c>, cross-correlation). Method: <c>static partial void M(ReadOnlySpan&lt;float&gt; input, ReadOnlySpan&lt;float&gt; weight, [bias], [gamma, beta, runningMean, runningVar], [residual], Span&lt;float&gt; output, [int batch])</c>. Weight layout: [OutChannels, InChannels/Groups, kernel...].</summary>
    /// <example><code>[Conv3D(InChannels = 8, OutChannels = 8, Depth = 8, Height = 16, Width = 16, Kernel = 3, Padding = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class Conv3DAttribute : ConvolutionAttribute
    {
        /// <summary>Input depth (required).</summary>
        public int Depth { get; set; }
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Kernel size on the depth axis (overrides <c>Kernel</c>).</summary>
        public int KernelD { get; set; }
        /// <summary>Kernel size on the height axis (overrides <c>Kernel</c>).</summary>
        public int KernelH { get; set; }
        /// <summary>Kernel size on the width axis (overrides <c>Kernel</c>).</summary>
        public int KernelW { get; set; }
        /// <summary>Stride on the depth axis (overrides <c>Stride</c>).</summary>
        public int StrideD { get; set; }
        /// <summary>Stride on the height axis (overrides <c>Stride</c>).</summary>
        public int StrideH { get; set; }
        /// <summary>Stride on the width axis (overrides <c>Stride</c>).</summary>
        public int StrideW { get; set; }
        /// <summary>Dilation on the depth axis (overrides <c>Dilation</c>).</summary>
        public int DilationD { get; set; }
        /// <summary>Dilation on the height axis (overrides <c>Dilation</c>).</summary>
        public int DilationH { get; set; }
        /// <summary>Dilation on the width axis (overrides <c>Dilation</c>).</summary>
        public int DilationW { get; set; }
        /// <summary>Symmetric padding on the depth axis (overrides <c>Padding</c>).</summary>
        public int PaddingD { get; set; }
        /// <summary>Symmetric padding on the height axis (overrides <c>Padding</c>).</summary>
        public int PaddingH { get; set; }
        /// <summary>Symmetric padding on the width axis (overrides <c>Padding</c>).</summary>
        public int PaddingW { get; set; }
        /// <summary>Padding at the start of the depth axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadFront { get; set; }
        /// <summary>Padding at the end of the depth axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadBack { get; set; }
        /// <summary>Padding at the start of the height axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadTop { get; set; }
        /// <summary>Padding at the end of the height axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadBottom { get; set; }
        /// <summary>Padding at the start of the width axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadLeft { get; set; }
        /// <summary>Padding at the end of the width axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadRight { get; set; }
    }

    /// <summary>A 1-D transposed convolution (PyTorch's <c>ConvTranspose1d</c>). Weight layout: [InChannels, OutChannels/Groups, kernel...]. Padding crops the output; only <see cref="PaddingMode.Zeros"/> applies.</summary>
    /// <example><code>[ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 14, Width = 14, Kernel = 4, Stride = 2, Padding = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class ConvTranspose1DAttribute : ConvolutionAttribute
    {
        /// <summary>Input length (required).</summary>
        public int Length { get; set; }
        /// <summary>Padding at the start of the length axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadLeft { get; set; }
        /// <summary>Padding at the end of the length axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadRight { get; set; }
        /// <summary>Extra output elements at the end of every axis (PyTorch's <c>output_padding</c>); must be smaller than max(stride, dilation).</summary>
        public int OutputPadding { get; set; }
    }

    /// <summary>A 2-D transposed convolution (PyTorch's <c>ConvTranspose2d</c>). Weight layout: [InChannels, OutChannels/Groups, kernel...]. Padding crops the output; only <see cref="PaddingMode.Zeros"/> applies.</summary>
    /// <example><code>[ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 14, Width = 14, Kernel = 4, Stride = 2, Padding = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class ConvTranspose2DAttribute : ConvolutionAttribute
    {
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Kernel size on the height axis (overrides <c>Kernel</c>).</summary>
        public int KernelH { get; set; }
        /// <summary>Kernel size on the width axis (overrides <c>Kernel</c>).</summary>
        public int KernelW { get; set; }
        /// <summary>Stride on the height axis (overrides <c>Stride</c>).</summary>
        public int StrideH { get; set; }
        /// <summary>Stride on the width axis (overrides <c>Stride</c>).</summary>
        public int StrideW { get; set; }
        /// <summary>Dilation on the height axis (overrides <c>Dilation</c>).</summary>
        public int DilationH { get; set; }
        /// <summary>Dilation on the width axis (overrides <c>Dilation</c>).</summary>
        public int DilationW { get; set; }
        /// <summary>Symmetric padding on the height axis (overrides <c>Padding</c>).</summary>
        public int PaddingH { get; set; }
        /// <summary>Symmetric padding on the width axis (overrides <c>Padding</c>).</summary>
        public int PaddingW { get; set; }
        /// <summary>Extra output at the end on the height axis (overrides <c>OutputPadding</c>).</summary>
        public int OutputPaddingH { get; set; }
        /// <summary>Extra output at the end on the width axis (overrides <c>OutputPadding</c>).</summary>
        public int OutputPaddingW { get; set; }
        /// <summary>Padding at the start of the height axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadTop { get; set; }
        /// <summary>Padding at the end of the height axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadBottom { get; set; }
        /// <summary>Padding at the start of the width axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadLeft { get; set; }
        /// <summary>Padding at the end of the width axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadRight { get; set; }
        /// <summary>Extra output elements at the end of every axis (PyTorch's <c>output_padding</c>); must be smaller than max(stride, dilation).</summary>
        public int OutputPadding { get; set; }
    }

    /// <summary>A 3-D transposed convolution (PyTorch's <c>ConvTranspose3d</c>). Weight layout: [InChannels, OutChannels/Groups, kernel...]. Padding crops the output; only <see cref="PaddingMode.Zeros"/> applies.</summary>
    /// <example><code>[ConvTranspose2D(InChannels = 64, OutChannels = 32, Height = 14, Width = 14, Kernel = 4, Stride = 2, Padding = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class ConvTranspose3DAttribute : ConvolutionAttribute
    {
        /// <summary>Input depth (required).</summary>
        public int Depth { get; set; }
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Kernel size on the depth axis (overrides <c>Kernel</c>).</summary>
        public int KernelD { get; set; }
        /// <summary>Kernel size on the height axis (overrides <c>Kernel</c>).</summary>
        public int KernelH { get; set; }
        /// <summary>Kernel size on the width axis (overrides <c>Kernel</c>).</summary>
        public int KernelW { get; set; }
        /// <summary>Stride on the depth axis (overrides <c>Stride</c>).</summary>
        public int StrideD { get; set; }
        /// <summary>Stride on the height axis (overrides <c>Stride</c>).</summary>
        public int StrideH { get; set; }
        /// <summary>Stride on the width axis (overrides <c>Stride</c>).</summary>
        public int StrideW { get; set; }
        /// <summary>Dilation on the depth axis (overrides <c>Dilation</c>).</summary>
        public int DilationD { get; set; }
        /// <summary>Dilation on the height axis (overrides <c>Dilation</c>).</summary>
        public int DilationH { get; set; }
        /// <summary>Dilation on the width axis (overrides <c>Dilation</c>).</summary>
        public int DilationW { get; set; }
        /// <summary>Symmetric padding on the depth axis (overrides <c>Padding</c>).</summary>
        public int PaddingD { get; set; }
        /// <summary>Symmetric padding on the height axis (overrides <c>Padding</c>).</summary>
        public int PaddingH { get; set; }
        /// <summary>Symmetric padding on the width axis (overrides <c>Padding</c>).</summary>
        public int PaddingW { get; set; }
        /// <summary>Extra output at the end on the depth axis (overrides <c>OutputPadding</c>).</summary>
        public int OutputPaddingD { get; set; }
        /// <summary>Extra output at the end on the height axis (overrides <c>OutputPadding</c>).</summary>
        public int OutputPaddingH { get; set; }
        /// <summary>Extra output at the end on the width axis (overrides <c>OutputPadding</c>).</summary>
        public int OutputPaddingW { get; set; }
        /// <summary>Padding at the start of the depth axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadFront { get; set; }
        /// <summary>Padding at the end of the depth axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadBack { get; set; }
        /// <summary>Padding at the start of the height axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadTop { get; set; }
        /// <summary>Padding at the end of the height axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadBottom { get; set; }
        /// <summary>Padding at the start of the width axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadLeft { get; set; }
        /// <summary>Padding at the end of the width axis (overrides <c>Padding</c>; asymmetric padding).</summary>
        public int PadRight { get; set; }
        /// <summary>Extra output elements at the end of every axis (PyTorch's <c>output_padding</c>); must be smaller than max(stride, dilation).</summary>
        public int OutputPadding { get; set; }
    }

    /// <summary>1-D max pooling (PyTorch's <c>MaxPool1d</c>). Stride defaults to the kernel. Padded positions never win. Method: <c>static partial void M(ReadOnlySpan&lt;float&gt; input, Span&lt;float&gt; output, [int batch])</c>.</summary>
    /// <example><code>[MaxPool1D(Channels = 64, Length = 56, Kernel = 3, Stride = 2, Padding = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class MaxPool1DAttribute : WindowPoolingAttribute
    {
        /// <summary>Dilation on every spatial axis (default 1).</summary>
        public int Dilation { get; set; } = 1;
        /// <summary>Input length (required).</summary>
        public int Length { get; set; }
    }

    /// <summary>2-D max pooling (PyTorch's <c>MaxPool2d</c>). Stride defaults to the kernel. Padded positions never win. Method: <c>static partial void M(ReadOnlySpan&lt;float&gt; input, Span&lt;float&gt; output, [int batch])</c>.</summary>
    /// <example><code>[MaxPool2D(Channels = 64, Height = 56, Width = 56, Kernel = 3, Stride = 2, Padding = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class MaxPool2DAttribute : WindowPoolingAttribute
    {
        /// <summary>Dilation on every spatial axis (default 1).</summary>
        public int Dilation { get; set; } = 1;
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Window size on the height axis (overrides <c>Kernel</c>).</summary>
        public int KernelH { get; set; }
        /// <summary>Window size on the width axis (overrides <c>Kernel</c>).</summary>
        public int KernelW { get; set; }
        /// <summary>Stride on the height axis (overrides <c>Stride</c>).</summary>
        public int StrideH { get; set; }
        /// <summary>Stride on the width axis (overrides <c>Stride</c>).</summary>
        public int StrideW { get; set; }
        /// <summary>Dilation on the height axis (overrides <c>Dilation</c>).</summary>
        public int DilationH { get; set; }
        /// <summary>Dilation on the width axis (overrides <c>Dilation</c>).</summary>
        public int DilationW { get; set; }
        /// <summary>Symmetric padding on the height axis (overrides <c>Padding</c>).</summary>
        public int PaddingH { get; set; }
        /// <summary>Symmetric padding on the width axis (overrides <c>Padding</c>).</summary>
        public int PaddingW { get; set; }
    }

    /// <summary>3-D max pooling (PyTorch's <c>MaxPool3d</c>). Stride defaults to the kernel. Padded positions never win. Method: <c>static partial void M(ReadOnlySpan&lt;float&gt; input, Span&lt;float&gt; output, [int batch])</c>.</summary>
    /// <example><code>[MaxPool3D(Channels = 64, Depth = 56, Height = 56, Width = 56, Kernel = 3, Stride = 2, Padding = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class MaxPool3DAttribute : WindowPoolingAttribute
    {
        /// <summary>Dilation on every spatial axis (default 1).</summary>
        public int Dilation { get; set; } = 1;
        /// <summary>Input depth (required).</summary>
        public int Depth { get; set; }
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Window size on the depth axis (overrides <c>Kernel</c>).</summary>
        public int KernelD { get; set; }
        /// <summary>Window size on the height axis (overrides <c>Kernel</c>).</summary>
        public int KernelH { get; set; }
        /// <summary>Window size on the width axis (overrides <c>Kernel</c>).</summary>
        public int KernelW { get; set; }
        /// <summary>Stride on the depth axis (overrides <c>Stride</c>).</summary>
        public int StrideD { get; set; }
        /// <summary>Stride on the height axis (overrides <c>Stride</c>).</summary>
        public int StrideH { get; set; }
        /// <summary>Stride on the width axis (overrides <c>Stride</c>).</summary>
        public int StrideW { get; set; }
        /// <summary>Dilation on the depth axis (overrides <c>Dilation</c>).</summary>
        public int DilationD { get; set; }
        /// <summary>Dilation on the height axis (overrides <c>Dilation</c>).</summary>
        public int DilationH { get; set; }
        /// <summary>Dilation on the width axis (overrides <c>Dilation</c>).</summary>
        public int DilationW { get; set; }
        /// <summary>Symmetric padding on the depth axis (overrides <c>Padding</c>).</summary>
        public int PaddingD { get; set; }
        /// <summary>Symmetric padding on the height axis (overrides <c>Padding</c>).</summary>
        public int PaddingH { get; set; }
        /// <summary>Symmetric padding on the width axis (overrides <c>Padding</c>).</summary>
        public int PaddingW { get; set; }
    }

    /// <summary>1-D average pooling (PyTorch's <c>AvgPool1d</c>). Stride defaults to the kernel.</summary>
    /// <example><code>[AvgPool1D(Channels = 64, Length = 56, Kernel = 2)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class AvgPool1DAttribute : WindowPoolingAttribute
    {
        /// <summary>Input length (required).</summary>
        public int Length { get; set; }
        /// <summary>Count padded positions in the divisor (PyTorch's <c>count_include_pad</c>, default true).</summary>
        public bool CountIncludePad { get; set; } = true;
    }

    /// <summary>2-D average pooling (PyTorch's <c>AvgPool2d</c>). Stride defaults to the kernel.</summary>
    /// <example><code>[AvgPool2D(Channels = 64, Height = 56, Width = 56, Kernel = 2)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class AvgPool2DAttribute : WindowPoolingAttribute
    {
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Window size on the height axis (overrides <c>Kernel</c>).</summary>
        public int KernelH { get; set; }
        /// <summary>Window size on the width axis (overrides <c>Kernel</c>).</summary>
        public int KernelW { get; set; }
        /// <summary>Stride on the height axis (overrides <c>Stride</c>).</summary>
        public int StrideH { get; set; }
        /// <summary>Stride on the width axis (overrides <c>Stride</c>).</summary>
        public int StrideW { get; set; }
        /// <summary>Symmetric padding on the height axis (overrides <c>Padding</c>).</summary>
        public int PaddingH { get; set; }
        /// <summary>Symmetric padding on the width axis (overrides <c>Padding</c>).</summary>
        public int PaddingW { get; set; }
        /// <summary>Count padded positions in the divisor (PyTorch's <c>count_include_pad</c>, default true).</summary>
        public bool CountIncludePad { get; set; } = true;
    }

    /// <summary>3-D average pooling (PyTorch's <c>AvgPool3d</c>). Stride defaults to the kernel.</summary>
    /// <example><code>[AvgPool3D(Channels = 64, Depth = 56, Height = 56, Width = 56, Kernel = 2)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class AvgPool3DAttribute : WindowPoolingAttribute
    {
        /// <summary>Input depth (required).</summary>
        public int Depth { get; set; }
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Window size on the depth axis (overrides <c>Kernel</c>).</summary>
        public int KernelD { get; set; }
        /// <summary>Window size on the height axis (overrides <c>Kernel</c>).</summary>
        public int KernelH { get; set; }
        /// <summary>Window size on the width axis (overrides <c>Kernel</c>).</summary>
        public int KernelW { get; set; }
        /// <summary>Stride on the depth axis (overrides <c>Stride</c>).</summary>
        public int StrideD { get; set; }
        /// <summary>Stride on the height axis (overrides <c>Stride</c>).</summary>
        public int StrideH { get; set; }
        /// <summary>Stride on the width axis (overrides <c>Stride</c>).</summary>
        public int StrideW { get; set; }
        /// <summary>Symmetric padding on the depth axis (overrides <c>Padding</c>).</summary>
        public int PaddingD { get; set; }
        /// <summary>Symmetric padding on the height axis (overrides <c>Padding</c>).</summary>
        public int PaddingH { get; set; }
        /// <summary>Symmetric padding on the width axis (overrides <c>Padding</c>).</summary>
        public int PaddingW { get; set; }
        /// <summary>Count padded positions in the divisor (PyTorch's <c>count_include_pad</c>, default true).</summary>
        public bool CountIncludePad { get; set; } = true;
    }

    /// <summary>1-D adaptive average pooling (PyTorch's <c>AdaptiveAvgPool1d</c>): output index i averages input <c>[floor(i*I/O), ceil((i+1)*I/O))</c>.</summary>
    /// <example><code>[AdaptiveAvgPool1D(Channels = 512, Length = 7, OutputSize = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class AdaptiveAvgPool1DAttribute : PoolingAttribute
    {
        /// <summary>Input length (required).</summary>
        public int Length { get; set; }
        /// <summary>Output size on every axis.</summary>
        public int OutputSize { get; set; }
        /// <summary>Output length (overrides <c>OutputSize</c>).</summary>
        public int OutputLength { get; set; }
    }

    /// <summary>2-D adaptive average pooling (PyTorch's <c>AdaptiveAvgPool2d</c>): output index i averages input <c>[floor(i*I/O), ceil((i+1)*I/O))</c>.</summary>
    /// <example><code>[AdaptiveAvgPool2D(Channels = 512, Height = 7, Width = 7, OutputSize = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class AdaptiveAvgPool2DAttribute : PoolingAttribute
    {
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Output size on every axis.</summary>
        public int OutputSize { get; set; }
        /// <summary>Output height (overrides <c>OutputSize</c>).</summary>
        public int OutputHeight { get; set; }
        /// <summary>Output width (overrides <c>OutputSize</c>).</summary>
        public int OutputWidth { get; set; }
    }

    /// <summary>3-D adaptive average pooling (PyTorch's <c>AdaptiveAvgPool3d</c>): output index i averages input <c>[floor(i*I/O), ceil((i+1)*I/O))</c>.</summary>
    /// <example><code>[AdaptiveAvgPool3D(Channels = 512, Depth = 7, Height = 7, Width = 7, OutputSize = 1)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class AdaptiveAvgPool3DAttribute : PoolingAttribute
    {
        /// <summary>Input depth (required).</summary>
        public int Depth { get; set; }
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
        /// <summary>Output size on every axis.</summary>
        public int OutputSize { get; set; }
        /// <summary>Output depth (overrides <c>OutputSize</c>).</summary>
        public int OutputDepth { get; set; }
        /// <summary>Output height (overrides <c>OutputSize</c>).</summary>
        public int OutputHeight { get; set; }
        /// <summary>Output width (overrides <c>OutputSize</c>).</summary>
        public int OutputWidth { get; set; }
    }

    /// <summary>1-D global average pooling: one mean per channel (output spatial size 1).</summary>
    /// <example><code>[GlobalAvgPool1D(Channels = 512, Length = 7)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class GlobalAvgPool1DAttribute : PoolingAttribute
    {
        /// <summary>Input length (required).</summary>
        public int Length { get; set; }
    }

    /// <summary>2-D global average pooling: one mean per channel (output spatial size 1).</summary>
    /// <example><code>[GlobalAvgPool2D(Channels = 512, Height = 7, Width = 7)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class GlobalAvgPool2DAttribute : PoolingAttribute
    {
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
    }

    /// <summary>3-D global average pooling: one mean per channel (output spatial size 1).</summary>
    /// <example><code>[GlobalAvgPool3D(Channels = 512, Depth = 7, Height = 7, Width = 7)]</code></example>
    [global::System.AttributeUsage(global::System.AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class GlobalAvgPool3DAttribute : PoolingAttribute
    {
        /// <summary>Input depth (required).</summary>
        public int Depth { get; set; }
        /// <summary>Input height (required).</summary>
        public int Height { get; set; }
        /// <summary>Input width (required).</summary>
        public int Width { get; set; }
    }

}
