#!/usr/bin/python3
"""Exports the ResNet-50 case of bench/erf.ts: torchvision's resnet50 with random
initialisation (weights=None: nothing is downloaded; torch.manual_seed(0), batch norms in
eval mode with their initial statistics), the spatial part only (everything before the
global pool, as `dilation-lab erf --model` measures it), to ONNX (opset 13) at a fixed
input of 1x3xSxS.

Usage: export_resnet50.py OUT.onnx [S]   (S default 257). About 100 MB: written at bench
time into a cache directory, never committed. bench/python/erf_torch_models.py builds the
same module with the same seed, so both sides run the same weights.
"""
import sys

import torch
import torchvision


def trunk():
    torch.manual_seed(0)
    m = torchvision.models.resnet50(weights=None)
    return torch.nn.Sequential(*list(m.children())[:-2]).eval()


if __name__ == "__main__":
    out = sys.argv[1]
    S = int(sys.argv[2]) if len(sys.argv) > 2 else 257
    model = trunk()
    x = torch.zeros(1, 3, S, S)
    with torch.no_grad():
        torch.onnx.export(model, x, out, opset_version=13, input_names=["input"], output_names=["features"])
    print(out)
