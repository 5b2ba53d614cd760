// Reads the JSON lines of one bench run (several interleaved rounds) and
// prints markdown tables: how every peer ran, SGEMM, the course's models
// against PyTorch (as installed and tuned), ONNX Runtime and TF.js, one
// image's latency, and each model's roofline. An entry's figure is its best
// round; the spread of the rounds is printed beside it.
// Usage: node bench/report.mjs results.jsonl [cpu model]
import fs from 'node:fs';

const [file, ...cpu] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));

// Every round's value of one entry (higher is better unless `lower`).
const series = new Map();
const add = (key, value, row) => {
  if (value === undefined || value === null || value < 0) return;
  if (!series.has(key)) series.set(key, []);
  series.get(key).push({ value, row });
};
const pyVariant = (r) => (r.variant === 'as-installed' ? 'as-installed' : 'tuned');
for (const r of rows) {
  if (r.bench === 'peak') add(`peak|${r.world}|${r.isa}`, r.gflops, r);
  if (r.bench === 'gemm') add(`gemm|${r.world}|${r.impl}|${r.isa}|${r.shape}`, r.gflops, r);
  // PyTorch's threads are its intra-op pool's or OpenBLAS's (bench/run.sh runs each way).
  if (r.impl === 'pytorch') r.threads = Math.max(r.threads ?? 1, r.blas_threads ?? 1);
  const threads = r.threads > 1 ? `-${r.threads}threads` : '';
  const impl = r.impl === 'pytorch' ? `pytorch-${pyVariant(r)}${threads}` : r.impl;
  if (r.bench === 'model') add(`model|${impl}|${r.world}|${r.model}|${r.task}`, r.samples_per_s, r);
  if (r.bench === 'latency') add(`latency|${impl}|${r.world}`, r.median_ms, r);
}
const best = (key, lower = false) => {
  const s = series.get(key);
  if (!s) return undefined;
  return s.reduce((a, b) => ((lower ? b.value < a.value : b.value > a.value) ? b : a));
};
const get = (key, lower) => best(key, lower)?.value;
const n0 = (v) => Math.round(v).toLocaleString('en-US');
const f = (v, d = 1) => (v === undefined || v === null ? 'n/a' : v >= 1000 ? n0(v) : v.toFixed(d));
const ratio = (a, b) => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
// "best (lowest–highest over N rounds)"
const spread = (key, lower = false) => {
  const s = series.get(key);
  if (!s) return 'n/a';
  const v = s.map((e) => e.value);
  const b = lower ? Math.min(...v) : Math.max(...v);
  return v.length > 1 ? `${f(b)} (${f(Math.min(...v))}–${f(Math.max(...v))})` : f(b);
};
const rounds = series.get('model|ours|native|cnn|train')?.length ?? 0;

console.log(`Machine: ${cpu.join(' ') || 'unknown CPU'}. One thread for every peer (but in the thread-scaling table). ${rounds} interleaved rounds of one run; each figure is the best round, with the lowest and highest round in brackets.\n`);

// ---------------------------------------------------------------- how peers ran
console.log('### How every peer ran\n');
const torchRows = rows.filter((r) => r.impl === 'pytorch' && r.bench === 'model' && !(r.threads > 1));
const variants = [...new Set(torchRows.map((r) => r.variant))];
for (const v of variants) {
  const r = torchRows.find((x) => x.variant === v);
  const faults = torchRows.filter((x) => x.variant === v && x.model === 'cnn' && x.task === 'train').map((x) => x.faults_per_sample);
  console.log(`- PyTorch ${r.isa}, **${v}**: ${r.allocator}; BLAS ${r.blas}, core ${r.blas_core}; OPENBLAS_CORETYPE/L2_SIZE ${r.openblas_env}; ${r.threads} thread; page faults per CNN training sample ${faults.length ? `${Math.min(...faults)}–${Math.max(...faults)}` : 'n/a'}.`);
}
const firstOf = (impl) => rows.find((r) => r.impl === impl);
for (const impl of ['ort-node', 'ort-web']) {
  const r = firstOf(impl);
  if (r) console.log(`- ${r.isa}: ${impl === 'ort-node' ? 'native CPU execution provider, intra-op and inter-op threads 1, sequential' : 'wasm execution provider (its SIMD build) in Node, numThreads 1'}, graph optimisation level all; ONNX exported from the PyTorch models above (bench/export_onnx.py, opset 13).`);
}
const tf = firstOf('tfjs-wasm');
if (tf) console.log(`- ${tf.isa}: wasm backend (XNNPACK, SIMD, one thread) and cpu backend, in Node.`);
const ours = rows.find((r) => r.impl === 'ours' && r.bench === 'model' && r.world === 'native');
const oursW = rows.find((r) => r.impl === 'ours' && r.bench === 'model' && r.world === 'wasm');
console.log(`- Ours: native kernel set ${ours?.isa ?? 'n/a'}, wasm ${oursW?.isa ?? 'n/a'} in Node; glibc malloc with default settings (natively), one thread; the same warm-up and repetitions as above (one batch of warm-up, best of three for inference).`);
console.log('- Warm-up and repetitions: training is timed after one step of warm-up over 32 batches (CNN) or 8 (LSTM); inference is the best of three passes; latency is 1,000 single images after 20 of warm-up.\n');

// ---------------------------------------------------------------- peaks and SGEMM
// A ceiling is the higher of the register-only loop (bench/gemm_bench.cpp) and
// our own best SGEMM on that ISA in the same run: a GEMM is a lower bound on
// what the vector units can do, and in wasm V8's register allocator keeps the
// loop below it (more than six mul + six add chains spill), so without this
// the GEMM read 109 % "of peak" and every roofline share was flattered.
const bestGemm = (world, isa) => {
  const v = [...series.keys()].filter((key) => key.startsWith(`gemm|${world}|ours|${isa}|`)).map((key) => get(key));
  return v.length ? Math.max(...v) : undefined;
};
const ceiling = (loopKey, world, isa) => {
  const loop = get(loopKey), gemm = bestGemm(world, isa);
  return { loop, gemm, peak: Math.max(loop ?? 0, gemm ?? 0) || undefined };
};
const cW = ceiling('peak|wasm|vec128-mul+add', 'wasm', 'wasm-simd128');
const c128 = ceiling('peak|native|vec128-mul+add', 'native', 'native-vec128-sse2');
const c2 = ceiling('peak|native|avx2-fma', 'native', 'native-avx2-fma');
const c512 = ceiling('peak|native|avx512-fma', 'native', 'native-avx512');
const wasmPeak = cW.peak, nativePeak128 = c128.peak, avx2Peak = c2.peak, avx512Peak = c512.peak;
const said = (c) => `**${f(c.peak)}** (loop ${f(c.loop)}, our best SGEMM ${f(c.gemm)})`;
console.log(`Peaks in this run, GFLOP/s, each the higher of a register-only loop and our best SGEMM on that ISA: wasm SIMD128 mul + add ${said(cW)}; native 128-bit mul + add ${said(c128)}, AVX2 FMA ${said(c2)}, AVX-512 FMA ${said(c512)}.\n`);

const shapes = [...new Set(rows.filter((r) => r.bench === 'gemm').map((r) => r.shape))];
const isaOf = (world) => [...new Set(rows.filter((r) => r.bench === 'gemm' && r.world === world && r.impl === 'ours').map((r) => r.isa))];
const nativeIsas = isaOf('native'), wasmIsas = isaOf('wasm');
const bestNative = nativeIsas.at(-1);
console.log('### SGEMM (GFLOP/s)\n');
console.log(`| shape (m×k·k×n) | ours wasm (${wasmIsas.join(', ') || 'n/a'}) | % of wasm peak | Eigen wasm | ours / Eigen (wasm) | ${nativeIsas.map((i) => `ours native ${i}`).join(' | ')} | Eigen native | ours / Eigen (native) |`);
console.log(`|---|---|---|---|---|${nativeIsas.map(() => '---|').join('')}---|---|`);
for (const s of shapes) {
  const ow = get(`gemm|wasm|ours|${wasmIsas[0]}|${s}`), ew = get(`gemm|wasm|eigen|eigen-3.4|${s}`);
  const on = nativeIsas.map((i) => get(`gemm|native|ours|${i}|${s}`));
  const en = get(`gemm|native|eigen|eigen-3.4|${s}`);
  console.log(`| ${s} | ${f(ow)} | ${ow && wasmPeak ? (100 * ow / wasmPeak).toFixed(0) + '%' : 'n/a'} | ${f(ew)} | ${ratio(ow, ew)} | ${on.map((v) => f(v)).join(' | ')} | ${f(en)} | ${ratio(get(`gemm|native|ours|${bestNative}|${s}`), en)} |`);
}

// ---------------------------------------------------------------- models
const tasks = [['cnn', 'train'], ['cnn', 'infer'], ['lstm', 'train'], ['lstm', 'infer']];
const k = (impl, world, model, task) => `model|${impl}|${world}|${model}|${task}`;
console.log('\n### The course\'s models (samples/s, batch 32)\n');
console.log('Targets are against the tuned column: PyTorch with the fastest of the three allocator settings above, OpenBLAS on the core that measured fastest in this run (bench/openblas_core.py).\n');
const avx2Impl = 'ours-native-avx2-fma';  // model_bench with MLPG_KERNEL_SET on an AVX-512 machine
const hasAvx2Col = rows.some((r) => r.impl === avx2Impl);
console.log(`| model | ours native (${ours?.isa ?? 'n/a'}) |${hasAvx2Col ? ' ours native, AVX2 set |' : ''} ours wasm (Node) | PyTorch as installed | PyTorch tuned | ORT native | ORT web (wasm) | TF.js wasm |`);
console.log(`|---|---|${hasAvx2Col ? '---|' : ''}---|---|---|---|---|---|`);
const notes = [];
for (const [model, task] of tasks) {
  const tuned = best(k('pytorch-tuned', 'native', model, task));
  console.log(`| ${model} ${task} | ${spread(k('ours', 'native', model, task))} |${hasAvx2Col ? ` ${spread(k(avx2Impl, 'native', model, task))} |` : ''} ${spread(k('ours', 'wasm', model, task))} | ${spread(k('pytorch-as-installed', 'native', model, task))} | ${tuned ? `${spread(k('pytorch-tuned', 'native', model, task))}, ${tuned.row.variant}` : 'n/a'} | ${spread(k('ort-node', 'native', model, task))} | ${spread(k('ort-web', 'wasm', model, task))} | ${spread(k('tfjs-wasm', 'wasm', model, task))} |`);
  const noted = rows.find((r) => r.impl === 'tfjs-wasm' && r.model === model && r.task === task && r.note);
  if (noted) notes.push(`tfjs-wasm ${model} ${task}: ${noted.note}`);
}
if (notes.length) console.log('\n' + notes.map((n) => `- ${n}`).join('\n'));
console.log('\n| model | ours native / PyTorch tuned | ours native / PyTorch as installed | ours native / ORT native | ours wasm / PyTorch tuned | ours wasm / ORT web | ours wasm / TF.js wasm |');
console.log('|---|---|---|---|---|---|---|');
for (const [model, task] of tasks) {
  const on = get(k('ours', 'native', model, task)), ow = get(k('ours', 'wasm', model, task));
  console.log(`| ${model} ${task} | ${ratio(on, get(k('pytorch-tuned', 'native', model, task)))} | ${ratio(on, get(k('pytorch-as-installed', 'native', model, task)))} | ${ratio(on, get(k('ort-node', 'native', model, task)))} | ${ratio(ow, get(k('pytorch-tuned', 'native', model, task)))} | ${ratio(ow, get(k('ort-web', 'wasm', model, task)))} | ${ratio(ow, get(k('tfjs-wasm', 'wasm', model, task)))} |`);
}

// ---------------------------------------------------------------- latency
const lat = [['ours', 'native'], ['ours-native-avx2-fma', 'native'], ['ours', 'wasm'], ['pytorch-tuned', 'native'], ['pytorch-as-installed', 'native'], ['ort-node', 'native'], ['ort-web', 'wasm']];
if (lat.some(([i, w]) => series.has(`latency|${i}|${w}`))) {
  console.log('\n### One image through the CNN (batch 1, the draw-a-digit case; ms, lower is better)\n');
  console.log('| implementation | median | p95 |');
  console.log('|---|---|---|');
  for (const [impl, world] of lat) {
    const b = best(`latency|${impl}|${world}`, true);
    if (b) console.log(`| ${impl} ${world} | ${b.row.median_ms.toFixed(3)} | ${b.row.p95_ms.toFixed(3)} |`);
  }
}

// ---------------------------------------------------------------- threads
// model_bench with MLPG_THREADS=n (impl "ours-<n>threads") and tuned PyTorch
// with n intra-op and OpenBLAS threads, the faster of two allocator settings.
const threadRows = rows.filter((r) => r.bench === 'model' && r.threads > 1);
const nThreads = Math.max(0, ...threadRows.map((r) => r.threads));
if (nThreads > 1) {
  const ot = `ours-${nThreads}threads`, pt = `pytorch-tuned-${nThreads}threads`;
  console.log(`\n### Thread scaling (${nThreads} threads, samples/s)\n`);
  console.log(`Ours: the engine's pool (kernels/parallel.h: GEMM split by rows or columns of C, im2col, col2im and the direct convolution by images, its weight gradient by channels, a convolution's chunks of images in groups; the rest of a step on one thread), natively and in wasm (the pthreads build the cross-origin isolated page trains with, engine_mt, here in Node's worker_threads; one thread is the single-thread build). PyTorch tuned (native): the fastest of four ways to use ${nThreads} cores (${nThreads} intra-op threads with one OpenBLAS thread, or one intra-op thread with ${nThreads} OpenBLAS threads; glibc thresholds or jemalloc), per model; the winner is named.\n`);
  console.log(`| model | ours, 1 thread | ours, ${nThreads} threads | speed-up | PyTorch tuned, 1 thread | PyTorch tuned, ${nThreads} threads | speed-up | ours / PyTorch at ${nThreads} threads |`);
  console.log('|---|---|---|---|---|---|---|---|');
  for (const world of ['native', 'wasm']) {
    for (const [model, task] of tasks) {
      if (!series.has(k(ot, world, model, task))) continue;
      const o1 = get(k('ours', world, model, task)), on = get(k(ot, world, model, task));
      const p1 = get(k('pytorch-tuned', 'native', model, task)), pn = get(k(pt, 'native', model, task));
      const pb = best(k(pt, 'native', model, task))?.row;
      const how = pb ? `, ${pb.variant}, ${pb.blas_threads > 1 ? `${pb.blas_threads} OpenBLAS threads` : `${pb.threads} intra-op threads`}` : '';
      console.log(`| ${model} ${task}, ${world} | ${f(o1)} | ${spread(k(ot, world, model, task))} | ${ratio(on, o1)} | ${f(p1)} | ${spread(k(pt, 'native', model, task))}${how} | ${ratio(pn, p1)} | ${ratio(on, pn)} |`);
    }
  }
}

// ---------------------------------------------------------------- roofline
// FLOPs per sample counted from the layer shapes (a multiply-add is 2).
// Training = forward + weight gradients (as many FLOPs as the forward) + input
// gradients (the same again, less the first layer's, which nobody needs).
const conv = (oh, ow, cout, kk, cin) => 2 * oh * ow * cout * kk * kk * cin;
const dense = (i, o) => 2 * i * o;
const cnnLayers = [conv(26, 26, 32, 3, 1), conv(11, 11, 64, 3, 32), dense(1600, 128), dense(128, 10)];
const lstmLayers = [28 * dense(100 + 256, 4 * 256), 28 * dense(256 + 256, 4 * 256), dense(256, 10)];
const lstmFirstInput = 28 * dense(100, 4 * 256);
const sum = (a) => a.reduce((x, y) => x + y, 0);
const flops = {
  'cnn infer': sum(cnnLayers), 'cnn train': 3 * sum(cnnLayers) - cnnLayers[0],
  'lstm infer': sum(lstmLayers), 'lstm train': 3 * sum(lstmLayers) - lstmFirstInput,
};
const widest = avx512Peak ? ['AVX-512 FMA', avx512Peak] : avx2Peak ? ['AVX2 FMA', avx2Peak] : ['128-bit', nativePeak128];
console.log('\n### Rooflines (the measured peak over the FLOPs a sample needs, as samples/s; ours as a share)\n');
console.log(`| model | MFLOP per sample | wasm roofline (SIMD128, ${f(wasmPeak)} GFLOP/s) | ours wasm, share | native roofline (${widest[0]}, ${f(widest[1])} GFLOP/s) | ours native (${ours?.isa ?? 'n/a'}), share | ${hasAvx2Col ? 'ours native with the AVX2 set, share of the AVX2-FMA roofline' : 'ours native, share of the AVX2-FMA roofline'} |`);
console.log('|---|---|---|---|---|---|---|');
for (const [model, task] of tasks) {
  const fl = flops[`${model} ${task}`];
  const rw = wasmPeak ? wasmPeak * 1e9 / fl : undefined, rn = widest[1] ? widest[1] * 1e9 / fl : undefined;
  const ow = get(k('ours', 'wasm', model, task)), on = get(k('ours', 'native', model, task));
  const r2 = avx2Peak ? avx2Peak * 1e9 / fl : undefined;
  const pct = (a, b) => (a && b ? `${(100 * a / b).toFixed(0)}%` : 'n/a');
  const o2 = hasAvx2Col ? get(k(avx2Impl, 'native', model, task)) : on;
  console.log(`| ${model} ${task} | ${(fl / 1e6).toFixed(2)} | ${f(rw)} | ${f(ow)}, ${pct(ow, rw)} | ${f(rn)} | ${f(on)}, ${pct(on, rn)} | ${pct(o2, r2)} |`);
}

// ---------------------------------------------------------------- in the page
const inPage = rows.filter((r) => r.bench === 'in_page');
if (inPage.length) {
  console.log('\n### The CNN lab training in the page (headless Chromium, software GL)\n');
  console.log('| training in | samples/s in the page | headless wasm (same run) | in page / headless | fps | main-thread work per frame, median | p95 |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of inPage)
    console.log(`| ${r.training_in === 'worker' ? `a Web Worker, ${r.worker_threads || 1} thread${r.worker_threads > 1 ? 's' : ''}` : 'the frame loop (no worker)'} | ${f(r.samples_per_s, 0)} | ${f(r.headless_samples_per_s, 0)} | ${ratio(r.samples_per_s, r.headless_samples_per_s)} | ${f(r.fps, 0)} | ${f(r.work_median_ms)} ms | ${f(r.work_p95_ms)} ms |`);
}
