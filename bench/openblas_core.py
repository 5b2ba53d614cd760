#!/usr/bin/python3
"""Which OpenBLAS core makes PyTorch fastest here (bench/run.sh's tuned
PyTorch). OpenBLAS picks a core from the CPU's model number; on a CPU it does
not know (a virtual machine's, say) it can fall back to an old one (Prescott:
SSE3) and leave AVX-512 unused. For each candidate (its own choice, then the
cores of the ISAs this CPU has) this times one-thread SGEMM through
torch.mm on the course models' shapes in a fresh process, prints a line per
candidate to stderr, and prints the fastest candidate's OPENBLAS_CORETYPE (an
empty line for OpenBLAS's own choice). Usage: openblas_core.py"""
import json
import os
import subprocess
import sys

PROBE = r"""
import json, time, torch
torch.set_num_threads(1)
best = {}
for m, k, n in [(3872, 288, 64), (32, 356, 1024), (1024, 1024, 1024)]:
    a, b = torch.rand(m, k), torch.rand(k, n)
    torch.mm(a, b)
    t = 1e9
    for _ in range(5):
        t0 = time.perf_counter(); torch.mm(a, b); t = min(t, time.perf_counter() - t0)
    best[f"{m}x{k}x{n}"] = 2 * m * n * k / t / 1e9
print(json.dumps(best))
"""

flags = open("/proc/cpuinfo").read().split("flags", 1)[1].split("\n", 1)[0].split()
candidates = [""]
if "avx512f" in flags:
    candidates.append("SkylakeX")
if "avx2" in flags:
    candidates.append("Haswell")
results = []
for core in candidates:
    env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
    if core:
        env["OPENBLAS_CORETYPE"] = core
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True).stdout
    gflops = json.loads(out)
    # The geometric mean over the shapes: no one shape decides.
    score = 1.0
    for v in gflops.values():
        score *= v
    score **= 1 / len(gflops)
    results.append((score, core))
    shapes = ", ".join(f"{s} {v:.1f}" for s, v in gflops.items())
    print(f"[bench] OpenBLAS core {core or '(its own choice)'}: SGEMM GFLOP/s {shapes}", file=sys.stderr)
print(max(results)[1])
