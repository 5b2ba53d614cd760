#!/usr/bin/python3
"""Regenerates tests/fixtures/optim_golden.json with PyTorch 1.13 (Debian's
python3-torch, run with Debian's /usr/bin/python3). The C++ test reads the
JSON and needs no torch.

Problem: a Linear(4 -> 3) on 5 fixed examples, loss = mean((x Wᵀ + b − y)²).
For each optimizer config, 5 steps; we record W and b after every step.
"""
import json
import os
import sys

import torch

torch.manual_seed(0)
x = torch.randn(5, 4)
y = torch.randn(5, 3)
w0 = torch.randn(3, 4) * 0.5
b0 = torch.randn(3) * 0.5

CONFIGS = [
    ("sgd", dict(lr=0.1), torch.optim.SGD),
    ("sgd_momentum", dict(lr=0.1, momentum=0.9), torch.optim.SGD),
    ("sgd_nesterov", dict(lr=0.1, momentum=0.9, nesterov=True), torch.optim.SGD),
    ("sgd_weight_decay", dict(lr=0.1, momentum=0.5, weight_decay=0.1), torch.optim.SGD),
    ("rmsprop", dict(lr=0.01), torch.optim.RMSprop),
    ("rmsprop_momentum", dict(lr=0.01, momentum=0.9), torch.optim.RMSprop),
    ("adam", dict(lr=0.01), torch.optim.Adam),
    ("adam_weight_decay", dict(lr=0.01, weight_decay=0.1), torch.optim.Adam),
    ("adamw", dict(lr=0.01, weight_decay=0.1), torch.optim.AdamW),
]

def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]

cases = []
for name, kwargs, cls in CONFIGS:
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    opt = cls([w, b], **kwargs)
    steps = []
    for _ in range(5):
        opt.zero_grad()
        loss = ((x @ w.T + b - y) ** 2).mean()
        loss.backward()
        opt.step()
        steps.append({"loss": float(loss), "w": flat(w), "b": flat(b)})
    cases.append({"name": name, "kwargs": kwargs, "steps": steps})

# Gradient-norm clipping and the LR schedules, for the same problem.
w = w0.clone().requires_grad_(True)
b = b0.clone().requires_grad_(True)
((x @ w.T + b - y) ** 2).mean().backward()
norm = torch.nn.utils.clip_grad_norm_([w, b], 0.5)
clip = {"max_norm": 0.5, "norm": float(norm), "w_grad": flat(w.grad), "b_grad": flat(b.grad)}

def lrs(sched_cls, **kw):
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    s = sched_cls(opt, **kw)
    out = []
    for _ in range(12):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        s.step()
    return out

schedules = {
    "step": {"step_size": 3, "gamma": 0.5, "lr": lrs(torch.optim.lr_scheduler.StepLR, step_size=3, gamma=0.5)},
    "cosine": {"t_max": 10, "eta_min": 0.001,
               "lr": lrs(torch.optim.lr_scheduler.CosineAnnealingLR, T_max=10, eta_min=0.001)},
}

out = {
    "generator": "tests/golden/make_optim_golden.py",
    "torch": torch.__version__,
    "x": flat(x), "y": flat(y), "w0": flat(w0), "b0": flat(b0),
    "cases": cases, "clip": clip, "schedules": schedules,
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "optim_golden.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path), "with torch", torch.__version__, file=sys.stderr)
