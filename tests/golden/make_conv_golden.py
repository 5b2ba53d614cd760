#!/usr/bin/python3
"""Regenerates tests/fixtures/conv_golden.json with PyTorch 1.13 (Debian's
python3-torch, run with /usr/bin/python3): conv2d and max_pool2d forward
outputs and gradients for fixed inputs. Tensors are stored in the engine's
layout (NHWC activations, [KH, KW, C, OC] weights); torch works in NCHW.
loss = sum(out * r) with a fixed r, so every output's gradient path counts."""
import json
import os
import sys

import torch
import torch.nn.functional as F

torch.manual_seed(1)

def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]

def nhwc(t):  # NCHW -> NHWC
    return t.permute(0, 2, 3, 1)

cases = []
N, H, W, C, OC, K = 2, 7, 6, 3, 4, 3
x_nhwc = torch.randn(N, H, W, C)
w_hwio = torch.randn(K, K, C, OC) * 0.3
b = torch.randn(OC) * 0.1
for name, stride, padding in [("valid_s1", 1, 0), ("valid_s2", 2, 0), ("same_s1", 1, 1)]:
    x = x_nhwc.permute(0, 3, 1, 2).clone().requires_grad_(True)
    w = w_hwio.permute(3, 2, 0, 1).clone().requires_grad_(True)
    bb = b.clone().requires_grad_(True)
    out = F.conv2d(x, w, bb, stride=stride, padding=padding)
    r = torch.randn_like(out)
    (out * r).sum().backward()
    cases.append({
        "name": name, "stride": stride, "padding": "same" if padding else "valid",
        "out_shape": list(nhwc(out).shape), "out": flat(nhwc(out)), "r": flat(nhwc(r)),
        "dx": flat(nhwc(x.grad)), "dw": flat(w.grad.permute(2, 3, 1, 0)), "db": flat(bb.grad),
    })

# max_pool2d(2) on an odd-sized input (the last row/column is dropped).
xp = torch.randn(2, 3, 7, 5, requires_grad=True)  # NCHW
pooled = F.max_pool2d(xp, 2)
rp = torch.randn_like(pooled)
(pooled * rp).sum().backward()
pool = {"x_shape": list(nhwc(xp).shape), "x": flat(nhwc(xp)), "out_shape": list(nhwc(pooled).shape),
        "out": flat(nhwc(pooled)), "r": flat(nhwc(rp)), "dx": flat(nhwc(xp.grad))}

out = {"generator": "tests/golden/make_conv_golden.py", "torch": torch.__version__,
       "x_shape": [N, H, W, C], "x": flat(x_nhwc), "w_shape": [K, K, C, OC], "w": flat(w_hwio), "b": flat(b),
       "conv": cases, "maxpool": pool}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "conv_golden.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path), "with torch", torch.__version__, file=sys.stderr)
