#!/usr/bin/python3
"""Times the ERF of the 2-D fixture models (test/fixtures/models/make.py) and of a
ResNet-50-sized model (torchvision resnet50, random weights, no download) by torch
autograd on the CPU, one thread, as bench/erf.ts does on the TypeScript side.

Reads JSON from stdin: {"cases": [{"name", "model", "size", "samples"}], "repeats": R};
prints {"name": seconds} (best of R) and "maxRssMB", the process's peak resident memory. Work per case: N standard-normal inputs of
[C, S, S] in one batch, forward, the gradient of the centre output summed over channels,
squared, summed over channels and averaged: what `dilation-lab erf --model` does.
"""
import json
import os
import resource
import sys
import time

import torch

torch.set_num_threads(1)
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "models"))
import make  # noqa: E402  (the fixtures' module definitions; main() is not run)


def build(name):
    if name == "deeplab_like":
        return make.randomize_bn(make.DeepLabLike()).eval(), 3
    if name == "bottleneck":
        return make.randomize_bn(make.BottleneckNet()).eval(), 16
    if name == "resnet50":
        # The spatial part (everything before the global pool, as erf --model measures),
        # seeded as the ONNX file bench/erf.ts exports, so both sides run the same weights.
        sys.path.insert(0, os.path.dirname(__file__))
        import export_resnet50  # noqa: E402

        return export_resnet50.trunk(), 3
    raise SystemExit(f"unknown model {name}")


req = json.load(sys.stdin)
out = {}
for c in req["cases"]:
    model, C = build(c["model"])
    S, N = c["size"], c["samples"]
    best = float("inf")
    for _ in range(req.get("repeats", 3)):
        x = torch.randn(N, C, S, S, requires_grad=True)
        t0 = time.perf_counter()
        y = model(x)
        p, q = (y.shape[2] - 1) // 2, (y.shape[3] - 1) // 2
        y[:, :, p, q].sum().backward()
        erf = (x.grad**2).sum(dim=(0, 1)) / N
        erf.max().item()
        best = min(best, time.perf_counter() - t0)
    out[c["name"]] = best
out["maxRssMB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
