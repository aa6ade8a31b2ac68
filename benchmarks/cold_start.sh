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
# Each layer's weights are packed and its Prepare called at load (timed as load_ms: worker threads started, scratch
# reserved and mapped), then the first call is timed; aot-no-prepare runs the NativeAOT binary without Prepare, so its
# first calls also pay for mapping the scratch and starting the workers.
# Usage: bash benchmarks/cold_start.sh    (from the repository root; writes benchmarks/results/cold_start.md)
#   ISA=x86-64-v3 pins AVX2 instead (machines without AVX-512, whose CPUs cannot run x86-64-v4 code);
#   RESULT=FILE writes FILE instead of benchmarks/results/cold_start.md.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/results
mkdir -p "$OUT"
ISA="${ISA:-x86-64-v4}"
RESULT="${RESULT:-$OUT/cold_start.md}"
P=benchmarks/ConvGen.ColdStart
R2R=(-r linux-x64 --self-contained false -p:PublishReadyToRun=true "-p:PublishReadyToRunCrossgen2ExtraArgs=--instruction-set:$ISA")
dotnet publish -c Release "$P" -o /tmp/convgen-coldstart/jit >/dev/null
dotnet publish -c Release "$P" "${R2R[@]}" -o /tmp/convgen-coldstart/r2r >/dev/null
dotnet publish -c Release "$P" -r linux-x64 -p:ConvGenAot=true "-p:ConvGenAotIsa=$ISA" -o /tmp/convgen-coldstart/aot >/dev/null
{
  echo "# Cold start: first call vs steady state (median of 41 calls), fresh process each run"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)$(grep -q avx512f /proc/cpuinfo && echo ' (AVX-512)' || echo ' (AVX2, no AVX-512)'), $(date -u +%Y-%m-%d). Command: ISA=$ISA bash benchmarks/cold_start.sh (instruction set pinned for ReadyToRun and NativeAOT: $ISA)"
  for mode in jit r2r aot aot-no-prepare; do
    for run in 1 2 3; do
      echo
      echo "## $mode, run $run"
      echo
      echo '```'
      case "$mode" in
        aot) /tmp/convgen-coldstart/aot/ConvGen.ColdStart ;;
        aot-no-prepare) /tmp/convgen-coldstart/aot/ConvGen.ColdStart --no-prepare ;;
        *) dotnet "/tmp/convgen-coldstart/$mode/ConvGen.ColdStart.dll" ;;
      esac
      echo '```'
    done
  done
} > "$RESULT"
cat "$RESULT"
