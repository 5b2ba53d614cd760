// TF.js 4.22 peer for bench/run.sh: the course's CNN (training and inference,
// batch 32) and 2-layer LSTM (training), on the wasm backend (XNNPACK, SIMD,
// one thread) and the cpu backend. Where a backend cannot run an op, it says
// why and goes on. Prints JSON lines like the C++ benches.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
// The umbrella package: core (with the chained ops layers needs), layers, cpu backend.
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const tfl = tf;

const budget = Number(process.env.TFJS_BENCH_SECONDS || 6);  // per measurement

function emit(backend, model, task, rate, note) {
  console.log(JSON.stringify({ bench: 'model', world: backend === 'wasm' ? 'wasm' : 'js', impl: `tfjs-${backend}`,
    isa: `tfjs ${tf.version_core}`, model, task, samples_per_s: rate === null ? null : Math.round(rate * 10) / 10,
    note: note || undefined }));
}

function cnn() {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 128, activation: 'relu' }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

function lstm() {
  const m = tfl.sequential();
  m.add(tfl.layers.lstm({ units: 256, returnSequences: true, inputShape: [28, 100] }));
  m.add(tfl.layers.lstm({ units: 256 }));
  m.add(tfl.layers.dense({ units: 10, activation: 'softmax' }));
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'sparseCategoricalCrossentropy' });
  return m;
}

async function timeLoop(fn) {  // warm-up call, then as many calls as fit in the budget
  await fn();
  let n = 0;
  const t0 = performance.now();
  do { await fn(); ++n; } while (performance.now() - t0 < budget * 1000 && n < 200);
  return n * 32 / ((performance.now() - t0) / 1000);
}

async function measure(backend, name, task, make, shape) {
  try {
    const m = make();
    const x = tf.randomUniform([32, ...shape]);
    const y = tf.randomUniform([32], 0, 10, 'int32').cast('float32');
    const rate = task === 'train'
      ? await timeLoop(async () => { await m.trainOnBatch(x, y); })
      : await timeLoop(async () => { const p = m.predict(x); await p.data(); p.dispose(); });
    emit(backend, name, task, rate);
  } catch (e) {
    emit(backend, name, task, null, String(e.message || e).split('\n')[0].slice(0, 160));
  }
}

wasm.setWasmPaths(path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
wasm.setThreadsCount?.(1);
for (const backend of ['wasm', 'cpu']) {
  if (!(await tf.setBackend(backend))) { emit(backend, 'cnn', 'infer', null, 'backend did not initialise'); continue; }
  await tf.ready();
  await measure(backend, 'cnn', 'infer', cnn, [28, 28, 1]);
  await measure(backend, 'cnn', 'train', cnn, [28, 28, 1]);
  if (backend === 'cpu') emit(backend, 'lstm', 'train', null, 'skipped: the cpu backend needs minutes per batch');
  else await measure(backend, 'lstm', 'train', lstm, [28, 100]);
}
