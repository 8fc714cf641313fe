"""Time every deal-loop analysis on synthetic graphs: 10,000 deals among 1,000 companies must take under 2 s.

Run: python benchmarks/deal_graph.py. Prints the time per size and the growth from 1,000 to 10,000 deals
(near-linear means a ratio close to 10, far below the 100 a quadratic method would give).
"""

from __future__ import annotations

import time

from moneyloop import deals as dl

SIZES = (1_000, 2_000, 5_000, 10_000)
COMPANIES = 1_000
TARGET_S = 2.0


def best_of(n_deals: int, repeats: int = 3) -> tuple[float, int]:
    """Fastest of `repeats` runs of all chapter analytics (both views), and the loops found."""
    deals, companies = dl.synthetic(n_deals, COMPANIES, seed=42)
    times, loops = [], 0
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = dl.analytics(deals, companies)
        times.append(time.perf_counter() - t0)
        loops = len(out["headline"]["cycles"]) + len(out["binding"]["cycles"])
    return min(times), loops


def main() -> None:
    dl.analytics(*dl.synthetic(200, 50, seed=0))  # warm imports and caches
    results = {}
    print(f"{'deals':>7} {'companies':>9} {'seconds':>8} {'loops':>6}")
    for n in SIZES:
        secs, loops = best_of(n)
        results[n] = secs
        print(f"{n:>7,} {COMPANIES:>9,} {secs:>8.3f} {loops:>6,}")
    ratio = results[SIZES[-1]] / results[SIZES[0]]
    print(f"growth 1,000 -> 10,000 deals: {ratio:.1f}x time for 10x deals")
    print(
        f"10,000 deals in {results[10_000]:.3f} s: {'meets' if results[10_000] < TARGET_S else 'MISSES'} "
        f"the {TARGET_S:.0f} s target"
    )


if __name__ == "__main__":
    main()
