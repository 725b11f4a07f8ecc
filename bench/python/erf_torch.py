#!/usr/bin/python3
"""Times the ERF of single-channel conv stacks by torch autograd (CPU), as bench/erf.ts does.

Reads JSON from stdin: {"cases": [{"name", "kernels": [[...3x3...]...], "rates": [...],
"size": S, "samples": N}]}; prints {"name": seconds} (best of `repeats`). Same work as the
TypeScript side: N seeded inputs of S×S, ReLU after every layer but the last, "same"
padding, the gradient of the centre output, squared and averaged.
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
req = json.load(sys.stdin)
out = {}
for c in req["cases"]:
    ws = [torch.tensor(k, dtype=torch.float32).reshape(1, 1, 3, 3) for k in c["kernels"]]
    S, N = c["size"], c["samples"]
    best = float("inf")
    for _ in range(req.get("repeats", 3)):
        x = torch.randn(N, 1, S, S, requires_grad=True)
        t0 = time.perf_counter()
        y = x
        for i, (w, d) in enumerate(zip(ws, c["rates"])):
            y = F.conv2d(y, w, padding=d, dilation=d)
            if i < len(ws) - 1:
                y = F.relu(y)
        p = (y.shape[2] - 1) // 2
        y[:, :, p, p].sum().backward()
        erf = (x.grad**2).sum(dim=(0, 1)) / N
        erf.max().item()
        best = min(best, time.perf_counter() - t0)
    out[c["name"]] = best
print(json.dumps(out))
