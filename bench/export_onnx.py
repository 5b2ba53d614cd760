#!/usr/bin/python3
"""Writes the course's CNN and LSTM (random weights, seeded) as ONNX files for
the ONNX Runtime peers: python3 export_onnx.py OUT_DIR. Debian's PyTorch
exports them; nothing the bench can make is committed."""
import os
import sys
import warnings

import torch

from torch_models import CNN, LSTMClassifier

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
warnings.filterwarnings("ignore")  # the exporter's shape-inference notes
for name, model, example in [("cnn", CNN(), torch.rand(1, 1, 28, 28)),
                             ("lstm", LSTMClassifier(), torch.rand(1, 28, 100))]:
    torch.onnx.export(model.eval(), example, os.path.join(out, name + ".onnx"), opset_version=13,
                      input_names=["x"], output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}})
print(f"[bench] ONNX files in {out}", file=sys.stderr)
