// Browser soak (#17): drives one page for a while the way a learner does
// (opening lessons by link with new parameters, training, pausing), and
// samples the wasm heap (its size, and the bytes malloc has handed out) and
// the JS heap after a garbage collection. After a warm-up (the first pass
// over every lesson loads their datasets and models once), memory must stay
// flat: each later pass ends with no more in use than the second did, give or
// take the tolerance below; and no console error.
//
//   node tests/e2e/soak_test.mjs dist [minutes=1] [seconds per visit=1.2]
//
// CI runs the short default; the figures in the issue come from a 30-minute run.
import assert from 'node:assert/strict';
import { openApp } from './browser.mjs';

const distDir = process.argv[2] || 'dist';
const minutes = Number(process.argv[3] || 1);
const visitSeconds = Number(process.argv[4] || 1.2);
const MB = 1024 * 1024;

// Seeded choices (mulberry32): the same soak every run.
let seed = 7;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (a) => a[Math.floor(rand() * a.length)];
// One pass: every lesson and most pages, each with parameters a learner might pick.
const pass = () => [
  `lesson=lambda&degree=${1 + Math.floor(rand() * 12)}&lambda=${pick(['0', '0.001', '0.1', '1'])}`,
  `lesson=classifier&dataset=${pick(['circle', 'xor', 'spiral'])}&layers=${pick(['8', '16,16', '8,8,8'])}`,
  `lesson=cnn&lr=${pick(['0.001', '0.01'])}`,
  `lesson=rnn&part=poet&corpus=${pick(['tang', 'english'])}`,
  'lesson=rnn&part=rows',
  'lesson=rnn&part=cell',
  'lesson=faq&q=1',
  `lesson=faq&q=2&degree=${2 + Math.floor(rand() * 10)}`,
  `lesson=faq&q=3&threshold=${pick(['0.3', '0.5', '0.7'])}`,
  `lesson=faq&q=4&part=${pick(['race', 'range', 'batch'])}`,
  'lesson=faq&q=5',
  `lesson=concepts&c=${pick(['backprop', 'activations', 'descent', 'conv', 'ml-dl-nn', 'autonomous', 'nlp', 'recurrence'])}`,
  'lesson=home',
].map((h) => `${h}&lang=${pick(['en', 'zh'])}`);

const { page, errors, close } = await openApp(distDir, '#lesson=home');
const cdp = await page.context().newCDPSession(page);

async function sample() {
  await cdp.send('HeapProfiler.collectGarbage');
  const js = await cdp.send('Runtime.getHeapUsage');
  const m = await page.evaluate(() => window.playground.state().memory);
  return { heap: m.heap_bytes, inUse: m.in_use_bytes, js: js.usedSize };
}
const fmt = (s) => `wasm heap ${(s.heap / MB).toFixed(1)} MB, in use ${(s.inUse / MB).toFixed(1)} MB, JS ${(s.js / MB).toFixed(1)} MB`;

const start = Date.now(), end = start + minutes * 60e3;
const first = await sample();
console.log(`start: ${fmt(first)}`);
const passes = [];
let visits = 0;
try {
  while (passes.length < 3 || Date.now() < end) {
    for (const h of pass()) {
      await page.evaluate((h) => { location.hash = h; }, h);
      await page.waitForTimeout(200);
      await page.evaluate(() => window.playground.command({ run: true, dismiss: true }));
      await page.waitForTimeout(visitSeconds * 1000);
      await page.evaluate(() => window.playground.command({ run: false }));
      ++visits;
    }
    const s = await sample();
    passes.push(s);
    console.log(`pass ${passes.length} (${((Date.now() - start) / 60e3).toFixed(1)} min, ${visits} visits): ${fmt(s)}`);
  }
} finally {
  await close();
}
// Warm-up: two passes (datasets, models and fonts arrive while the first
// pass moves on; the worker's first checkpoint).
const warm = passes[1], last = passes[passes.length - 1];
const worst = passes.slice(2).reduce((a, s) => ({ heap: Math.max(a.heap, s.heap), inUse: Math.max(a.inUse, s.inUse), js: Math.max(a.js, s.js) }), warm);
console.log(`soak: ${visits} visits in ${((Date.now() - start) / 60e3).toFixed(1)} min; ` +
  `start ${fmt(first)}; after warm-up ${fmt(warm)}; end ${fmt(last)}; largest after warm-up ${fmt(worst)}`);
assert.deepEqual(errors, [], `console errors: ${errors.join('; ')}`);
// Flat: nothing in use grows pass over pass beyond 10% + 8 MB (lessons reopen
// fresh runs, so what each holds is the same from pass to pass).
assert.ok(worst.inUse <= warm.inUse * 1.1 + 8 * MB, `wasm memory in use grew: ${fmt(warm)} -> ${fmt(worst)}`);
assert.ok(worst.js <= warm.js * 1.25 + 8 * MB, `JS heap grew: ${fmt(warm)} -> ${fmt(worst)}`);
console.log('soak e2e: ok');
