// In-page training throughput of the CNN lab next to the headless wasm
// figure, measured in the same run: the page (headless Chromium, software
// GL, visible at its own frame rate) trains the course's CNN with Play,
// first in its training worker, then with the worker's script blocked (the
// frame loop's micro-batches); `bench/model_bench.js cnn` runs in Node right
// after. Prints one JSON line per measurement (bench: "in_page") and a
// sentence. The browser test uses the same functions and prints the same.
// Usage: node bench/in_page.mjs [dist] [build-web/bench/model_bench.js]
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// Trains for 8 s after 1.5 s of warm-up; the page's own figures at the end.
export async function cnnTrainingRun(page) {
  await page.evaluate(() => window.playground.command({ run: true }));
  await page.waitForTimeout(1500);
  const a = await page.evaluate(() => ({ s: window.playground.state(), t: performance.now() }));
  await page.waitForTimeout(8000);
  const b = await page.evaluate(() => ({ s: window.playground.state(), t: performance.now() }));
  const batch = Number(b.s.params.batch);
  return {
    a, b,
    training_in: b.s.training_in,
    worker_threads: b.s.worker_threads,
    samples_per_s: (b.s.step - a.s.step) * batch / ((b.t - a.t) / 1000),
    fps: b.s.fps,
    work_median_ms: b.s.frame_work_ms.median,
    work_p95_ms: b.s.frame_work_ms.p95,
    frames: b.s.frame_work_ms.frames,
  };
}

// bench/model_bench's CNN training figure (wasm in Node), NaN without it.
export function headlessCnn(benchJs) {
  if (!fs.existsSync(benchJs)) return NaN;
  const out = execFileSync('node', ['--no-experimental-fetch', benchJs, 'cnn'], { encoding: 'utf8' });
  return JSON.parse(out.split('\n').find((l) => l.includes('"task":"train"'))).samples_per_s;
}

export function describe(r, headless) {
  const interval = 1000 / r.fps;
  return `${r.samples_per_s.toFixed(0)} samples/s in the page (training in ${r.training_in === 'worker' ? `a Web Worker on ${r.worker_threads} thread${r.worker_threads > 1 ? 's' : ''}` : 'the frame loop'}, ` +
    `${r.fps.toFixed(0)} fps: a frame every ${interval.toFixed(0)} ms, of which main-thread work median ` +
    `${r.work_median_ms.toFixed(1)} ms, p95 ${r.work_p95_ms.toFixed(1)} ms over ${r.frames} frames; ` +
    `the rest is rendering with software GL and waiting) vs ${headless.toFixed(0)} samples/s headless wasm ` +
    `(bench/model_bench, Node, same run): ${(100 * r.samples_per_s / headless).toFixed(0)}%`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const [distDir = path.join(here, '..', 'dist'), benchJs = path.join(here, '..', 'build-web', 'bench', 'model_bench.js')] = process.argv.slice(2);
  const { openApp } = await import('../tests/e2e/browser.mjs');
  const results = [];
  // The threaded worker (the standalone page is cross-origin isolated), the
  // one-thread worker (?worker=1), then no worker at all.
  for (const worker of ['threads', 'single', false]) {
    const app = await openApp(distDir, '#lesson=cnn', worker === 'single' ? '?worker=1' : '');
    try {
      if (!worker) {
        await app.page.route(/train_worker(_mt)?\.js$/, (route) => route.fulfill({ status: 404, body: 'blocked by the bench' }));
        await app.page.reload();
        await app.page.evaluate(() => window.playground.ready.then(() => true));
      }
      for (let i = 0; i < 600 && (await app.page.evaluate(() => window.playground.state().data.status)) === 'loading'; i++)
        await app.page.waitForTimeout(100);
      results.push(await cnnTrainingRun(app.page));
    } finally {
      await app.close();
    }
  }
  const headless = headlessCnn(benchJs);
  for (const r of results) {
    const { a, b, ...figures } = r;
    console.log(JSON.stringify({ bench: 'in_page', world: 'chromium-swiftshader', model: 'course-cnn', task: 'train', ...figures, headless_samples_per_s: headless }));
    console.error('[in_page] cnn lab: ' + describe(r, headless));
  }
}
