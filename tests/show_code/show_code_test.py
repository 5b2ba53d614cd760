#!/usr/bin/env python3
"""Runs every model's "Show code" PyTorch code in Debian's python3-torch and
checks it against the playground: the parameter count (225,034 for the
course's CNN), a forward pass on a batch shaped as the playground's inputs,
and one training step with a finite loss. The Keras code cannot run here (no
TensorFlow in Debian): it is parsed, and its layer list and the parameter
count that list implies are checked against the engine's own layer configs.

usage: show_code_test.py <emit_code binary>"""
import ast
import json
import math
import subprocess
import sys

import torch

KERAS_NAMES = {"Dense": "Dense", "Conv2D": "Conv2D", "MaxPool2D": "MaxPooling2D", "AvgPool2D": "AveragePooling2D",
               "Flatten": "Flatten", "Dropout": "Dropout", "Activation": "Activation", "LastStep": "Lambda",
               "Embedding": "Embedding", "LSTM": "LSTM", "GRU": "GRU", "RNN": "SimpleRNN"}


def expected_keras_layers(configs):
    """The Keras layer list the engine's configs call for: (name, first argument)."""
    out = []
    for c in configs:
        t = c["type"]
        if t in ("LSTM", "GRU", "RNN"):
            for layer in range(c["num_layers"]):
                if layer > 0 and c.get("dropout", 0) > 0:
                    out.append(("Dropout", round(c["dropout"], 6)))
                out.append((KERAS_NAMES[t], c["hidden_size"]))
        else:
            first = {"Dense": c.get("units"), "Conv2D": c.get("filters"), "Embedding": c.get("vocab"),
                     "Activation": c.get("activation"), "Dropout": round(c.get("p", 0), 6)}.get(t)
            out.append((KERAS_NAMES[t], first))
    return out


def keras_layers(code):
    """(name, first numeric argument, call) of each layers.X(...) in keras.Sequential([...])."""
    tree = ast.parse(code)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Sequential":
            calls = [e for e in node.args[0].elts if isinstance(e, ast.Call)]
            first_input = calls[0]
            assert ast.unparse(first_input.func) == "keras.Input", ast.unparse(first_input)
            shape = ast.literal_eval(first_input.keywords[0].value)
            layers = []
            for call in calls[1:]:
                name = ast.unparse(call.func)
                assert name.startswith("layers."), name
                arg = call.args[0] if call.args else None
                value = arg.value if isinstance(arg, ast.Constant) else None
                layers.append((name[len("layers."):], round(value, 6) if isinstance(value, float) else value, call))
            return shape, layers
    raise AssertionError("no keras.Sequential([...]) in the Keras code")


def keras_parameter_count(shape, layers):
    """Parameters Keras would give the parsed layer list (its formulas, one bias per gate)."""
    shape, total = list(shape), 0
    for name, first, call in layers:
        if name == "Dense":
            total += shape[-1] * first + first
            shape[-1] = first
        elif name == "Conv2D":
            k = ast.literal_eval(call.args[1])[0]
            total += k * k * shape[-1] * first + first
            shape = [shape[0] - k + 1, shape[1] - k + 1, first]
        elif name in ("MaxPooling2D", "AveragePooling2D"):
            p = ast.literal_eval(call.args[0])[0]
            shape = [shape[0] // p, shape[1] // p, shape[2]]
        elif name == "Flatten":
            shape = [math.prod(shape)]
        elif name == "Embedding":
            total += first * call.args[1].value
            shape = [shape[0], call.args[1].value]
        elif name in ("LSTM", "GRU", "SimpleRNN"):
            gates = {"LSTM": 4, "GRU": 3, "SimpleRNN": 1}[name]
            total += gates * (first * (shape[-1] + first) + first)
            shape = [shape[0], first]
        elif name == "Lambda":
            shape = [shape[-1]]
    return total


def pytorch_extra_biases(configs):
    """PyTorch's recurrent layers keep a second bias vector per gate (b_hh) that Keras' do not."""
    n = 0
    for c in configs:
        gates = {"LSTM": 4, "GRU": 3, "RNN": 1}.get(c["type"])
        if gates:
            n += gates * c["hidden_size"] * c["num_layers"]
    return n


def main():
    out = subprocess.run([sys.argv[1]], check=True, capture_output=True, text=True).stdout
    models = json.loads(out)
    assert len(models) >= 20, f"expected every page's models, got {len(models)}"
    failures = 0
    torch.manual_seed(0)
    for m in models:
        where = f"{m['page']['lesson']} {json.dumps(m['page']['params'])}: {m['title']}"
        try:
            scope = {"__name__": "show_code"}
            exec(compile(m["pytorch"], "<pytorch code>", "exec"), scope)
            model = scope["model"]
            count = sum(p.numel() for p in model.parameters())
            assert count == m["parameters"], f"PyTorch counts {count} parameters, the playground {m['parameters']}"
            x, y = scope["example_batch"](4)
            if m["input_is_ids"]:
                assert x.dtype == torch.int64 and list(x.shape) == [4] + m["input"], x.shape
            elif m["features"]:
                assert list(x.shape) == [4, m["features"]], x.shape
            with torch.no_grad():
                model.eval()
                h = model(x)
                model.train()
            assert list(h.shape) == [4] + m["output"], f"forward gives {list(h.shape)}, expected {[4] + m['output']}"
            loss = scope["train_step"](x, y)
            assert math.isfinite(loss), f"training step loss {loss}"
            shape, layers = keras_layers(m["keras"])
            want = expected_keras_layers(m["layers"])
            got = [(name, first) for name, first, _ in layers]
            assert got == want, f"Keras layers {got}, the engine's {want}"
            k = keras_parameter_count(shape, layers)
            assert k == m["parameters"] - pytorch_extra_biases(m["layers"]), f"Keras layers give {k} parameters"
            print(f"ok   {where}: {count} parameters, output {list(h.shape)}, loss {loss:.4f}, Keras {k}")
        except Exception as e:  # report every model, then fail
            failures += 1
            print(f"FAIL {where}: {type(e).__name__}: {e}")
    cnn = [m for m in models if m["title"] == "the course's CNN"]
    assert cnn and all(m["parameters"] == 225034 for m in cnn), "the course's CNN has 225,034 parameters"
    print(f"{len(models) - failures} of {len(models)} models' code checked")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
