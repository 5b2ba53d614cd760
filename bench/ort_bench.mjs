// ONNX Runtime peer for bench/run.sh: onnxruntime-node (native, one intra-op
// thread) and onnxruntime-web (its wasm SIMD build in Node, one thread) on the
// course's CNN and LSTM inference (batch 32) and the CNN's batch-1 latency,
// from the ONNX files bench/export_onnx.py writes. JSON lines like the others.
// Usage: node ort_bench.mjs node|web DIR_WITH_ONNX_FILES
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [which, dir] = process.argv.slice(2);
const require = createRequire(import.meta.url);
let ort, world, impl;
if (which === 'node') {
  ort = require('onnxruntime-node'); world = 'native'; impl = 'ort-node';
} else {
  ort = require('onnxruntime-web'); world = 'wasm'; impl = 'ort-web';
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
}
const version = ort.env.versions?.[which] ?? ort.env.versions?.common ?? 'unknown';
const options = which === 'node'
  ? { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' }
  : { executionProviders: ['wasm'], graphOptimizationLevel: 'all' };

function seeded(n, seed) {  // xorshift32 in [0, 1)
  const a = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; ++i) { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; a[i] = s / 4294967296; }
  return a;
}
const now = () => Number(process.hrtime.bigint()) / 1e9;
const emit = (row) => console.log(JSON.stringify({ bench: 'model', world, impl, isa: `onnxruntime-${which} ${version}`, threads: 1, ...row }));

async function throughput(session, dims, batches) {
  const inputs = Array.from({ length: 4 }, (_, i) => new ort.Tensor('float32', seeded(dims.reduce((a, b) => a * b), i + 1), dims));
  await session.run({ x: inputs[0] });
  let best = 0;
  for (let rep = 0; rep < 3; ++rep) {
    const t0 = now();
    for (let i = 0; i < batches; ++i) await session.run({ x: inputs[i % inputs.length] });
    best = Math.max(best, batches * dims[0] / (now() - t0));
  }
  return best;
}

async function latency(session, dims, runs) {
  const input = new ort.Tensor('float32', seeded(dims.reduce((a, b) => a * b), 7), dims);
  for (let i = 0; i < 20; ++i) await session.run({ x: input });
  const ms = [];
  for (let i = 0; i < runs; ++i) { const t0 = now(); await session.run({ x: input }); ms.push((now() - t0) * 1e3); }
  ms.sort((a, b) => a - b);
  return { median_ms: ms[Math.floor(runs / 2)], p95_ms: ms[Math.floor(runs * 0.95)] };
}

const cnn = await ort.InferenceSession.create(fs.readFileSync(path.join(dir, 'cnn.onnx')), options);
emit({ model: 'cnn', task: 'infer', samples_per_s: +(await throughput(cnn, [32, 1, 28, 28], 32)).toFixed(1) });
const lat = await latency(cnn, [1, 1, 28, 28], 1000);
emit({ bench: 'latency', model: 'cnn', task: 'infer1', median_ms: +lat.median_ms.toFixed(4), p95_ms: +lat.p95_ms.toFixed(4) });
const lstm = await ort.InferenceSession.create(fs.readFileSync(path.join(dir, 'lstm.onnx')), options);
emit({ model: 'lstm', task: 'infer', samples_per_s: +(await throughput(lstm, [32, 28, 100], 8)).toFixed(1) });
