#!/usr/bin/env python3
"""Prints a ConvGen suite file (benchmarks/data/suite.json format) one layer a line, for bench_onednn:
name op rank N Cin Cout groups in... k... stride... pad... dil... out... macs
Output sizes and MACs use the suite's rules (convolution: N*Cout*prod(out)*Cin/groups*prod(k); transposed:
N*Cin*prod(in)*Cout/groups*prod(k))."""
import json, math, sys

def out_dims(l):
    if l["op"].startswith("conv_transpose"):
        return [(i - 1) * s - 2 * p + d * (k - 1) + 1 for i, k, s, p, d in zip(l["in"], l["k"], l["stride"], l["pad"], l["dil"])]
    return [(i + 2 * p - d * (k - 1) - 1) // s + 1 for i, k, s, p, d in zip(l["in"], l["k"], l["stride"], l["pad"], l["dil"])]

def macs(l):
    kv = math.prod(l["k"])
    if l["op"].startswith("conv_transpose"):
        return l["N"] * l["Cin"] * math.prod(l["in"]) * l["Cout"] // l["groups"] * kv
    return l["N"] * l["Cout"] * math.prod(out_dims(l)) * l["Cin"] // l["groups"] * kv

def load(path):
    with open(path) as f:
        layers = json.load(f)["layers"]
    for l in layers:
        l["out"] = out_dims(l)
        l["macs"] = macs(l)
    return layers

if __name__ == "__main__":
    j = lambda a: " ".join(map(str, a))
    for l in load(sys.argv[1]):
        print(l["name"], l["op"], len(l["k"]), l["N"], l["Cin"], l["Cout"], l["groups"],
              j(l["in"]), j(l["k"]), j(l["stride"]), j(l["pad"]), j(l["dil"]), j(l["out"]), l["macs"])
