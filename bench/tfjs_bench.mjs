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

async function measure(backend, name, task, make, shape, note) {
  try {
    const m = make();
    const x = tf.randomUniform([32, ...shape]);
    const y = tf.randomUniform([32], 0, 10, 'int32').cast('float32');
    const rate = task === 'train'
      ? await timeLoop(async () => { await m.trainOnBatch(x, y); })
      : await timeLoop(async () => { const p = m.predict(x); await p.data(); p.dispose(); });
    emit(backend, name, task, rate, note);
  } catch (e) {
    emit(backend, name, task, null, String(e.message || e).split('\n')[0].slice(0, 160));
  }
}

// TF.js 4.22's wasm backend has no Conv2DBackpropFilter kernel, so it cannot
// train a CNN. The smallest shim, built from the backend's own ops: for
// stride 1 and 'valid' padding (the course's convolutions) the filter
// gradient is a convolution of the transposed input with the transposed
// output gradient: dW[kh,kw,c,oc] = conv2d(xᵀ[c,h,w,n], dyᵀ[oh,ow,n,oc]).
// Anything else throws, and the bench reports the message.
let shimmed = false;
function registerConv2DBackpropFilterShim() {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter', backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const s = attrs.strides, st = Array.isArray(s) ? s : [s, s];
      if (st[0] !== 1 || st[1] !== 1 || attrs.pad !== 'valid' || (attrs.dataFormat && attrs.dataFormat !== 'NHWC'))
        throw new Error('Conv2DBackpropFilter shim: only stride 1, valid padding, NHWC');
      const eng = tf.engine();
      const x = eng.makeTensorFromDataId(inputs.x.dataId, inputs.x.shape, inputs.x.dtype);
      const dy = eng.makeTensorFromDataId(inputs.dy.dataId, inputs.dy.shape, inputs.dy.dtype);
      const dw = tf.tidy(() => tf.transpose(
        tf.conv2d(tf.transpose(x, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid'), [1, 2, 0, 3]));
      x.dispose(); dy.dispose();
      backend.incRef(dw.dataId);  // the kernel's output outlives the tensor handle
      const out = { dataId: dw.dataId, shape: dw.shape, dtype: dw.dtype };
      dw.dispose();
      return out;
    },
  });
  shimmed = true;
}

// The shim's gradient against the cpu backend's own kernel on a small case.
async function checkShim() {
  const xs = Array.from({ length: 2 * 7 * 6 * 3 }, (_, i) => Math.sin(i * 0.37));
  const dys = Array.from({ length: 2 * 5 * 4 * 4 }, (_, i) => Math.cos(i * 0.91));
  const ws = Array.from({ length: 3 * 3 * 3 * 4 }, (_, i) => Math.sin(i * 1.3));
  const run = () => tf.tidy(() => {  // d/dW Σ conv2d(x, W) ⊙ dy = the filter gradient for dy
    const x = tf.tensor4d(xs, [2, 7, 6, 3]), dy = tf.tensor4d(dys, [2, 5, 4, 4]);
    return tf.grad((w) => tf.sum(tf.mul(tf.conv2d(x, w, 1, 'valid'), dy)))(tf.tensor4d(ws, [3, 3, 3, 4]));
  }).data();
  await tf.setBackend('cpu');
  const want = await run();
  await tf.setBackend('wasm');
  const got = await run();
  let err = 0;
  for (let i = 0; i < want.length; ++i) err = Math.max(err, Math.abs(want[i] - got[i]));
  return err;
}

wasm.setWasmPaths(path.join(here, 'node_modules/@tensorflow/tfjs-backend-wasm/dist') + '/');
wasm.setThreadsCount?.(1);
for (const backend of ['wasm', 'cpu']) {
  if (!(await tf.setBackend(backend))) { emit(backend, 'cnn', 'infer', null, 'backend did not initialise'); continue; }
  await tf.ready();
  await measure(backend, 'cnn', 'infer', cnn, [28, 28, 1]);
  let note;
  if (backend === 'wasm') {
    registerConv2DBackpropFilterShim();
    if (shimmed) note = `with a Conv2DBackpropFilter shim (the wasm backend has none; built from its transpose + conv2d; ` +
      `max |shim − cpu kernel| = ${(await checkShim()).toExponential(1)})`;
  }
  await measure(backend, 'cnn', 'train', cnn, [28, 28, 1], note);
  if (backend === 'cpu') emit(backend, 'lstm', 'train', null, 'skipped: the cpu backend needs minutes per batch');
  else await measure(backend, 'lstm', 'train', lstm, [28, 100]);
}
