#!/usr/bin/env bash
# Cold start of generated kernels: first call against steady state in fresh processes, two ways:
#   jit   framework-dependent build, kernels JIT-compiled on first call
#   r2r   published ReadyToRun with the instruction set pinned to x86-64-v4 (AVX-512). The kernels are
#         [MethodImpl(AggressiveOptimization)], which ReadyToRun does not precompile, so they are still JIT-compiled;
#         a variant without that attribute was measured too and was worse: its kernels ran Tier-0 code, 2-13x slower,
#         for the first 30 calls.
#   aot   NativeAOT (ConvGenAot=true: PublishAot with the instruction set pinned to x86-64-v4): every kernel compiled
#         ahead of time, no JIT at all. Its packages come from the NuGet feed (they restored on 2026-12-02; on
#         2026-11-22 the feed had no NativeAOT runtime package) and linking uses the machine's gcc or clang.
# Usage: bash benchmarks/cold_start.sh    (from the repository root; writes benchmarks/results/cold_start.md)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/results
mkdir -p "$OUT"
P=benchmarks/ConvGen.ColdStart
R2R=(-r linux-x64 --self-contained false -p:PublishReadyToRun=true "-p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:x86-64-v4")
dotnet publish -c Release "$P" -o /tmp/convgen-coldstart/jit >/dev/null
dotnet publish -c Release "$P" "${R2R[@]}" -o /tmp/convgen-coldstart/r2r >/dev/null
dotnet publish -c Release "$P" -r linux-x64 -p:ConvGenAot=true -o /tmp/convgen-coldstart/aot >/dev/null
{
  echo "# Cold start: first call vs steady state (median of 41 calls), fresh process each run"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d). Command: bash benchmarks/cold_start.sh"
  for mode in jit r2r aot; do
    for run in 1 2 3; do
      echo
      echo "## $mode, run $run"
      echo
      echo '```'
      if [ "$mode" = aot ]; then /tmp/convgen-coldstart/aot/ConvGen.ColdStart; else dotnet "/tmp/convgen-coldstart/$mode/ConvGen.ColdStart.dll"; fi
      echo '```'
    done
  done
} > "$OUT/cold_start.md"
cat "$OUT/cold_start.md"
