#!/usr/bin/env python3
"""Times PyTorch (Debian's python3-torch, oneDNN inside) on a ConvGen suite file, NCHW (PyTorch's default path) and
channels_last for 2-D layers, with the same timing rule as the ConvGen suite command (warm-up >= 3 calls and 0.2 s,
then >= 20 calls and 0.5 s; median and best). Usage: bench_torch.py SUITE THREADS OUT.csv"""
import statistics, sys, time
import torch
from suite_lines import load

def timed(fn):
    t0 = time.perf_counter(); k = 0
    while k < 3 or time.perf_counter() - t0 < 0.2:
        fn(); k += 1
    ts = []; start = time.perf_counter()
    while len(ts) < 20 or time.perf_counter() - start < 0.5:
        a = time.perf_counter(); fn(); ts.append(time.perf_counter() - a)
    return statistics.median(ts), min(ts)

def module(l):
    rank = len(l["k"])
    kw = dict(kernel_size=l["k"], stride=l["stride"], padding=l["pad"], dilation=l["dil"], groups=l["groups"], bias=False)
    if l["op"].startswith("conv_transpose"):
        return [None, torch.nn.ConvTranspose1d, torch.nn.ConvTranspose2d, torch.nn.ConvTranspose3d][rank](l["Cin"], l["Cout"], **kw)
    return [None, torch.nn.Conv1d, torch.nn.Conv2d, torch.nn.Conv3d][rank](l["Cin"], l["Cout"], **kw)

def main(suite, threads, out):
    torch.set_num_threads(threads)
    rows = []
    with torch.no_grad():
        for l in load(suite):
            m = module(l).eval()
            x = torch.randn([l["N"], l["Cin"], *l["in"]])
            variants = [("torch", m, x)]
            if len(l["k"]) == 2:
                variants.append(("torch_cl", module(l).eval().to(memory_format=torch.channels_last), x.to(memory_format=torch.channels_last)))
            for peer, mod, inp in variants:
                med, best = timed(lambda: mod(inp))
                rows.append(f'{l["name"]},{peer},{threads},{l["macs"]},{med*1e3:.4f},{best*1e3:.4f},{2*l["macs"]/med/1e9:.2f},{peer}')
                print(rows[-1], flush=True)
    with open(out, "w") as f:
        f.write("layer,peer,threads,macs,median_ms,best_ms,gflops_median,algorithm\n" + "\n".join(rows) + "\n")

if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
