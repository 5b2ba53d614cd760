// Reads the JSON lines of one bench run (several rounds, interleaved) and
// prints markdown tables with ratios to peers; the best of the rounds counts
// for every entry. Usage: node bench/report.mjs results.jsonl [cpu model]
import fs from 'node:fs';

const [file, ...cpu] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
const best = new Map();
const keep = (key, value, row) => { if (!best.has(key) || value > best.get(key).value) best.set(key, { value, row }); };
for (const r of rows) {
  if (r.bench === 'peak') keep(`peak|${r.world}`, r.gflops, r);
  if (r.bench === 'gemm') keep(`gemm|${r.world}|${r.impl}|${r.isa}|${r.shape}`, r.gflops, r);
  if (r.bench === 'model') keep(`model|${r.world}|${r.impl}|${r.model}|${r.task}`, r.samples_per_s ?? -1, r);
}
const get = (k) => best.get(k)?.value;
const f = (v, d = 1) => (v === undefined || v === null || v < 0 ? 'n/a' : v.toFixed(d));
const ratio = (a, b) => (a > 0 && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');

console.log(`Machine: ${cpu.join(' ') || 'unknown CPU'}, one thread. Best of the interleaved rounds of one run.\n`);
const wasmPeak = get('peak|wasm'), nativePeak = get('peak|native');
console.log(`128-bit peak without FMA (the higher of a register-only mul + add chain loop and a GEMM-shaped 4x8 loop on L1 data, measured in this run): wasm ${f(wasmPeak)} GFLOP/s, native ${f(nativePeak)} GFLOP/s.\n`);

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

console.log('\n### The course\'s models (samples/s, batch 32)\n');
const torchRow = rows.find((r) => r.impl === 'pytorch');
console.log(`PyTorch: ${torchRow ? `${torchRow.isa}, BLAS loaded: ${torchRow.blas}` : 'did not run'}.\n`);
console.log('| model | ours native | ours wasm (Node) | PyTorch native | TF.js wasm | TF.js cpu | ours native / PyTorch | ours wasm / PyTorch | ours wasm / TF.js wasm |');
console.log('|---|---|---|---|---|---|---|---|---|');
const notes = [];
for (const [model, task] of [['cnn', 'train'], ['cnn', 'infer'], ['lstm', 'train']]) {
  const on = get(`model|native|ours|${model}|${task}`), ow = get(`model|wasm|ours|${model}|${task}`);
  const pt = get(`model|native|pytorch|${model}|${task}`), tw = get(`model|wasm|tfjs-wasm|${model}|${task}`);
  const tc = get(`model|js|tfjs-cpu|${model}|${task}`);
  for (const impl of ['tfjs-wasm', 'tfjs-cpu']) {
    const b = best.get(`model|${impl === 'tfjs-wasm' ? 'wasm' : 'js'}|${impl}|${model}|${task}`);
    if (b && b.row.note) notes.push(`${impl} ${model} ${task}: ${b.row.note}`);
  }
  console.log(`| ${model} ${task} | ${f(on)} | ${f(ow)} | ${f(pt)} | ${f(tw)} | ${f(tc)} | ${ratio(on, pt)} | ${ratio(ow, pt)} | ${ratio(ow, tw)} |`);
}
if (notes.length) console.log('\n' + notes.map((n) => `- ${n}`).join('\n'));

const inPage = rows.filter((r) => r.bench === 'in_page');
if (inPage.length) {
  console.log('\n### The CNN lab training in the page (headless Chromium, software GL)\n');
  console.log('| training in | samples/s in the page | headless wasm (same run) | in page / headless | fps | main-thread work per frame, median | p95 |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of inPage)
    console.log(`| ${r.training_in === 'worker' ? 'a Web Worker' : 'the frame loop (no worker)'} | ${f(r.samples_per_s, 0)} | ${f(r.headless_samples_per_s, 0)} | ${ratio(r.samples_per_s, r.headless_samples_per_s)} | ${f(r.fps, 0)} | ${f(r.work_median_ms)} ms | ${f(r.work_p95_ms)} ms |`);
}
