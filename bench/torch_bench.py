#!/usr/bin/python3
"""PyTorch peer for bench/run.sh: the course's CNN (train with Adam and
inference, batch 32, and one image's latency) and 2-layer LSTM (input 100,
hidden 256, 28 steps, batch 32: train with Adam and inference), one thread, on
random data (MLPG_BENCH_THREADS=n: n threads). Prints JSON lines like the C++ benches, each saying how this
process ran: the variant (as installed, or an allocator setting bench/run.sh
chose), the allocator, the BLAS library and the core OpenBLAS picked, and the
page faults per sample. Usage: torch_bench.py VARIANT"""
import ctypes
import json
import os
import resource
import sys
import time

import torch
import torch.nn as nn

from torch_models import CNN, LSTMClassifier

# One thread unless MLPG_BENCH_THREADS says otherwise (bench/run.sh's thread-scaling rows).
torch.set_num_threads(int(os.environ.get("MLPG_BENCH_THREADS", "1")))
torch.manual_seed(0)
variant = sys.argv[1] if len(sys.argv) > 1 else "as-installed"


def blas_loaded():
    """The BLAS shared objects mapped into this process (after a matmul), and
    for OpenBLAS the core it chose and its build (its own query functions)."""
    torch.randn(64, 64) @ torch.randn(64, 64)
    paths = set()
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and ("blas" in parts[-1] or "mkl" in parts[-1]):
                paths.add(parts[-1])
    core = ""
    for p in sorted(paths):
        try:
            lib = ctypes.CDLL(p)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            core = f"{lib.openblas_get_corename().decode()} ({lib.openblas_get_config().decode().strip()})"
        except (OSError, AttributeError):
            pass
    return ",".join(p.rsplit("/", 1)[-1] for p in sorted(paths)) or "none found", core or "n/a"


def allocator():
    pre = os.environ.get("LD_PRELOAD", "")
    if pre:
        return "preloaded " + ",".join(p.rsplit("/", 1)[-1] for p in pre.split(":") if p)
    knobs = [f"{k}={os.environ[k]}" for k in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_") if k in os.environ]
    return "glibc malloc, " + (" ".join(knobs) if knobs else "default thresholds")


def faults():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_minflt + r.ru_majflt


def timed(samples, run):
    """Samples/s of run() and its page faults per sample."""
    f0, t0 = faults(), time.perf_counter()
    run()
    return samples / (time.perf_counter() - t0), (faults() - f0) / samples


def train_rate(model, x, y, batches):
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step(i):
        opt.zero_grad()
        loss_fn(model(x[i]), y[i]).backward()
        opt.step()

    step(0)
    return timed(batches * 32, lambda: [step(i % len(x)) for i in range(batches)])


def infer_rate(model, x, batches):
    with torch.no_grad():
        model(x[0])
        return max((timed(batches * 32, lambda: [model(x[i % len(x)]) for i in range(batches)]) for _ in range(3)),
                   key=lambda r: r[0])


def latency(model, runs=1000):
    x = torch.rand(1, 1, 28, 28)
    ms = []
    with torch.no_grad():
        for _ in range(20):
            model(x)
        for _ in range(runs):
            t0 = time.perf_counter()
            model(x)
            ms.append((time.perf_counter() - t0) * 1e3)
    ms.sort()
    return ms[runs // 2], ms[int(runs * 0.95)]


blas, core = blas_loaded()
env = {"impl": "pytorch", "world": "native", "isa": "torch " + torch.__version__, "variant": variant,
       "allocator": allocator(), "blas": blas, "blas_core": core, "threads": torch.get_num_threads(), "blas_threads": int(os.environ.get("OPENBLAS_NUM_THREADS", "0") or 0),
       "openblas_env": " ".join(f"{k}={os.environ[k]}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
                                if k in os.environ) or "unset"}


def emit(model, task, rate_faults):
    rate, per_sample = rate_faults
    print(json.dumps({"bench": "model", **env, "model": model, "task": task, "samples_per_s": round(rate, 1),
                      "faults_per_sample": round(per_sample, 2)}), flush=True)


xs = [torch.rand(32, 1, 28, 28) for _ in range(8)]
ys = [torch.randint(0, 10, (32,)) for _ in range(8)]
cnn = CNN()
emit("cnn", "train", train_rate(cnn, xs, ys, 32))
emit("cnn", "infer", infer_rate(cnn.eval(), xs, 32))
median, p95 = latency(cnn)
print(json.dumps({"bench": "latency", **env, "model": "cnn", "task": "infer1", "median_ms": round(median, 4),
                  "p95_ms": round(p95, 4)}), flush=True)
xl = [torch.rand(32, 28, 100) for _ in range(4)]
lstm = LSTMClassifier()
emit("lstm", "train", train_rate(lstm, xl, ys, 8))
emit("lstm", "infer", infer_rate(lstm.eval(), xl, 8))
