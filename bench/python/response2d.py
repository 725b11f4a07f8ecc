"""Timings for bench/response2d.ts: numpy's route to the 2-D magnitude, medians in ms.

The composite kernel of box 3x3 at rates 1, 2, 5 (np.convolve2d-free: full convolution of
the dilated kernels by scipy.signal.convolve2d), then np.fft.fft2 on the N x N grid,
fftshift, abs and 20*log10 (floored at 1e-15, i.e. -300 dB), as response2d returns.
Usage: python3 bench/python/response2d.py  -> one JSON object on stdout.
"""
import json
import sys
import time

try:
    import numpy as np
    from scipy.signal import convolve2d
except ImportError as e:  # reported by bench/response2d.ts, which skips the column
    print(json.dumps({"error": f"{e}"}))
    sys.exit(0)


def median_ms(f, budget=0.6, min_reps=5, max_reps=301):
    """Median time of one call in ms: 150 ms of warm-up, then samples of `batch` calls
    (a sample lasts at least 0.25 ms), as bench/response2d.ts times its own code."""
    warm = time.perf_counter()
    calls = 0
    while calls < 3 or time.perf_counter() - warm < 0.15:
        f()
        calls += 1
    per_call = (time.perf_counter() - warm) / calls
    batch = max(1, int(-(-0.00025 // per_call)))
    times = []
    start = time.perf_counter()
    while len(times) < max_reps and (len(times) < min_reps or time.perf_counter() - start < budget):
        t = time.perf_counter()
        for _ in range(batch):
            f()
        times.append((time.perf_counter() - t) / batch)
    times.sort()
    return times[len(times) // 2] * 1e3


def dilate2(w, d):
    out = np.zeros(((w.shape[0] - 1) * d + 1, (w.shape[1] - 1) * d + 1))
    out[::d, ::d] = w
    return out


BOX = np.full((3, 3), 1 / 9)
RATES = [1, 2, 5]


def composite():
    h = np.ones((1, 1))
    for d in RATES:
        h = convolve2d(h, dilate2(BOX, d))
    return h


def route(n):
    def f():
        H = np.fft.fftshift(np.fft.fft2(composite(), (n, n)))
        mag = np.abs(H)
        return mag, 20 * np.log10(np.maximum(mag, 1e-15))

    return f


def route_members(n):
    def f():
        hs = [np.fft.fftshift(np.fft.fft2(dilate2(BOX, d), (n, n))) for d in RATES]
        mags = [np.abs(h) for h in hs]
        dbs = [20 * np.log10(np.maximum(m, 1e-15)) for m in mags]
        mag = np.abs(np.prod(hs, axis=0))
        return mags, dbs, mag, 20 * np.log10(np.maximum(mag, 1e-15))

    return f


out = {"numpy": np.__version__, "sizes": {}}
for n in (128, 256, 512):
    out["sizes"][str(n)] = {"composite": median_ms(route(n)), "members": median_ms(route_members(n))}
print(json.dumps(out))
