#!/usr/bin/python3
"""PyTorch 1.13 peer for bench/run.sh: the course's CNN (train with Adam and
inference, batch 32) and 2-layer LSTM (input 100, hidden 256, 28 steps,
batch 32, train with Adam), single-threaded, on random data. Prints JSON lines
like the C++ benches, and which BLAS library torch actually loaded."""
import json
import time

import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)


def blas_loaded():
    # Which BLAS shared object is mapped into this process (after a matmul).
    torch.randn(64, 64) @ torch.randn(64, 64)
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ""
            if "blas" in path or "mkl" in path:
                libs.add(path.rsplit("/", 1)[-1])
    return sorted(libs)


class CNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.pool = nn.MaxPool2d(2)
        self.fc1 = nn.Linear(1600, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.pool(torch.relu(self.conv1(x)))
        x = self.pool(torch.relu(self.conv2(x)))
        return self.fc2(torch.relu(self.fc1(x.flatten(1))))


class LSTMClassifier(nn.Module):  # the course's PyTorch model
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(input_size=100, hidden_size=256, num_layers=2, batch_first=True)
        self.fc = nn.Linear(256, 10)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.fc(out[:, -1, :])


def train_rate(model, x, y, batches):
    opt = torch.optim.Adam(model.parameters(), 1e-3)
    loss_fn = nn.CrossEntropyLoss()

    def step(i):
        opt.zero_grad()
        loss_fn(model(x[i]), y[i]).backward()
        opt.step()

    step(0)
    t0 = time.perf_counter()
    for i in range(batches):
        step(i % len(x))
    return batches * 32 / (time.perf_counter() - t0)


def infer_rate(model, x, batches):
    with torch.no_grad():
        model(x[0])
        best = 0
        for _ in range(3):
            t0 = time.perf_counter()
            for i in range(batches):
                model(x[i % len(x)])
            best = max(best, batches * 32 / (time.perf_counter() - t0))
    return best


def emit(model, task, rate, blas):
    print(json.dumps({"bench": "model", "world": "native", "impl": "pytorch", "isa": "torch " + torch.__version__,
                      "blas": ",".join(blas) or "none found", "model": model, "task": task,
                      "samples_per_s": round(rate, 1)}), flush=True)


blas = blas_loaded()
xs = [torch.rand(32, 1, 28, 28) for _ in range(8)]
ys = [torch.randint(0, 10, (32,)) for _ in range(8)]
cnn = CNN()
emit("cnn", "train", train_rate(cnn, xs, ys, 32), blas)
emit("cnn", "infer", infer_rate(cnn, xs, 32), blas)
xl = [torch.rand(32, 28, 100) for _ in range(4)]
lstm = LSTMClassifier()
emit("lstm", "train", train_rate(lstm, xl, ys, 8), blas)
