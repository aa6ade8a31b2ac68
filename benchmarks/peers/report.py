#!/usr/bin/env python3
"""Merges suite CSVs (ConvGen and peers) into one Markdown table: effective GFLOP/s per layer and thread count, the
best peer, and ConvGen's ratio to it. ConvGen may have two rows per layer, NCHW (convgen) and channels-last
(convgen_cl, from `suite --channels-last`), as PyTorch has torch and torch_cl and oneDNN runs in the blocked layout
it chooses (format_tag::any): the ratio takes ConvGen's better layout against the best peer in any layout, and a
second geometric mean gives NCHW ConvGen alone against the same best peer. A (layer, threads, peer) that appears in several rows (several rounds of the
same run, see run_peers.sh) keeps its best median: on a shared machine a round can be slowed by other tenants, and
every peer is treated alike. Usage: report.py OUT.md CSV..."""
import csv, math, sys
from collections import defaultdict

def main(out, paths):
    g = defaultdict(dict)   # (layer, threads) -> peer -> (gflops, algorithm)
    order = []
    for p in paths:
        with open(p) as f:
            for r in csv.DictReader(f):
                key = (r["layer"], int(r["threads"]))
                if key not in g:
                    order.append(key)
                value = (float(r["gflops_median"]), r.get("algorithm", ""))
                if r["peer"] not in g[key] or value[0] > g[key][r["peer"]][0]:
                    g[key][r["peer"]] = value
    peers = ["torch", "torch_cl", "dnnl_auto", "dnnl_direct", "dnnl_wino"]
    lines = ["| layer | threads | convgen | convgen_cl | " + " | ".join(peers) + " | best peer | convgen / best | convgen kernel |",
             "|---|---:|---:|---:|" + "---:|" * len(peers) + "---|---:|---|"]
    ratios = defaultdict(list)
    nchw = defaultdict(list)
    for key in sorted(order, key=lambda k: (k[1], order.index(k))):
        row = g[key]
        if "convgen" not in row:
            continue
        ours = max((row[p][0], p) for p in ("convgen", "convgen_cl") if p in row)
        present = {p: row[p][0] for p in peers if p in row}
        best = max(((v, p) for p, v in present.items()), default=(float("nan"), "-"))
        ratio = ours[0] / best[0] if present else float("nan")
        if present:
            ratios[key[1]].append(ratio)
            nchw[key[1]].append(row["convgen"][0] / best[0])
        cl = f"{row['convgen_cl'][0]:.1f}" if "convgen_cl" in row else "-"
        cells = [f"{present[p]:.1f}" if p in present else "-" for p in peers]
        mark = " (cl)" if ours[1] == "convgen_cl" else ""
        lines.append(f"| {key[0]} | {key[1]} | {row['convgen'][0]:.1f} | {cl} | " + " | ".join(cells) + f" | {best[1]} {best[0]:.1f} | {ratio:.2f}x{mark} | {row[ours[1]][1]} |")
    lines.append("")
    lines.append("convgen / best: ConvGen's better layout (NCHW, or channels-last where marked (cl)) against the best peer in any layout.")
    lines.append("")
    for t, rs in sorted(ratios.items()):
        gm = math.exp(sum(math.log(r) for r in rs) / len(rs))
        gn = math.exp(sum(math.log(r) for r in nchw[t]) / len(nchw[t]))
        lines.append(f"- {t} thread(s): geometric mean of convgen / best peer = {gm:.2f}x over {len(rs)} layers; lowest {min(rs):.2f}x. "
                     f"NCHW ConvGen alone: {gn:.2f}x, lowest {min(nchw[t]):.2f}x.")
    text = "\n".join(lines) + "\n"
    with open(out, "w") as f:
        f.write(text)
    print(text)

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
