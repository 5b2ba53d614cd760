#!/usr/bin/python3
"""Regenerates tests/fixtures/rnn_golden.json with PyTorch 1.13 (Debian's
python3-torch, run with /usr/bin/python3): nn.RNN / nn.GRU / nn.LSTM
(2 layers, batch_first) outputs, final states and gradients for fixed
weights. loss = sum(out * r) + sum(h_n * rh) (+ sum(c_n * rc) for LSTM)."""
import json
import os
import sys

import torch

torch.manual_seed(2)
B, T, I, H, L = 3, 5, 4, 3, 2

def flat(t):
    return [float(v) for v in t.detach().reshape(-1)]

x0 = torch.randn(B, T, I)
cases = []
for kind, cls in [("RNN", torch.nn.RNN), ("GRU", torch.nn.GRU), ("LSTM", torch.nn.LSTM)]:
    m = cls(input_size=I, hidden_size=H, num_layers=L, batch_first=True)
    x = x0.clone().requires_grad_(True)
    h0 = torch.randn(L, B, H) * 0.5
    if kind == "LSTM":
        c0 = torch.randn(L, B, H) * 0.5
        out, (hn, cn) = m(x, (h0, c0))
    else:
        out, hn = m(x, h0)
    r = torch.randn_like(out)
    rh = torch.randn_like(hn)
    loss = (out * r).sum() + (hn * rh).sum()
    case = {"kind": kind, "params": {}, "grads": {}, "h0": flat(h0)}
    if kind == "LSTM":
        rc = torch.randn_like(cn)
        loss = loss + (cn * rc).sum()
        case.update({"c0": flat(c0), "cn": flat(cn), "rc": flat(rc)})
    loss.backward()
    for name, p in m.named_parameters():
        case["params"][name] = flat(p)
        case["grads"][name] = flat(p.grad)
    case.update({"out": flat(out), "hn": flat(hn), "r": flat(r), "rh": flat(rh), "dx": flat(x.grad)})
    cases.append(case)

out = {"generator": "tests/golden/make_rnn_golden.py", "torch": torch.__version__,
       "B": B, "T": T, "I": I, "H": H, "L": L, "x": flat(x0), "cases": cases}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "rnn_golden.json")
with open(path, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(path), "with torch", torch.__version__, file=sys.stderr)
