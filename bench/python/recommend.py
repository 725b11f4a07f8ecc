"""numpy column of bench/recommend.ts: all multisets of L rates from 1..R with a 3-tap box
kernel, coverage by a vectorised boolean sumset, grid measures (deaf count, minimum gain,
flatness) by summing per-rate log-power table rows. Prints JSON {"ms": median, "feasible": n}.
Usage: python3 bench/python/recommend.py L R REPEATS"""
import itertools
import json
import sys
import time

import numpy as np

L, R, REPS = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
k, G = 3, 256
w = np.full(k, 1 / k)


def table():
    j = np.arange(G)
    om = np.pi * (j + 0.5) / G
    rows = np.zeros((R + 1, G))
    for d in range(1, R + 1):
        h = np.exp(-1j * np.outer(om * d, np.arange(k))) @ w
        rows[d] = np.log10(np.maximum(np.abs(h) ** 2, 1e-30))
    return rows


def run(ms, rows):
    n = len(ms)
    rf = 1 + (k - 1) * ms.sum(axis=1)
    width = int(rf.max())
    cov = np.zeros((n, width), dtype=bool)
    cov[:, 0] = True
    cols = np.arange(width)[None, :]
    rr = np.arange(n)[:, None]
    for i in range(L):
        d = ms[:, i][:, None]
        nxt = cov.copy()
        for t in range(1, k):
            src = cols - t * d
            ok = src >= 0
            nxt |= np.where(ok, cov[rr, np.clip(src, 0, None)], False)
        cov = nxt
    inside = cols < rf[:, None]
    covered = (cov & inside).sum(axis=1)
    good = covered == rf
    s = rows[ms[good]].sum(axis=1)
    mx = s.max(axis=1, keepdims=True)
    deaf = (s - mx < -2).sum(axis=1)
    gain = 10 * (s.min(axis=1) - mx[:, 0])
    flat = 10 ** (s.mean(axis=1) - mx[:, 0]) / (10 ** (s - mx)).mean(axis=1)
    return int(good.sum()), deaf, gain, flat


ms = np.array(list(itertools.combinations_with_replacement(range(1, R + 1), L)), dtype=np.int64)
rows = table()
times = []
feasible = 0
for _ in range(REPS):
    t0 = time.perf_counter()
    feasible, *_ = run(ms, rows)
    times.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"ms": float(np.median(times)), "feasible": feasible, "candidates": len(ms)}))
