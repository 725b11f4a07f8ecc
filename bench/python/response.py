"""Timings for bench/response.ts: scipy.signal.freqz and numpy routes, medians in ms (and
the fastest sample of the routes with abs, dB and angle).

Usage: python3 bench/python/response.py [RATE] [SWEEP_JSON]  -> one JSON object on stdout.
"""
import json
import sys
import time

try:
    import numpy as np
    import scipy
    import scipy.signal as signal
except ImportError as e:  # reported by bench/response.ts, which skips the columns
    print(json.dumps({"error": f"{e}"}))
    sys.exit(0)


def timing_ms(f, budget=0.4, min_reps=5, max_reps=301):
    """Median and fastest time of one call in ms: 150 ms of warm-up, then samples of `batch`
    calls (a sample lasts at least 0.25 ms), as bench/response.ts times its own code."""
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
    return times[len(times) // 2] * 1e3, times[0] * 1e3


def median_ms(f):
    return timing_ms(f)[0]


def dilate(w, d):
    out = np.zeros((len(w) - 1) * d + 1)
    out[::d] = w
    return out


KERNEL = np.array([0.25, 0.5, 0.25])
RATE = int(sys.argv[1]) if len(sys.argv) > 1 else 5
out = {"numpy": np.__version__, "scipy": scipy.__version__, "single": {}, "stack": {}}

# numpy at its steady state: glibc serves allocations above its mmap threshold (128 KiB at
# start) with a fresh mmap each, page faults included, until a freed large chunk raises the
# threshold. One call of the largest route first, so the 16384-point arrays (256 KiB) are not
# timed with a page fault per page: without it numpy's rfft + abs, dB, angle at N = 16384
# took 0.55 ms instead of 0.21 ms, which flattered ours by 2.6x.
np.angle(np.fft.rfft(dilate(KERNEL, RATE), 2 * 262144))

for n in (1024, 16384, 262144):
    # Dilation included in the timed work, as in the JS columns.
    def freqz():
        return signal.freqz(dilate(KERNEL, RATE), worN=n)

    def rfft():
        return np.fft.rfft(dilate(KERNEL, RATE), 2 * n)[:n]

    def rfft_full():
        h = np.fft.rfft(dilate(KERNEL, RATE), 2 * n)[:n]
        mag = np.abs(h)
        return mag, 20 * np.log10(np.maximum(mag, 1e-15)), np.angle(h)

    full, full_min = timing_ms(rfft_full)
    out["single"][str(n)] = {
        "freqz": median_ms(freqz),
        "rfft": median_ms(rfft),
        "rfftFull": full,
        "rfftFullMin": full_min,
    }

# The rate sweep of bench/response.ts: {"sizes": [...], "rates": [...]} as argv[2].
SWEEP = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {"sizes": [], "rates": []}
out["sweep"] = {}
for n in SWEEP["sizes"]:
    for d in SWEEP["rates"]:

        def sweep_full(n=n, d=d):
            h = np.fft.rfft(dilate(KERNEL, d), 2 * n)[:n]
            mag = np.abs(h)
            return mag, 20 * np.log10(np.maximum(mag, 1e-15)), np.angle(h)

        median, fastest = timing_ms(sweep_full, budget=0.25)
        out["sweep"][f"{n}@{d}"] = {"rfftFull": median, "rfftFullMin": fastest}

N = 65536
RATES = [1, 2, 4, 8, 16, 32, 64, 128]
BOX3 = np.full(3, 1 / 3)


def composite_rfft():
    h = np.array([1.0])
    for d in RATES:
        h = np.convolve(h, dilate(BOX3, d))
    return np.fft.rfft(h, 2 * N)[:N]


def product_rfft():
    return np.prod([np.fft.rfft(dilate(BOX3, d), 2 * N)[:N] for d in RATES], axis=0)


def composite_full():
    h = composite_rfft()
    mag = np.abs(h)
    return mag, 20 * np.log10(np.maximum(mag, 1e-15)), np.angle(h)


def members_full():
    hs = [np.fft.rfft(dilate(BOX3, d), 2 * N)[:N] for d in RATES]
    mags = [np.abs(h) for h in hs]
    dbs = [20 * np.log10(np.maximum(m, 1e-15)) for m in mags]
    h = np.prod(hs, axis=0)
    mag = np.abs(h)
    return mags, dbs, mag, 20 * np.log10(np.maximum(mag, 1e-15)), np.angle(h)


composite, composite_min = timing_ms(composite_full)
out["stack"] = {
    "compositeRfft": median_ms(composite_rfft),
    "productRfft": median_ms(product_rfft),
    "compositeFull": composite,
    "compositeFullMin": composite_min,
    "membersFull": median_ms(members_full),
}
print(json.dumps(out))
