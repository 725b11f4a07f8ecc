#!/usr/bin/python3
"""The Python path a user would take to analyse a model: torch forward hooks for the layer
table (shapes, parameters, MACs), numpy FFTs of every conv's weights for its power response
P(w) = sum |W(w)|^2 / C_in (129 points on [0, pi], the x cut), and autograd of one output
of an all-ones copy (activations kept, weights 1) for the tap set. Prints JSON timings.

Usage: model.py export OUT.onnx          (deeplabv3_resnet50, random init, no download)
       model.py time deeplabv3|FIXTURE   (timings of the Python path)
"""
import copy
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "test", "fixtures", "models"))


def deeplab():
    import torchvision
    return torchvision.models.segmentation.deeplabv3_resnet50(weights=None, weights_backbone=None, aux_loss=False).eval(), torch.randn(1, 3, 513, 513)


def fixture(name):
    import make  # the fixture script's modules
    table = {
        "deeplab_like": (lambda: make.DeepLabLike(), (1, 3, 97, 97)),
        "tcn": (lambda: make.TCN(), (1, 2, 160)),
        "wavenet": (lambda: make.WaveNet(), (1, 1, 80)),
        "bottleneck": (lambda: make.BottleneckNet(), (1, 16, 24, 24)),
        "separable": (lambda: make.Separable(), (1, 8, 40, 40)),
        "audio1d": (lambda: make.Audio1D(), (1, 1, 400)),
    }
    build, shape = table[name]
    return build().eval(), torch.rand(*shape)


def analyse(model, x):
    rows = []
    hooks = []
    for name, m in model.named_modules():
        if isinstance(m, (nn.Conv1d, nn.Conv2d)):
            def hook(mod, i, o, name=name):
                rows.append({"name": name, "out": list(o.shape), "params": sum(p.numel() for p in mod.parameters()),
                             "macs": int(np.prod(o.shape[2:])) * mod.out_channels * (mod.in_channels // mod.groups) * int(np.prod(mod.kernel_size))})
            hooks.append(m.register_forward_hook(hook))
    with torch.no_grad():
        model(x)
    for h in hooks:
        h.remove()
    powers = 0
    for name, m in model.named_modules():
        if isinstance(m, (nn.Conv1d, nn.Conv2d)) and max(m.kernel_size) > 1:
            w = m.weight.detach().numpy().astype(np.float64)
            d = m.dilation[-1]
            k = w.shape[-1]
            cut = w.sum(axis=tuple(range(2, w.ndim - 1))) if w.ndim > 3 else w
            dil = np.zeros(cut.shape[:2] + ((k - 1) * d + 1,))
            dil[..., ::d] = cut
            p = (np.abs(np.fft.rfft(dil, n=256, axis=-1)) ** 2).sum(axis=(0, 1)) / m.in_channels
            powers += p.size
    ones = copy.deepcopy(model)
    for m in ones.modules():
        if isinstance(m, (nn.Conv1d, nn.Conv2d)):
            m.weight.data.fill_(1.0)
            if m.bias is not None:
                m.bias.data.zero_()
    xx = torch.ones_like(x).requires_grad_(True)
    y = ones(xx)
    y = y["out"] if isinstance(y, dict) else y
    centre = tuple([0, 0] + [s // 2 for s in y.shape[2:]])
    (g,) = torch.autograd.grad(y[centre], xx)
    taps = int((g[0].abs().sum(0) > 0).sum())
    return len(rows), powers, taps


def main():
    if sys.argv[1] == "export":
        model, x = deeplab()
        torch.onnx.export(model, x, sys.argv[2], opset_version=13)
        return
    which = sys.argv[2]
    t0 = time.perf_counter()
    model, x = deeplab() if which == "deeplabv3" else fixture(which)
    t1 = time.perf_counter()
    layers, powers, taps = analyse(model, x)
    t2 = time.perf_counter()
    print(json.dumps({"buildMs": (t1 - t0) * 1e3, "analyseMs": (t2 - t1) * 1e3, "layers": layers, "taps": taps}))


if __name__ == "__main__":
    main()
