using System.Collections.Generic;
using ConvGen.Generators.Helpers;
using ConvGen.Generators.Plan;
using ConvGen.Shapes;
using Position = ConvGen.Generators.Emit.Kernels.ChannelLanes.Position;

namespace ConvGen.Generators.Emit.Kernels
{
    /// <summary>
    /// Depthwise convolution in the channels-last layout with channels on the vector lanes (see
    /// <see cref="DepthwiseChannelsLastTiling"/>). Parts: Run (items to the threads), Item{512,256} (a chunk of output
    /// rows over a group of channel chunks: the group's epilogue constants into a stack buffer, then per row each tile
    /// position over the group's chunks, innermost, so consecutive tiles read consecutive memory), Tile{bits}_{n} (one tile position class of a row:
    /// R pixels x the chunk's channel vectors, straight into the output with the epilogue; a _Last variant for the
    /// last chunk when it is narrower), and the direct family's scalar path. Tile positions are those of
    /// <see cref="ChannelLanes"/>: interior tiles (every tap inside the row) share one method, each border position
    /// gets its own, whose pixels test or resolve their column per kernel column (zero padding: a tap outside the row is
    /// left out, and only pixels that can leave the row are tested; reflect, replicate, circular: <c>PaddingIndex</c>).
    /// </summary>
    internal static class DepthwiseChannelsLast
    {
        private const string Rt = "global::ConvGen.";

        public static void Emit(CodeWriter w, LayerPlan plan, KernelGeometry g, string className)
        {
            LayerShape s = plan.Shape;
            VectorTile t512 = plan.Kernel!.Tile512!;
            VectorTile t256 = plan.Kernel.Tile256!;
            KernelParts.OpenClass(w, plan, className);
            int items512 = DepthwiseChannelsLastTiling.Items(s, t512), items256 = DepthwiseChannelsLastTiling.Items(s, t256);
            KernelParts.WriteBlockedRuns(w, plan, s, BlockedWeights.Of(s, KernelFamily.DepthwiseChannelsLast)!.Value, items512, items256, null);
            w.Line();
            Direct.WriteScalarPath(w, plan);
            foreach (VectorTile t in new[] { t512, t256 })
            {
                List<Position> positions = ChannelLanes.Positions(s, t.Channels);
                w.Line();
                WriteItem(w, s, g, t, positions);
                bool rest = DepthwiseChannelsLastTiling.LastChunkChannels(s, t) != DepthwiseChannelsLastTiling.ChunkChannels(t);
                foreach ((int first, int _) in ChannelLanes.PositionRuns(positions))
                {
                    string name = ChannelLanes.TileName(t, positions, first);
                    w.Line();
                    WriteTile(w, s, g, t, positions[first], name, last: false);
                    if (rest)
                    {
                        w.Line();
                        WriteTile(w, s, g, t, positions[first], name + "_Last", last: true);
                    }
                }
            }

            if (s.BatchNorm)
            {
                w.Line();
                KernelParts.WriteBatchNormHelpers(w, s);
            }

            w.Close();
        }

        private static bool HasConstants(LayerShape s) => s.Bias || s.BatchNorm;

        private static void WriteItem(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t, List<Position> positions)
        {
            int ch = DepthwiseChannelsLastTiling.ChunkChannels(t);
            int chunks = DepthwiseChannelsLastTiling.ChannelChunks(s, t), rowChunks = DepthwiseChannelsLastTiling.RowChunks(s, t);
            int groups = DepthwiseChannelsLastTiling.ChannelGroups(s, t), stride = ConstantsStride(s, t);
            int rows = DepthwiseChannelsLastTiling.Rows(s);
            bool rest = DepthwiseChannelsLastTiling.LastChunkChannels(s, t) != ch;
            string bits = CodeWriter.I(t.Bits);
            w.Line("/// <summary>One item, " + bits + "-bit: output rows of row chunk <c>part</c> of " + CodeWriter.I(rowChunks) + " of batch item <c>n</c>, channel chunks [cFrom, cTo) of "
                + CodeWriter.I(chunks) + " (" + CodeWriter.I(ch) + " channels each), the chunks innermost at each tile position.</summary>");
            KernelParts.RunAttributes(w);
            w.Open("private static void Item" + bits + "(" + KernelParts.ItemParams(s) + ")");
            w.Line("int n = item / " + CodeWriter.I(groups * rowChunks) + ";");
            w.Line("int r = item - n * " + CodeWriter.I(groups * rowChunks) + ";");
            w.Line("int group = r / " + CodeWriter.I(rowChunks) + ", part = r - group * " + CodeWriter.I(rowChunks) + ";");
            w.Line("int from = part * " + CodeWriter.I(rows) + " / " + CodeWriter.I(rowChunks) + ", to = (part + 1) * " + CodeWriter.I(rows) + " / " + CodeWriter.I(rowChunks) + ";");
            w.Line("int cFrom = group * " + CodeWriter.I(chunks) + " / " + CodeWriter.I(groups) + ", cTo = (group + 1) * " + CodeWriter.I(chunks) + " / " + CodeWriter.I(groups) + ";");
            if (rest)
            {
                w.Line("// Chunk " + CodeWriter.I(chunks - 1) + " is narrower (" + CodeWriter.I(DepthwiseChannelsLastTiling.LastChunkChannels(s, t)) + " channels): its tiles are the _Last ones.");
                w.Line("int cWhole = global::System.Math.Min(cTo, " + CodeWriter.I(chunks - 1) + ");");
            }

            KernelParts.WriteItemBases(w, s, g);
            w.Line("int g0 = cFrom * " + CodeWriter.I(ch) + ";");
            w.Line("// The weights, tap-major: tap t of channel c at t * " + CodeWriter.I(DepthwiseChannelsLastTiling.PackedChannels(s)) + " + c.");
            if (HasConstants(s))
            {
                w.Line("// The epilogue's constants of the group's channels as channel vectors, channel g0 + j's" + (s.Bias ? " bias at j" : "") + (s.Bias && s.BatchNorm ? "," : "")
                    + (s.BatchNorm ? " batch-norm scale at " + CodeWriter.I(stride) + " + j and shift at " + CodeWriter.I(2 * stride) + " + j" : "") + ".");
                w.Line("global::System.Span<float> constants = stackalloc float[" + CodeWriter.I(3 * stride) + "];");
                w.Line("ref float ep = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(constants);");
                w.Open("for (int j = 0, count = global::System.Math.Min(cTo * " + CodeWriter.I(ch) + ", " + CodeWriter.I(s.OutChannels) + ") - g0; j < count; j++)");
                if (s.Bias)
                {
                    w.Line("At(ref ep, j) = At(ref bias, g0 + j);");
                }

                if (s.BatchNorm)
                {
                    w.Line("float scale = Scale(ref gamma, ref runningVar, g0 + j);");
                    w.Line("At(ref ep, " + CodeWriter.I(stride) + " + j) = scale;");
                    w.Line("At(ref ep, " + CodeWriter.I(2 * stride) + " + j) = Shift(ref beta, ref runningMean, scale, g0 + j);");
                }

                w.Close();
            }

            if (!KernelParts.HasVectorActivation(s))
            {
                w.Line("// The " + s.Activation + " activation runs lane by lane through the scalar function, from this buffer.");
                w.Line("global::System.Span<float> lanes = stackalloc float[" + CodeWriter.I(t.Lanes) + "];");
                w.Line("ref float tt = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(lanes);");
            }

            ChannelLanes.OpenRowLoop(w, s);
            foreach ((int first, int last) in ChannelLanes.PositionRuns(positions))
            {
                Position p = positions[first];
                string name = ChannelLanes.TileName(t, positions, first);
                string operands = ", ref yn" + (s.Residual ? ", ref rn" : "") + (KernelParts.HasVectorActivation(s) ? "" : ", ref tt") + ChannelLanes.LeadArgs(s) + (p.Interior ? ", ox0" : "");
                if (p.Interior)
                {
                    w.Open("for (int ox0 = " + CodeWriter.I(p.Start) + "; ox0 <= " + CodeWriter.I(positions[last].Start) + "; ox0 += " + CodeWriter.I(t.Channels) + ")");
                }

                w.Line(name + "(ref xn, ref w" + (HasConstants(s) ? ", ref ep" : "") + operands + ", g0, " + (rest ? "cWhole" : "cTo") + " * " + CodeWriter.I(ch) + ");");
                if (rest)
                {
                    long lastC0 = (long)(chunks - 1) * ch;
                    w.Open("if (cTo == " + CodeWriter.I(chunks) + ")");
                    w.Line(name + "_Last(ref xn, ref At(ref w, " + CodeWriter.I(lastC0) + ")" + (HasConstants(s) ? ", ref At(ref ep, " + CodeWriter.I(lastC0) + " - g0)" : "") + operands + ", " + CodeWriter.I(lastC0) + ");");
                    w.Close();
                }

                if (p.Interior)
                {
                    w.Close();
                }
            }

            w.Close();
            w.Close();
        }

        /// <summary>Floats between the bias, scale and shift parts of an item's constants buffer: the largest channel group's channels.</summary>
        private static int ConstantsStride(LayerShape s, VectorTile t) => DepthwiseChannelsLastTiling.GroupChunks(s, t) * DepthwiseChannelsLastTiling.ChunkChannels(t);

        private static void WriteTile(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t, Position p, string name, bool last)
        {
            int ch = DepthwiseChannelsLastTiling.ChunkChannels(t);
            int count = last ? DepthwiseChannelsLastTiling.LastChunkChannels(s, t) : ch;
            int vectors = (count + t.Lanes - 1) / t.Lanes;
            bool masked = count % t.Lanes != 0;
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            int a = s.Rank - 1, lanes = t.Lanes;
            int kw = s.Kernel[a], sw = s.Stride[a], dw = s.Dilation[a];
            long c = s.InChannels;
            bool zeros = s.PaddingMode == PaddingMode.Zeros;
            int width = p.Width;
            w.Line("/// <summary>");
            w.Line("/// " + (p.Interior ? "Interior tiles (every tap inside the row) at column <paramref name=\"ox0\"/>" : "The tile at column " + CodeWriter.I(p.Start) + (zeros ? " (taps in the padding left out)" : " (columns in the padding resolved: " + s.PaddingMode + ")"))
                + ": " + CodeWriter.I(width) + " pixels x " + CodeWriter.I(count) + " channels from <paramref name=\"c0\"/>" + (last ? " (the last chunk" + (masked ? ", its last vector masked)" : ")") : "")
                + ", " + CodeWriter.I((long)width * vectors) + " accumulators, stored with the epilogue into the NHWC output.");
            w.Line("/// </summary>");
            KernelParts.RunAttributes(w);
            // The last chunk's tile takes its chunk's weights, constants and first channel; the others the group's and the
            // chunks [cA, cB), looped inside the tile: one call per tile position, not per chunk (a call's entry, exit and
            // kernel-row range cost about 5% of MobileNetV2's 3x3/2 layer as calls per chunk).
            w.Open("private static void " + name + "(ref float xn, ref float " + (last ? "wp" : "w") + (HasConstants(s) ? (last ? ", ref float ep" : ", ref float eg") : "") + ", ref float yn" + (s.Residual ? ", ref float rn" : "")
                + (KernelParts.HasVectorActivation(s) ? "" : ", ref float tt") + ChannelLanes.LeadParams(s) + (p.Interior ? ", int ox0" : "") + (last ? ", int c0)" : ", int cA, int cB)"));
            if (!last)
            {
                w.Open("for (int c0 = cA; c0 < cB; c0 += " + CodeWriter.I(ch) + ")");
                w.Line("ref float wp = ref At(ref w, c0);");
                if (HasConstants(s))
                {
                    w.Line("ref float ep = ref At(ref eg, c0 - cA);");
                }
            }

            for (int r = 0; r < width; r++)
            {
                var decl = new List<string>();
                for (int v = 0; v < vectors; v++)
                {
                    decl.Add(Acc(r, v) + " = " + vt + ".Zero");
                }

                w.Line(vt + " " + string.Join(", ", decl) + ";");
            }

            if (masked)
            {
                w.Line("// Channels past the last one are neither read nor written: the last vector's loads and stores are masked.");
                w.Line(vt + " mask = " + Rt + "VectorLoads.ColumnMask" + bits + "(" + CodeWriter.I((long)(vectors - 1) * lanes) + ", " + CodeWriter.I(count) + ");");
            }

            var lead = ChannelLanes.LeadNames(s);
            for (int d = 0; d < lead.Length; d++)
            {
                ChannelLanes.WriteLeadStart(w, s, d, skipPadding: zeros);
            }

            string ix0 = KernelGeometry.Lin("ox0", sw, -s.PadBefore[a]);
            w.Line("ref float xc = ref At(ref xn, " + (p.Interior ? KernelGeometry.Sum(KernelGeometry.Times(ix0, c), "c0") : "c0") + ");");
            int opened = 0;
            string xp = "xc", wp = "wp";
            if (lead.Length == 0)
            {
                w.Line("ref float xr = ref xc;");
                w.Line("ref float wr = ref wp;");
            }

            for (int d = 0; d < lead.Length; d++)
            {
                string kv = lead[d].K, i0 = lead[d].In;
                bool lastAxis = d == lead.Length - 1;
                string xs = lastAxis ? "xr" : "x" + kv, ws = lastAxis ? "wr" : "w" + kv;
                long wstride = (long)kw * DepthwiseChannelsLastTiling.PackedChannels(s);
                for (int e = d + 1; e < lead.Length; e++)
                {
                    wstride *= s.Kernel[e];
                }

                string index = KernelGeometry.Sum(i0, KernelGeometry.Times(kv, s.Dilation[d]));
                w.Open(zeros
                    ? "for (int " + kv + " = " + kv + "From; " + kv + " < " + kv + "To; " + kv + "++)"
                    : "for (int " + kv + " = 0; " + kv + " < " + CodeWriter.I(s.Kernel[d]) + "; " + kv + "++)");
                if (!zeros)
                {
                    w.Line("int " + kv + "In = " + KernelParts.Resolve(s.PaddingMode, index, s.Input[d]) + ";");
                    index = kv + "In";
                }

                w.Line("ref float " + xs + " = ref At(ref " + xp + ", " + KernelGeometry.Times(index, g.InAxisStride[d]) + ");");
                w.Line("ref float " + ws + " = ref At(ref " + wp + ", " + KernelGeometry.Times(kv, wstride) + ");");
                opened++;
                xp = xs;
                wp = ws;
            }

            // The kernel columns as a loop, not unrolled: unrolled, the JIT sees the same input vector at pixel r + 1, column k
            // and pixel r, column k + 1, keeps it for reuse and spills it (measured: 47 against 114 GFLOP/s on a 14x14 layer).
            int start = p.Start * sw - s.PadBefore[a];
            w.Open("for (int kx = 0; kx < " + CodeWriter.I(kw) + "; kx++)");
            w.Line("ref float wk = ref At(ref wr, " + KernelGeometry.Times("kx", DepthwiseChannelsLastTiling.PackedChannels(s)) + ");");
            var wdecl = new List<string>();
            for (int v = 0; v < vectors; v++)
            {
                wdecl.Add("w" + CodeWriter.I(v) + " = " + vec + ".LoadUnsafe(ref At(ref wk, " + CodeWriter.I((long)v * lanes) + "))");
            }

            w.Line(vt + " " + string.Join(", ", wdecl) + ";");
            if (p.Interior)
            {
                w.Line("ref float xk = ref At(ref xr, " + KernelGeometry.Times("kx", dw * c) + ");");
            }
            else
            {
                w.Line("int ix = " + KernelGeometry.Lin("kx", dw, start) + "; // pixel r reads column ix + " + (sw == 1 ? "r" : "r * " + CodeWriter.I(sw)) + (zeros ? " where it exists" : ", resolved (" + s.PaddingMode + ")"));
            }

            for (int r = 0; r < width; r++)
            {
                string column = KernelGeometry.Sum("ix", CodeWriter.I((long)r * sw));
                bool always = true;
                for (int k = 0; k < kw && always; k++)
                {
                    always = ChannelLanes.ColumnInside(s, p.Start + r, k);
                }

                string baseRef = "xk";
                string pixel = CodeWriter.I((long)r * sw * c);
                if (!p.Interior)
                {
                    baseRef = "xr";
                    if (zeros && !always)
                    {
                        w.Open("if ((uint)(" + column + ") < " + CodeWriter.I(s.Input[a]) + "u)");
                        pixel = KernelGeometry.Times(column, c);
                    }
                    else if (zeros || always)
                    {
                        w.Open();
                        pixel = KernelGeometry.Times(column, c);
                    }
                    else
                    {
                        w.Open();
                        w.Line("int col" + CodeWriter.I(r) + " = " + KernelParts.Resolve(s.PaddingMode, column, s.Input[a]) + ";");
                        pixel = KernelGeometry.Times("col" + CodeWriter.I(r), c);
                    }
                }

                for (int v = 0; v < vectors; v++)
                {
                    string at = p.Interior ? CodeWriter.I((long)r * sw * c + (long)v * lanes) : KernelGeometry.Sum(pixel, CodeWriter.I((long)v * lanes));
                    string load = masked && v == vectors - 1
                        ? Rt + "VectorLoads.MaskLoad" + bits + "(ref " + baseRef + ", " + at + ", mask)"
                        : vec + ".LoadUnsafe(ref At(ref " + baseRef + ", " + at + "))";
                    w.Line(Acc(r, v) + " = " + vec + ".FusedMultiplyAdd(w" + CodeWriter.I(v) + ", " + load + ", " + Acc(r, v) + ");");
                }

                if (!p.Interior)
                {
                    w.Close();
                }
            }

            w.Close();

            for (int d = 0; d < opened; d++)
            {
                w.Close();
            }

            WriteTileStore(w, s, g, t, p, ConstantsStride(s, t), count, vectors, masked);
            if (!last)
            {
                w.Close();
            }

            w.Close();
        }

        /// <summary>The tile's outputs: pixel r's channels at <c>row + (ox0 + r) * Cout + c0</c>, each vector through the epilogue.</summary>
        private static void WriteTileStore(CodeWriter w, LayerShape s, KernelGeometry g, VectorTile t, Position p, int stride, int count, int vectors, bool masked)
        {
            string bits = CodeWriter.I(t.Bits);
            string vec = t.Bits == 512 ? "Vec512" : "Vec256";
            string vt = t.Bits == 512 ? "F32x16" : "F32x8";
            int lanes = t.Lanes;
            var lead = ChannelLanes.LeadNames(s);
            string rowAt = "0";
            for (int d = 0; d < lead.Length; d++)
            {
                rowAt = KernelGeometry.Sum(rowAt, KernelGeometry.Times(lead[d].Out, g.OutAxisStride[d]));
            }

            w.Line("// Pixel r's channels start at at + r * " + CodeWriter.I(g.OutPositionStride) + ".");
            w.Line("int at = " + KernelGeometry.Sum(rowAt, KernelGeometry.Times(p.Interior ? "ox0" : CodeWriter.I(p.Start), g.OutPositionStride), "c0") + ";");
            for (int r = 0; r < p.Width; r++)
            {
                for (int v = 0; v < vectors; v++)
                {
                    bool m = masked && v == vectors - 1;
                    long off = (long)r * g.OutPositionStride + (long)v * lanes;
                    string here = KernelGeometry.Sum("at", CodeWriter.I(off));
                    string residual = m
                        ? Rt + "VectorLoads.MaskLoad" + bits + "(ref rn, " + here + ", mask)"
                        : vec + ".LoadUnsafe(ref At(ref rn, " + here + "))";
                    string e = KernelParts.VectorEpilogueOfVectors(s, vec, Acc(r, v), vec + ".LoadUnsafe(ref At(ref ep, " + CodeWriter.I((long)v * lanes) + "))",
                        vec + ".LoadUnsafe(ref At(ref ep, " + CodeWriter.I(stride + (long)v * lanes) + "))", vec + ".LoadUnsafe(ref At(ref ep, " + CodeWriter.I(2L * stride + (long)v * lanes) + "))", residual);
                    if (!KernelParts.HasVectorActivation(s))
                    {
                        w.Line(vec + ".StoreUnsafe(" + e + ", ref tt);");
                        int n = m ? count - (vectors - 1) * lanes : lanes;
                        w.Line("for (int i = 0; i < " + CodeWriter.I(n) + "; i++) { At(ref yn, " + here + " + i) = " + KernelParts.Activate(s, "At(ref tt, i)") + "; }");
                    }
                    else if (m)
                    {
                        w.Line(Rt + "VectorLanes.StoreColumns" + bits + "(" + e + ", ref At(ref yn, at), " + CodeWriter.I(off) + ", " + CodeWriter.I((long)r * g.OutPositionStride + count) + ");");
                    }
                    else
                    {
                        w.Line(vec + ".StoreUnsafe(" + e + ", ref At(ref yn, " + here + "));");
                    }
                }
            }
        }

        private static string Acc(int r, int v) => "a" + CodeWriter.I(r) + "_" + CodeWriter.I(v);
    }
}
