// Browser end-to-end test: load dist/ in headless Chromium, wait for
// playground.ready, check the canvas is drawn, drive every lesson through the
// JS API and the URL hash, in both languages, and save screenshots.
// Usage: node tests/e2e/browser_test.mjs DIST_DIR SCREENSHOT_DIR
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, screenshotStddev } from './browser.mjs';
import { cnnTrainingRun, describe, headlessCnn } from '../../bench/in_page.mjs';

const [distDir = 'dist', shotDir = 'out'] = process.argv.slice(2);
fs.mkdirSync(shotDir, { recursive: true });

function allFinite(v) {
  if (typeof v === 'number') return Number.isFinite(v);
  if (v && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

// Where the controls are in the 1280x800 layout (read off screenshots).
const PASTE_CSV = { x: 140, y: 249 };  // the classifier's Paste CSV button
const SHOW_CODE = { x: 206, y: 49 };  // Show code, next to Reset
const CODE_COPY = { x: 452, y: 168 };  // Copy, in the Show code window
const HOME_BUTTON = { x: 198, y: 11 };  // Home in the top bar
const STEP_BUTTON = { x: 80, y: 49 };  // the shared Step button (next to Play)
const BP_NEXT = { x: 57, y: 311 };  // the backprop walk's right arrow
const ACT_PLOT = { x: 740, y: 170 };  // inside the activations page's functions plot (x about 3)

async function shot(page, name) {
  const file = path.join(shotDir, name);
  const png = await page.screenshot({ path: file });
  const sd = await screenshotStddev(page, png);
  console.log(`screenshot ${file}: grey stddev ${sd.toFixed(1)}`);
  assert.ok(sd > 5, `${name} looks blank (grey stddev ${sd})`);
}

// 1. Home page, then the JS API basics.
let app = await openApp(distDir);
let { page, errors } = app;
try {
  const version = await page.evaluate(() => window.playground.version());
  console.log('version', JSON.stringify(version));
  assert.match(version.version, /^\d+\.\d+\.\d+$/);
  assert.equal(version.kernels, 'wasm-simd128', 'the web build runs the SIMD128 kernels');
  const home = await page.evaluate(() => window.playground.state());
  assert.equal(home.lesson, 'home');
  await page.waitForTimeout(300);
  await shot(page, 'home.png');

  // 2. The λ lab through the API: training lowers J; λ = 0 overfits; large λ shrinks θ.
  const lam = await page.evaluate(() => {
    const p = window.playground;
    p.command({ lesson: 'lambda', run: false, params: { degree: 9, lambda: 0, lr: 0.3, seed: 7 } });
    const before = p.state().metrics.J;
    p.command({ train: 3000 });
    const free = p.state();
    p.command({ params: { lambda: 10 } });
    p.command({ train: 3000 });
    const big = p.state();
    p.command({ sweep: true });
    return { before, free, big, sweep: p.state().sweep };
  });
  assert.ok(lam.free.metrics.J < 0.5 * lam.before, `J fell: ${lam.before} -> ${lam.free.metrics.J}`);
  assert.ok(lam.free.metrics.train_error < lam.free.metrics.val_error, 'lambda = 0 overfits');
  assert.ok(lam.big.metrics.theta_norm < 0.5 * lam.free.metrics.theta_norm,
    `high lambda shrinks theta: ${lam.big.metrics.theta_norm} vs ${lam.free.metrics.theta_norm}`);
  const best = lam.sweep.reduce((b, s, i, a) => (s.val_error < a[b].val_error ? i : b), 0);
  assert.ok(best > 0 && best < lam.sweep.length - 1, `a middle lambda wins the sweep (index ${best})`);
  console.log('lambda lab: J', lam.before.toFixed(4), '->', lam.free.metrics.J.toFixed(4),
    '| |theta| at 0:', lam.free.metrics.theta_norm.toFixed(3), 'at 10:', lam.big.metrics.theta_norm.toFixed(3),
    '| best sweep lambda', lam.sweep[best].lambda);
  await page.evaluate(() => window.playground.command({ params: { lambda: 0.01 }, run: true }));
  await page.waitForTimeout(800);
  assert.match(await page.evaluate(() => window.location.hash), /lesson=lambda.*lambda=0\.01/, 'the hash is a permalink');
  await shot(page, 'lambda.png');

  // 3. The classifier through the API.
  const clf = await page.evaluate(() => {
    const p = window.playground;
    p.command({ lesson: 'classifier', run: false, params: { dataset: 'circle', layers: [6, 6], act: 'tanh', opt: 'adam', lr: 0.03, features: 'x1,x2' } });
    p.command({ train: 1500 });
    return p.state();
  });
  assert.ok(clf.epoch > 5 && clf.metrics.accuracy > 0.9, `classifier accuracy ${clf.metrics.accuracy}`);
  assert.ok(clf.history.train_loss.at(-1) < clf.history.train_loss[0], 'training loss falls');

  await page.evaluate(() => window.playground.command({ run: true }));
  await page.waitForTimeout(500);
  await shot(page, 'classifier-en.png');

  // 4. Language switch: both lessons in Chinese.
  await page.evaluate(() => window.playground.command({ lang: 'zh' }));
  await page.waitForTimeout(800);
  assert.equal(await page.evaluate(() => window.playground.state().lang), 'zh');
  assert.match(await page.evaluate(() => window.location.hash), /lang=zh/);
  await shot(page, 'classifier-zh.png');
  await page.evaluate(() => window.playground.command({ lesson: 'lambda', sweep: true }));
  await page.waitForTimeout(500);
  await shot(page, 'lambda-zh.png');

  // Bad commands throw clear errors and do not break the app.
  const bad = await page.evaluate(() => {
    const msgs = [];
    for (const c of [{ fly: 1 }, { lesson: 'nope' }, { train: -1 }, { params: { lr: 'x' } }, 'text', null]) {
      try { window.playground.command(c); msgs.push('no error'); } catch (e) { msgs.push(e.message); }
    }
    return msgs;
  });
  console.log('errors for bad commands:', bad);
  assert.match(bad[0], /unknown command 'fly'/);
  assert.match(bad[1], /unknown lesson 'nope'/);
  assert.match(bad[2], /train expects/);
  assert.match(bad[3], /invalid value 'x'/);
  assert.match(bad[4], /expects an object/);
  assert.match(bad[5], /expects an object/);
  const state = await page.evaluate(() => window.playground.state());
  assert.ok(state.fps > 0 && state.steps_per_frame >= 1, 'fps and the slice budget are measured');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}

// 5. URL round trip: a permalink opens the same lesson with the same parameters.
const permalink = '#lesson=classifier&lang=zh&dataset=gauss&classes=3&layers=5,3&reg=l2&lambda=0.003&features=x1,x2,x1x2&batch=17';
app = await openApp(distDir, permalink);
({ page, errors } = app);
try {
  const s = await page.evaluate(() => window.playground.state());
  assert.equal(s.lesson, 'classifier');
  assert.equal(s.lang, 'zh');
  assert.equal(s.params.dataset, 'gauss');
  assert.equal(s.params.layers, '5,3');
  assert.equal(s.params.batch, '17');
  assert.deepEqual(s.notices, []);
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}

// 6. A malformed URL shows defaults and a notice, never a NaN.
app = await openApp(distDir, '#lesson=lambda&lambda=NaN&degree=999&lr=-5&mode=sideways&points=abc');
({ page, errors } = app);
try {
  await page.waitForTimeout(600);
  const s = await page.evaluate(() => window.playground.state());
  assert.equal(s.lesson, 'lambda');
  assert.ok(s.notices.length >= 4, `notices: ${JSON.stringify(s.notices)}`);
  assert.equal(s.params.lambda, '0');
  assert.equal(s.params.degree, '12');
  assert.ok(allFinite(s), 'no NaN anywhere in state()');
  await shot(page, 'lambda-bad-url.png');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}
// 7. The shared parameter widget, through the mouse: the λ lab's "λ = 0"
// checkbox and its degree slider write the same table the URL and commands
// use; λ acts on the running fit, the degree starts a fresh one.
app = await openApp(distDir, '#lesson=lambda&lambda=0&degree=9&lr=0.3&seed=7');
({ page, errors } = app);
try {
  await page.evaluate(() => window.playground.command({ run: false, train: 200 }));
  await page.waitForTimeout(300);
  const before = await page.evaluate(() => window.playground.state());
  assert.equal(before.params.lambda, '0');
  assert.ok(before.step >= 200, `trained: step ${before.step}`);
  await page.mouse.click(25, 125);  // the "λ = 0" checkbox (1280x800 layout)
  await page.waitForTimeout(300);
  const on = await page.evaluate(() => window.playground.state());
  assert.equal(on.params.lambda, '0.001', `the checkbox turns λ on at 0.001: ${JSON.stringify(on.params)}`);
  assert.equal(on.step, before.step, 'λ acts on the running fit: no restart');
  await page.mouse.click(20, 99);  // the left end of the degree slider
  await page.waitForTimeout(300);
  const deg = await page.evaluate(() => window.playground.state());
  assert.equal(deg.params.degree, '1', `the slider's left end is the table's lowest degree: ${deg.params.degree}`);
  assert.equal(deg.step, 0, 'a new degree starts a fresh run');
  await page.waitForTimeout(500);
  const hash = await page.evaluate(() => window.location.hash);
  assert.match(hash, /[#&]degree=1(&|$)/, `the permalink follows the slider: ${hash}`);
  assert.match(hash, /[#&]lambda=0\.001(&|$)/, `the permalink follows the checkbox: ${hash}`);
  await shot(page, 'lambda-mouse.png');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}
// 8. The CNN lab: the digits arrive with progress, the shipped model scores
// at least 97% in the page, digits drawn with the mouse are recognised,
// training from scratch works, a second visit reads the Cache API, and a
// broken download gives a clear error and a working retry.
async function waitForData(page, timeoutMs = 60000) {
  const t0 = Date.now();
  let sawProgress = false;
  for (;;) {
    const d = await page.evaluate(() => window.playground.state().data);
    if (d.total > 0 && d.loaded > 0) sawProgress = true;
    if (d.status !== 'loading') return { ...d, sawProgress };
    if (Date.now() - t0 > timeoutMs) throw new Error('the CNN lab\'s data did not arrive: ' + JSON.stringify(d));
    await page.waitForTimeout(100);
  }
}
// The pad's top-left corner and side in the 1280x800 layout (controls column 400 + padding).
const PAD = { x: 416, y: 50, side: 224 };
async function stroke(page, points) {
  await page.mouse.move(PAD.x + points[0][0] * PAD.side, PAD.y + points[0][1] * PAD.side);
  await page.mouse.down();
  await page.waitForTimeout(80);  // a frame sees the press
  for (const [x, y] of points.slice(1)) {
    await page.mouse.move(PAD.x + x * PAD.side, PAD.y + y * PAD.side, { steps: 2 });
    await page.waitForTimeout(60);  // the pad draws a segment a frame
  }
  await page.mouse.up();
  await page.waitForTimeout(150);
}
app = await openApp(distDir, '#lesson=cnn');
({ page, errors } = app);
try {
  const data = await waitForData(page);
  assert.equal(data.status, 'ready', JSON.stringify(data));
  assert.ok(data.total > 0 && data.loaded === data.total, `download progress reported: ${JSON.stringify(data)}`);
  assert.equal(data.from_cache, false, 'the first visit downloads');
  const opened = await page.evaluate(() => window.playground.state());
  assert.equal(opened.running, false, 'the lesson opens paused with the trained model');
  assert.equal(opened.model.shipped, true);
  assert.equal(opened.model.parameters, 225034);
  const acc = await page.evaluate(() => window.playground.command({ evaluate: true }).evaluate.val_accuracy);
  console.log(`cnn lab: shipped model ${(100 * acc).toFixed(2)}% on ${data.validation} validation digits (in the page)`);
  assert.ok(acc >= 0.97, `shipped model accuracy ${acc}`);
  await page.waitForTimeout(300);
  await shot(page, 'cnn-en.png');
  // A click on a feature map enlarges it with the filter that made it.
  await page.mouse.click(832, 596);  // the first Conv2D(32) map (1280x800 layout)
  await page.waitForTimeout(200);
  const inspect = await page.evaluate(() => window.playground.state().inspect);
  assert.ok(inspect && inspect.layer === 0 && inspect.filter && inspect.filter.k === 3, `a click on a map enlarges it: ${JSON.stringify(inspect)}`);
  await shot(page, 'cnn-enlarged.png');
  await page.evaluate(() => window.playground.command({ inspect: null }));
  // Further down the right column: the dense layer's 128 units.
  await page.mouse.move(1000, 700);
  for (let i = 0; i < 4; i++) { await page.mouse.wheel(0, 200); await page.waitForTimeout(60); }
  await page.waitForTimeout(300);
  await shot(page, 'cnn-dense.png');
  for (let i = 0; i < 4; i++) { await page.mouse.wheel(0, -200); await page.waitForTimeout(60); }
  // A "1": one vertical stroke.
  await stroke(page, [[0.5, 0.15], [0.51, 0.5], [0.52, 0.85]]);
  const one = await page.evaluate(() => window.playground.state().prediction);
  assert.equal(one.top, 1, `a drawn 1 reads as ${one.top}: ${JSON.stringify(one.probs)}`);
  await shot(page, 'cnn-drawn-1.png');
  await page.mouse.click(PAD.x + 21, PAD.y + PAD.side + 15);  // Clear
  const ring = [];
  for (let i = 0; i <= 40; i++) ring.push([0.5 + 0.22 * Math.cos(i / 40 * 2 * Math.PI), 0.5 + 0.32 * Math.sin(i / 40 * 2 * Math.PI)]);
  await stroke(page, ring);
  const zero = await page.evaluate(() => window.playground.state().prediction);
  assert.equal(zero.top, 0, `a drawn 0 reads as ${zero.top}: ${JSON.stringify(zero.probs)}`);
  await shot(page, 'cnn-drawn-0.png');
  // From scratch: 300 steps lift validation accuracy above 90%.
  const scratch = await page.evaluate(() => {
    const p = window.playground;
    p.command({ params: { start: 'scratch' }, run: false });
    const t0 = performance.now();
    p.command({ train: 300 });
    const seconds = (performance.now() - t0) / 1000;
    return { acc: p.command({ evaluate: true }).evaluate.val_accuracy, seconds };
  });
  console.log(`cnn lab: from scratch, 300 steps of 32 in ${scratch.seconds.toFixed(1)} s (${(9600 / scratch.seconds).toFixed(0)} samples/s in the page, synchronous), validation ${(100 * scratch.acc).toFixed(2)}%`);
  assert.ok(scratch.acc > 0.9, `from scratch: ${scratch.acc}`);
  // Training with Play, page visible: the model trains in a Web Worker
  // (ui/train_job.h) while the page draws; in-page throughput and the main
  // thread's work per frame, next to the headless wasm figure of bench/ run
  // now (figures are reported, not asserted: the machine is shared).
  const run = await cnnTrainingRun(page);
  const { a, b } = run;
  await shot(page, 'cnn-training-in-worker.png');
  assert.equal(b.s.training_in, 'worker', `Play trains in the worker: ${b.s.worker_error}`);
  // The standalone page is cross-origin isolated (web/serve.mjs): its worker
  // is the pthreads build, on as many threads as cores (up to 4).
  const cores = await page.evaluate(() => [self.crossOriginIsolated, navigator.hardwareConcurrency]);
  assert.equal(cores[0], true, 'the standalone page is cross-origin isolated');
  assert.equal(b.s.worker_threads, Math.min(4, cores[1]), 'the threaded worker trains on every core');
  assert.ok(b.s.step > a.s.step, 'the worker trains and its steps reach the page');
  assert.ok(b.s.history.val_accuracy.length >= a.s.history.val_accuracy.length, 'validation curve kept');
  // Pause: the worker's last state comes back and the step count holds still.
  await page.evaluate(() => window.playground.command({ run: false }));
  let paused = null;
  for (let i = 0; i < 50; i++) {
    paused = await page.evaluate(() => window.playground.state());
    if (paused.training_in === 'page') break;
    await page.waitForTimeout(100);
  }
  assert.equal(paused.training_in, 'page', 'after a pause the worker hands the run back');
  assert.ok(paused.step >= b.s.step, `the step count never goes back: ${paused.step} after ${b.s.step}`);
  await page.waitForTimeout(500);
  assert.equal((await page.evaluate(() => window.playground.state())).step, paused.step, 'paused means paused');
  const pausedProbs = paused.prediction.probs;
  assert.ok(pausedProbs.some((p) => p > 0.01), 'the prediction follows the handed-back model');
  console.log('cnn lab throughput: ' + describe(run, headlessCnn(path.join(shotDir, '..', 'bench', 'model_bench.js'))));
  // Fashion-MNIST is fetched when picked (and only then).
  await page.evaluate(() => window.playground.command({ params: { dataset: 'fashion' } }));
  const fashion = await waitForData(page);
  assert.equal(fashion.status, 'ready', JSON.stringify(fashion));
  assert.equal(fashion.train, 8000);
  assert.ok(fashion.sawProgress || fashion.total > 0, 'its download is shown too');
  await page.evaluate(() => window.playground.command({ pick: 0 }));
  await page.waitForTimeout(300);
  await shot(page, 'cnn-fashion.png');
  await page.evaluate(() => window.playground.command({ params: { dataset: 'digits' } }));
  await waitForData(page);
  // A second visit: the digits come from the Cache API.
  await page.reload();
  await page.evaluate(() => window.playground.ready.then(() => true));
  const again = await waitForData(page);
  assert.equal(again.status, 'ready');
  assert.equal(again.from_cache, true, 'the second visit reads the Cache API');
  await page.evaluate(() => window.playground.command({ lang: 'zh' }));
  await page.waitForTimeout(500);
  await shot(page, 'cnn-zh.png');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}
// Keep the model: a damaged model file through the page's file input gives a
// notice and the prediction stays; the build's model file is taken.
app = await openApp(distDir, '#lesson=cnn');
({ page, errors } = app);
try {
  await waitForData(page);
  await page.evaluate(() => window.playground.command({ params: { start: 'scratch' }, pick: 5 }));
  await page.waitForTimeout(300);
  const before = await page.evaluate(() => window.playground.state().prediction);
  await page.setInputFiles('#mlpg-file', { name: 'broken.mlpg', mimeType: 'application/octet-stream', buffer: Buffer.from('MLPGMODL not really a model') });
  await page.waitForTimeout(500);
  const afterBad = await page.evaluate(() => window.playground.state());
  assert.ok(afterBad.notices.some((n) => n.includes('broken.mlpg')), `a notice names the file: ${JSON.stringify(afterBad.notices)}`);
  assert.deepEqual(afterBad.prediction, before, 'the current model keeps working');
  await shot(page, 'cnn-bad-model-file.png');
  await page.setInputFiles('#mlpg-file', path.join(distDir, '..', 'data', 'course-cnn.mlpg'));
  await page.waitForTimeout(500);
  const loaded = await page.evaluate(() => window.playground.state());
  assert.equal(loaded.model.note, 'cnn.note.loaded', JSON.stringify(loaded.model));
  const acc = await page.evaluate(() => window.playground.command({ evaluate: true }).evaluate.val_accuracy);
  console.log(`cnn lab: model file loaded through the page's file input: ${(100 * acc).toFixed(2)}%; a damaged one: "${afterBad.notices.at(-1)}"`);
  assert.ok(acc >= 0.97);
  // The Download button gives a model file that loads back to the same answers.
  await page.evaluate(() => window.playground.command({ dismiss: true }));  // the notice bar moves the layout
  await page.waitForTimeout(300);
  await shot(page, 'cnn-before-download.png');
  const dl = await page.evaluate(() => window.playground.state().display.rects.download);
  assert.ok(dl, 'the Download button reports where it is');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 5000 }), page.mouse.click(dl[0] + dl[2] / 2, dl[1] + dl[3] / 2)]);
  const saved = path.join(shotDir, 'downloaded.mlpg');
  await download.saveAs(saved);
  const bytes = fs.readFileSync(saved);
  assert.equal(download.suggestedFilename(), 'mlpg-cnn.mlpg');
  assert.equal(bytes.subarray(0, 4).toString(), 'MLPG', 'a model file');
  const probsBefore = await page.evaluate(() => window.playground.command({ params: { start: 'scratch' }, pick: 9 }) && window.playground.state().prediction);
  await page.setInputFiles('#mlpg-file', saved);
  await page.waitForTimeout(500);
  const back = await page.evaluate(() => window.playground.command({ pick: 9 }).pick.probs);
  assert.notDeepEqual(back, probsBefore.probs, 'the downloaded model replaced the scratch one');
  const acc2 = await page.evaluate(() => window.playground.command({ evaluate: true }).evaluate.val_accuracy);
  console.log(`cnn lab: Download button -> ${bytes.length} bytes, loaded back: ${(100 * acc2).toFixed(2)}%`);
  assert.equal(acc2, acc, 'the downloaded model is the model that was there');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}
// No worker (its script fails to load): the page says why and trains in the
// frame loop, in micro-batches of 8, as before; its figures for comparison.
app = await openApp(distDir, '#lesson=cnn');
({ page, errors } = app);
try {
  await page.route(/train_worker(_mt)?\.js$/, (route) => route.fulfill({ status: 404, body: 'gone' }));  // either build
  await page.reload();
  await page.evaluate(() => window.playground.ready.then(() => true));
  await waitForData(page);
  const noWorker = await cnnTrainingRun(page);
  const { a, b } = noWorker;
  assert.equal(b.s.training_in, 'page');
  assert.match(b.s.worker_error, /training worker failed/, `the page says why: ${b.s.worker_error}`);
  assert.ok(b.s.step > a.s.step, 'training goes on in the page');
  await page.evaluate(() => window.playground.command({ lang: 'zh' }));
  await page.waitForTimeout(400);
  await shot(page, 'cnn-no-worker-zh.png');
  console.log(`cnn lab without a worker: ${describe(noWorker, NaN).split(' vs ')[0]} | "${b.s.worker_error}"`);
  assert.deepEqual(errors.filter((e) => !/train_worker|404/.test(e)), [], 'no console errors but the missing script');
} finally {
  await app.close();
}
// A broken download: a clear error, and the retry works once the file is good.
app = await openApp(distDir, '#lesson=home');
({ page, errors } = app);
try {
  let broken = true;
  await page.route('**/mnist-digits-test.mlpg.gz', (route) =>
    broken ? route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from('not gzip at all') })
           : route.continue());
  await page.evaluate(() => window.playground.command({ lesson: 'cnn' }));
  const failed = await waitForData(page);
  assert.equal(failed.status, 'failed');
  assert.match(failed.error, /mnist-digits-test\.mlpg\.gz/, `the error names the file: ${failed.error}`);
  await page.waitForTimeout(200);
  await shot(page, 'cnn-broken-data.png');
  broken = false;
  await page.evaluate(() => window.playground.command({ retry: true }));
  const fixed = await waitForData(page);
  assert.equal(fixed.status, 'ready', JSON.stringify(fixed));
  console.log('cnn lab: broken download ->', failed.error, '| retry ->', fixed.status);
} finally {
  await app.close();
}
// 9. The RNN lab: the shipped character models write at once and beat the
// unigram baseline; training from scratch by command falls below it; a
// sample at temperature 0.01 repeats for a seed; a click on a character of
// the traced text selects it; the course's LSTM classifier scores >= 97% and
// a click on its row-by-row heatmap moves the row cursor; the vanishing
// gradient's numbers; in-page training throughput next to headless wasm.
async function waitFor(page, fn, what, timeoutMs = 60000) {
  const t0 = Date.now();
  for (;;) {
    const v = await page.evaluate(fn);
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting for ' + what);
    await page.waitForTimeout(100);
  }
}
app = await openApp(distDir, '#lesson=rnn&corpus=english');
({ page, errors } = app);
try {
  await waitFor(page, () => window.playground.state().poet.data.status === 'ready', 'the English corpus');
  const shipped = await page.evaluate(() => window.playground.command({ evaluate: true }).evaluate);
  console.log(`rnn lab: shipped English model ${shipped.val_nats.toFixed(3)} nats/char vs unigram ${shipped.unigram_nats.toFixed(3)} (in the page)`);
  assert.ok(shipped.val_nats < shipped.unigram_nats, JSON.stringify(shipped));
  const s0 = await page.evaluate(() => window.playground.state().poet);
  assert.equal(s0.shipped, true);
  assert.ok(s0.checkpoints.length >= 1 && s0.checkpoints[0].text.length > 20, 'what the shipped model writes is there at once');
  await page.waitForTimeout(300);
  await shot(page, 'rnn-poet-en.png');
  const scratch = await page.evaluate(() => {
    const p = window.playground;
    p.command({ params: { start: 'scratch', hidden: 64, layers: 1, lr: 0.01 } });
    const t0 = performance.now();
    p.command({ train: 150 });
    const seconds = (performance.now() - t0) / 1000;
    return { ...p.command({ evaluate: true }).evaluate, seconds };
  });
  console.log(`rnn lab: from scratch (LSTM 64, 1 layer), 150 steps in ${scratch.seconds.toFixed(1)} s: ${scratch.val_nats.toFixed(3)} nats/char vs unigram ${scratch.unigram_nats.toFixed(3)}`);
  assert.ok(scratch.val_nats < scratch.unigram_nats, JSON.stringify(scratch));
  const samples = await page.evaluate(() => [1, 2].map(() =>
    window.playground.command({ sample: { prefix: 'The ', temperature: 0.01, seed: 7, length: 80 } }).sample.text));
  assert.equal(samples[0], samples[1], 'temperature 0.01 and one seed: the same text');
  console.log(`rnn lab: sample at temperature 0.01: ${JSON.stringify(samples[0].slice(0, 60))}`);
  // Training in the frame loop with the shipped shape: in-page characters/s
  // vs the headless wasm figure (bench/model_bench charlm, same shape, same run).
  await page.evaluate(() => window.playground.command({ params: { start: 'trained', hidden: 128, layers: 2, lr: 0.002 }, run: true }));
  await page.waitForTimeout(1000);
  const a = await page.evaluate(() => ({ s: window.playground.state(), t: performance.now() }));
  await page.waitForTimeout(6000);
  const b = await page.evaluate(() => ({ s: window.playground.state(), t: performance.now() }));
  await page.evaluate(() => window.playground.command({ run: false }));
  const inPage = (b.s.poet.steps - a.s.poet.steps) * 8 * 32 / ((b.t - a.t) / 1000);
  const benchJs = path.join(shotDir, '..', 'bench', 'model_bench.js');
  let headless = NaN;
  if (fs.existsSync(benchJs)) {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync('node', ['--no-experimental-fetch', benchJs, 'charlm'], { encoding: 'utf8' });
    headless = JSON.parse(out.split('\n').find((l) => l.includes('"charlm"'))).samples_per_s;
  }
  console.log(`rnn lab throughput: ${inPage.toFixed(0)} characters/s in the page (frame loop, one window of 32 a unit, ` +
    `${b.s.fps.toFixed(0)} fps, main-thread work median ${b.s.frame_work_ms.median.toFixed(1)} ms, p95 ${b.s.frame_work_ms.p95.toFixed(1)} ms) ` +
    `vs ${headless.toFixed(0)} characters/s headless wasm (bench/model_bench charlm, Node, same run): ${(100 * inPage / headless).toFixed(0)}%`);
  assert.ok(b.s.poet.steps > a.s.poet.steps, 'the frame loop trains the poet');
  // What fires, in Chinese: the Tang model over the start of the validation text.
  await page.evaluate(() => window.playground.command({ params: { corpus: 'tang', part: 'fires' }, lang: 'zh' }));
  await waitFor(page, () => { const s = window.playground.state(); return s.poet.data.status === 'ready' && s.fires; }, 'the Tang trace');
  await page.waitForTimeout(300);
  await shot(page, 'rnn-fires-zh.png');
  await page.mouse.click(441, 91);  // the second character of the coloured text (1280x800 layout)
  await page.waitForTimeout(200);
  const fires = await page.evaluate(() => window.playground.state().fires);
  assert.equal(fires.at.position, 1, `a click on a character selects it: ${JSON.stringify(fires.at.position)}`);
  assert.equal(fires.at.gates.length, 2, 'gates of both layers');
  console.log(`rnn lab: unit ${fires.marker_unit} follows line ends (correlation ${fires.marker_correlation.toFixed(2)})`);
  await page.evaluate(() => window.playground.command({ params: { part: 'poet' } }));
  await page.waitForTimeout(300);
  await shot(page, 'rnn-poet-zh.png');
  // The course's classifier, row by row.
  await page.evaluate(() => window.playground.command({ params: { part: 'rows' }, lang: 'en' }));
  await waitFor(page, () => window.playground.state().rows.data.status === 'ready', 'the digits');
  const rowsAcc = await page.evaluate(() => window.playground.command({ evaluate: true }).evaluate.val_accuracy);
  console.log(`rnn lab: the course's LSTM classifier ${(100 * rowsAcc).toFixed(2)}% on the validation digits (in the page)`);
  assert.ok(rowsAcc >= 0.97, `row-by-row classifier: ${rowsAcc}`);
  await page.waitForTimeout(300);
  await shot(page, 'rnn-rows-en.png');
  await page.mouse.move(1000, 100);  // a row near the top of the probabilities-by-row heatmap
  await page.waitForTimeout(100);
  await page.mouse.down();
  await page.waitForTimeout(100);
  await page.mouse.up();
  await page.waitForTimeout(200);
  const rows = await page.evaluate(() => window.playground.state().rows);
  assert.ok(rows.rows_read >= 3 && rows.rows_read <= 8, `a click on the heatmap moves the row cursor: ${rows.rows_read}`);
  await shot(page, 'rnn-rows-clicked.png');
  // Why LSTM: the numbers behind the plot.
  await page.evaluate(() => window.playground.command({ params: { part: 'why', T: 50 } }));
  await waitFor(page, () => window.playground.state().why.T === 50, 'the gradients');
  const why = await page.evaluate(() => window.playground.state().why);
  const ratio = why.grad_init.lstm[0] / why.grad_init.rnn[0];
  console.log(`rnn lab: T=50, gradient reaching step 1: RNN ${why.grad_init.rnn[0].toExponential(2)}, LSTM ${why.grad_init.lstm[0].toExponential(2)} (forget bias 1): ${ratio.toExponential(2)}x`);
  assert.ok(ratio >= 100, `LSTM/RNN at step 1: ${ratio}`);
  await page.waitForTimeout(300);
  await shot(page, 'rnn-why-en.png');
  // One cell, step by step: the equations' numbers equal the engine's, and the arrow steps forward.
  await page.evaluate(() => window.playground.command({ params: { part: 'cell', step_cell: 'lstm' } }));
  await waitFor(page, () => window.playground.state().cell, 'the step-by-step cell');
  const cell0 = await page.evaluate(() => window.playground.state().cell);
  assert.ok(cell0.max_difference < 1e-5, `equations vs engine: ${cell0.max_difference}`);
  await page.mouse.click(707, 41);  // the step-forward arrow (1280x800 layout)
  await page.waitForTimeout(200);
  const cell1 = await page.evaluate(() => window.playground.state().cell);
  assert.equal(cell1.t, cell0.t + 1, `the arrow steps forward: ${cell0.t} -> ${cell1.t}`);
  await shot(page, 'rnn-cell-en.png');
  await page.evaluate(() => window.playground.command({ lang: 'zh' }));
  await page.waitForTimeout(300);
  await shot(page, 'rnn-cell-zh.png');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}
// 10. The FAQ explorer: Q3's numbers against its confusion matrix and a
// trapezoid sum of its ROC curve, the threshold slider through the mouse;
// Q4's race from one start.
app = await openApp(distDir, '#lesson=faq&q=3&ratio=0.05');
({ page, errors } = app);
try {
  await waitFor(page, () => window.playground.state().metrics, 'Q3');
  // It opens training (an epoch a step, up to 100): finish now and hold still.
  await page.evaluate(() => window.playground.command({ run: false, train: 100 }));
  const q3 = await page.evaluate(() => window.playground.state());
  assert.equal(q3.metrics.epochs, 100);
  const m = q3.metrics;
  const n = m.tp + m.fp + m.fn + m.tn;
  assert.equal(m.accuracy, (m.tp + m.tn) / n);
  assert.equal(m.recall, m.tp / (m.tp + m.fn));
  let area = 0;
  for (let k = 1; k < q3.roc.fpr.length; k++) area += (q3.roc.fpr[k] - q3.roc.fpr[k - 1]) * (q3.roc.tpr[k] + q3.roc.tpr[k - 1]) / 2;
  assert.ok(Math.abs(area - m.auc) < 1e-6, `AUC ${m.auc} vs trapezoids ${area}`);
  console.log(`faq Q3 (95:5, threshold 0.5): accuracy ${(100 * m.accuracy).toFixed(1)}%, recall ${m.recall.toFixed(3)}, AUC ${m.auc.toFixed(3)}; always-negative ${(100 * m.always_negative_accuracy).toFixed(1)}%`);
  await shot(page, 'faq-q3-en.png');
  await page.mouse.click(30, 177);  // near the left end of the threshold slider
  await page.waitForTimeout(200);
  const low = await page.evaluate(() => window.playground.state());
  assert.ok(low.params.threshold < 0.2 && low.metrics.recall > m.recall, `a lower threshold finds more positives: ${JSON.stringify(low.metrics)}`);
  await shot(page, 'faq-q3-threshold.png');
  await page.evaluate(() => window.playground.command({ params: { q: '4', surface: 'rosenbrock', lr: 0.002 }, lang: 'zh', run: false }));
  await page.evaluate(() => window.playground.command({ train: 1500 }));
  const race = await page.evaluate(() => window.playground.state().race);
  assert.equal(new Set(race.map((r) => r.start_loss)).size, 1, 'every optimizer starts from the same loss');
  console.log('faq Q4 (Rosenbrock, lr 0.002, 1500 steps): ' + race.map((r) => `${r.name} ${r.diverged_at >= 0 ? 'diverged at ' + r.diverged_at : r.loss.toPrecision(3)}`).join(', '));
  await page.waitForTimeout(300);
  await shot(page, 'faq-q4-zh.png');
  // Q1: four families on the same digits, one epoch each.
  await page.evaluate(() => window.playground.command({ params: { q: '1' }, lang: 'en', run: false }));
  await waitFor(page, () => window.playground.state().choose && !window.playground.state().choose.loading, 'the digits for Q1');
  await page.evaluate(() => window.playground.command({ train: 100000 }));
  const q1 = await page.evaluate(() => window.playground.state().choose);
  assert.ok(q1.done && q1.models.length === 4 && q1.models.every((m) => m.seen === 2000 && m.accuracy > 0.3), JSON.stringify(q1.models));
  console.log('faq Q1 (2,000 digits, one epoch): ' + q1.models.map((m) => `${m.name} ${(100 * m.accuracy).toFixed(1)}% (${m.parameters} parameters, ${m.samples_per_s.toFixed(0)} samples/s)`).join(', '));
  await page.waitForTimeout(300);
  await shot(page, 'faq-q1-en.png');
  // Q2: early stopping's step is where the validation error was lowest.
  await page.evaluate(() => window.playground.command({ params: { q: '2', degree: 12, n: 15 }, lang: 'en', run: false }));
  await page.evaluate(() => window.playground.command({ train: 1500 }));
  const q2 = await page.evaluate(() => window.playground.state().overfit);
  const v = q2.by_step.val;
  const lowest = v.indexOf(Math.min(...v)) * q2.by_step.every;
  assert.equal(q2.early_stop_step, lowest, `early stopping at ${q2.early_stop_step}, lowest validation at ${lowest}`);
  assert.ok(q2.val_mse > 3 * q2.train_mse, 'degree 12 on 15 points overfits');
  console.log(`faq Q2 (degree 12, 15 points): training ${q2.train_mse.toFixed(3)}, validation ${q2.val_mse.toFixed(1)}; early stopping at step ${q2.early_stop_step} (validation ${v[q2.early_stop_step / q2.by_step.every].toFixed(3)}, ${v.at(-1).toFixed(3)} at step 1500)`);
  await page.waitForTimeout(300);
  await shot(page, 'faq-q2-en.png');
  // Q5: completely at random, mean imputation stays within a few points of no missingness.
  await page.evaluate(() => window.playground.command({ params: { q: '5', mechanism: 'mcar', rate: 0.3 }, lang: 'en' }));
  const q5 = await page.evaluate(() => window.playground.state().missing);
  const byName = Object.fromEntries(q5.strategies.map((r) => [r.strategy, r]));
  assert.equal(q5.strategies.length, 7, 'one row per strategy');
  assert.ok(Math.abs(byName.mean.accuracy - byName.none.accuracy) < 0.05, JSON.stringify(byName));
  console.log('faq Q5 (MCAR 30%): ' + q5.strategies.map((r) => `${r.strategy} ${(100 * r.accuracy).toFixed(1)}%`).join(', '));
  await page.waitForTimeout(300);
  await shot(page, 'faq-q5-en.png');
  await page.evaluate(() => window.playground.command({ params: { mechanism: 'mnar', rate: 0.4 }, lang: 'zh' }));
  await page.waitForTimeout(300);
  await shot(page, 'faq-q5-zh.png');
  // Q5 on a learner's CSV: older people leave income empty (not at random); dropping rows makes the rest younger.
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  let own = 'age,income,score,label\n';
  for (let i = 0; i < 600; i++) {
    const age = 40 + 12 * gauss(), income = 0.5 * age + 5 * gauss(), score = gauss();
    own += `${age.toFixed(2)},${age > 45 && rand() < 0.5 ? '' : income.toFixed(2)},${score.toFixed(3)},${income + 8 * score > 20 ? 'yes' : 'no'}\n`;
  }
  const said5 = await page.evaluate((csv) => window.playground.command({ csv }).csv, own);
  const mine = await page.evaluate(() => window.playground.state().missing);
  assert.equal(mine.source, 'pasted.csv', said5);
  assert.equal(mine.strategies.length, 6, 'one row per strategy, no reference for unknown values');
  assert.equal(mine.column, 'age');
  const ownBy = Object.fromEntries(mine.strategies.map((r) => [r.strategy, r]));
  assert.ok(ownBy.drop.x1_mean < ownBy.mean.x1_mean - 0.1 * mine.column_sd, JSON.stringify(ownBy));
  console.log(`faq Q5 on a CSV: ${said5} ` + mine.strategies.map((r) => `${r.strategy} ${(100 * r.accuracy).toFixed(1)}%`).join(', ') +
    `; dropping rows moves the mean of age from ${mine.true_x1_mean.toFixed(2)} to ${ownBy.drop.x1_mean.toFixed(2)}`);
  await page.evaluate(() => window.playground.command({ dismiss: true }));
  await page.waitForTimeout(300);
  await shot(page, 'faq-q5-csv-zh.png');
  // Q4: the range test's suggestion trains, the blow-up rate does not; batch sizes from one start.
  await page.evaluate(() => window.playground.command({ params: { q: '4', part: 'range' }, lang: 'en' }));
  const range = await page.evaluate(() => window.playground.state().range);
  assert.ok(range.blew_up_at >= 0 && range.lowest < range.blew_up_at, JSON.stringify({ blew: range.blew_up_at, lowest: range.lowest }));
  assert.ok(Math.abs(range.suggested - range.lr[range.lowest] / 10) < 1e-6 * range.suggested);
  assert.ok(range.val_at_suggested < 0.45 && (range.blowup_diverged || range.val_at_blowup > 2 * range.val_at_suggested), JSON.stringify(range.val_at_suggested));
  console.log(`faq Q4 range test (in the page): lowest at lr ${range.lr[range.lowest].toPrecision(3)}, blew up at ${range.lr[Math.min(range.blew_up_at, range.lr.length - 1)].toPrecision(3)}; ` +
    `a tenth of the lowest (${range.suggested.toPrecision(3)}) reaches validation loss ${range.val_at_suggested.toFixed(3)} in 5 epochs`);
  await page.waitForTimeout(300);
  await shot(page, 'faq-q4-range-en.png');
  const batch = await page.evaluate(() => {
    window.playground.command({ params: { part: 'batch', batch_lr: 0.1 }, run: false, lang: 'zh' });
    window.playground.command({ train: 10 });
    return window.playground.state().batch;
  });
  assert.deepEqual(batch.runs.map((r) => r.steps), [8000, 1000, 250, 10]);
  assert.ok(batch.runs.every((r) => r.val_loss[0] === batch.runs[0].val_loss[0]), 'one start');
  console.log('faq Q4 batch sizes, 10 epochs at lr 0.1: ' + batch.runs.map((r) => `batch ${r.batch} -> ${r.val_loss.at(-1).toFixed(4)}`).join(', '));
  await page.waitForTimeout(300);
  await shot(page, 'faq-q4-batch-zh.png');
  // Q2 on images: 300 digits learned by heart; dropout and shifted images narrow the gap; the first run stays in the table.
  await page.evaluate(() => window.playground.command({ params: { q: '2', data: 'digits' }, run: false, lang: 'en' }));
  await waitFor(page, () => !window.playground.state().digits.loading, 'the digits for Q2');
  const d0 = await page.evaluate(() => { window.playground.command({ reset: true, train: 400 }); return window.playground.state().digits; });
  const gap0 = d0.now.train_acc - d0.now.val_acc;
  assert.ok(d0.now.train_acc > 0.99 && gap0 > 0.1, JSON.stringify(d0.now));
  const d1 = await page.evaluate(() => {
    window.playground.command({ params: { dropout: 0.5, augment: true } });
    window.playground.command({ train: 400 });
    return window.playground.state().digits;
  });
  const gap1 = d1.now.train_acc - d1.now.val_acc;
  assert.equal(d1.records.length, 1);
  assert.ok(gap1 < gap0 - 0.03, `the gap narrows: ${gap0} -> ${gap1}`);
  console.log(`faq Q2 digits (in the page, 40 epochs): gap ${(100 * gap0).toFixed(1)} points without remedies, ${(100 * gap1).toFixed(1)} with dropout 0.5 and shifts`);
  await page.waitForTimeout(300);
  await shot(page, 'faq-q2-digits-en.png');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}
// 11. A learner's own CSV and "Show code" (#14): a CSV picked through the file
// input becomes the classifier's data and is learned; a bad one gives a
// notice naming line and column and changes nothing; the Paste button takes
// the clipboard's CSV; the Show code button opens the code, and its Copy
// button puts exactly the emitted PyTorch code on the clipboard.
app = await openApp(distDir, '#lesson=classifier&lang=en');
({ page, errors } = app);
try {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  let csv = 'width,height,kind\n';
  for (let i = 0; i < 120; i++) csv += `${(i % 2 ? 30 : 10) + (i % 7)},${(i % 2 ? 5 : 1) + (i % 5) / 10},${i % 2 ? 'big' : 'small'}\n`;
  await page.setInputFiles('#mlpg-file', { name: 'blobs.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await waitFor(page, () => window.playground.state().data.source === 'blobs.csv', 'the CSV to arrive', 10000);
  const learned = await page.evaluate(() => {
    window.playground.command({ run: false, train: 300 });
    return window.playground.state();
  });
  assert.equal(learned.params.dataset, 'custom');
  assert.equal(learned.points.train + learned.points.test, 120);
  assert.ok(learned.metrics.accuracy > 0.95, `the file's two blobs are learned: ${learned.metrics.accuracy}`);
  await page.setInputFiles('#mlpg-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x1,x2,label\n1,2,a\n3,"4,b\n') });
  await waitFor(page, () => window.playground.state().notices.some((n) => n.includes('bad.csv')), 'the bad file notice', 10000);
  const afterBad = await page.evaluate(() => window.playground.state());
  const badNotice = afterBad.notices.find((n) => n.includes('bad.csv'));
  assert.match(badNotice, /line 3, column 2: a quoted cell is never closed/);
  assert.equal(afterBad.step, learned.step, 'a bad file leaves the run as it was');
  assert.equal(afterBad.data.source, 'blobs.csv');
  console.log(`csv: blobs.csv learned to ${(100 * learned.metrics.accuracy).toFixed(1)}%; bad file: "${badNotice}"`);
  await page.evaluate(() => window.playground.command({ dismiss: true }));
  await page.waitForTimeout(300);
  await shot(page, 'classifier-csv-en.png');
  // Paste: the clipboard's text through the Paste CSV button (clicked with the mouse).
  await page.evaluate(() => navigator.clipboard.writeText('a;b;label\n1,5;2;0\n3;4;1\n5;1;0\n2;2;1\n'));
  await page.mouse.click(PASTE_CSV.x, PASTE_CSV.y);
  await waitFor(page, () => window.playground.state().data.source === 'pasted.csv', 'the pasted CSV', 10000);
  console.log('csv: pasted through the Paste CSV button:', await page.evaluate(() => window.playground.state().notices.at(-1)));
  // Show code, by the mouse: the window opens; Copy puts the emitted code on the clipboard.
  await page.evaluate(() => window.playground.command({ dismiss: true }));
  await page.waitForTimeout(200);
  await page.mouse.click(SHOW_CODE.x, SHOW_CODE.y);
  await waitFor(page, () => window.playground.state().show_code, 'the Show code window', 5000);
  await page.waitForTimeout(300);
  await shot(page, 'code-classifier-en.png');
  await page.mouse.click(CODE_COPY.x, CODE_COPY.y);
  await page.waitForTimeout(300);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const emitted = await page.evaluate(() => window.playground.command({ code: true }).code[0]);
  assert.equal(copied, emitted.pytorch, 'Copy puts the PyTorch code on the clipboard');
  assert.match(copied, /nn\.Linear\(4, 8\)/);
  console.log(`show code: ${emitted.title}, ${emitted.parameters} parameters, ${copied.length} characters copied`);
  await page.evaluate(() => window.playground.command({ lesson: 'cnn', lang: 'zh' }));
  await waitForData(page);
  const cnnCode = await page.evaluate(() => window.playground.command({ code: true }).code[0]);
  assert.equal(cnnCode.parameters, 225034);
  await page.waitForTimeout(300);
  await shot(page, 'code-cnn-zh.png');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}
// 12. The concept pages (#15): the backprop walk by the mouse (the right
// arrow steps node by node), the hand gradients against the engine's autograd
// and finite differences for every activation and both losses, an update that
// lowers the loss; the activations page's x dragged on its plot.
app = await openApp(distDir, '#lesson=concepts&c=backprop&lang=en');
({ page, errors } = app);
try {
  for (let i = 0; i < 7; i++) { await page.mouse.click(BP_NEXT.x, BP_NEXT.y, { delay: 60 }); await page.waitForTimeout(200); }
  const walked = await page.evaluate(() => window.playground.state().backprop);
  assert.equal(walked.position, 7, 'seven clicks on the right arrow: seven nodes');
  assert.equal(walked.node, 'dL/dy');
  await page.waitForTimeout(200);
  await shot(page, 'concepts-backprop-en.png');
  const checks = await page.evaluate(() => {
    const out = [];
    for (const act of ['sigmoid', 'tanh', 'relu', 'leaky_relu'])
      for (const loss of ['mse', 'ce']) {
        window.playground.command({ params: { act, loss } });
        const b = window.playground.state().backprop;
        out.push({ act, loss, engine: b.max_engine_difference, finite: b.max_finite_difference });
      }
    return out;
  });
  for (const c of checks) assert.ok(c.engine < 1e-4 && c.finite < 1e-4, JSON.stringify(c));
  console.log('concepts backprop (in the page): hand vs autograd / finite differences, worst ' +
    Math.max(...checks.map((c) => c.engine)).toExponential(1) + ' / ' + Math.max(...checks.map((c) => c.finite)).toExponential(1));
  const upd = await page.evaluate(() => {
    window.playground.command({ params: { act: 'tanh', loss: 'mse' } });
    const before = window.playground.state().backprop.values.loss;
    window.playground.command({ update: true });
    return { before, after: window.playground.state().backprop.values.loss };
  });
  assert.ok(upd.after < upd.before, JSON.stringify(upd));
  await page.evaluate(() => window.playground.command({ lang: 'zh', params: { step: 11 } }));
  await page.waitForTimeout(200);
  await shot(page, 'concepts-backprop-zh.png');
  await page.evaluate(() => window.playground.command({ lang: 'en', params: { c: 'activations', x: 0 } }));
  await page.waitForTimeout(200);
  await page.mouse.move(ACT_PLOT.x, ACT_PLOT.y);
  await page.mouse.down();
  await page.waitForTimeout(150);
  await page.mouse.up();
  const x = await page.evaluate(() => window.playground.state().params.x);
  assert.ok(x > 1, `a press on the right of the functions plot moves x there: ${x}`);
  await page.waitForTimeout(200);
  await shot(page, 'concepts-activations-en.png');
  // Convolution: the page's sums equal the engine's conv2d and pooling for valid and same padding, stride 1 and 2.
  const conv = await page.evaluate(() => {
    const out = [];
    for (const padding of ['valid', 'same'])
      for (const stride of ['1', '2']) {
        window.playground.command({ params: { c: 'conv', padding, stride, kernel: 'vedge' } });
        const c = window.playground.state().conv;
        out.push({ padding, stride, size: c.out_h, diff: c.max_difference });
      }
    return out;
  });
  assert.deepEqual(conv.map((c) => c.size), [8, 4, 10, 5]);
  for (const c of conv) assert.ok(c.diff < 1e-5, JSON.stringify(c));
  await page.evaluate(() => window.playground.command({ params: { kernel: 'learned', filter: 3, padding: 'same', stride: '1', cell: 0 }, lang: 'zh' }));
  await waitFor(page, () => window.playground.state().conv.learned_loaded, 'the shipped CNN\'s filters', 30000);
  await page.mouse.click(STEP_BUTTON.x, STEP_BUTTON.y, { delay: 40 });
  await page.waitForTimeout(200);
  const stepped = await page.evaluate(() => window.playground.state().params.cell);
  assert.equal(stepped, '1', 'the Step button moves the window one cell');
  console.log('concepts conv (in the page): sizes ' + conv.map((c) => `${c.padding}/${c.stride}: ${c.size}`).join(', ') + '; equal to conv2d within ' +
    Math.max(...conv.map((c) => c.diff)).toExponential(1));
  await page.waitForTimeout(200);
  await shot(page, 'concepts-conv-zh.png');
  // Gradient descent: a badly scaled feature makes the same 100 steps fall short.
  const desc = await page.evaluate(() => {
    window.playground.command({ params: { c: 'descent', scale: 10, fraction: 0.9, lr1: 0.8 } });
    const bad = window.playground.state().descent;
    window.playground.command({ params: { scale: 1 } });
    const good = window.playground.state().descent;
    window.playground.command({ params: { scale: 10 } });
    return { bad, good };
  });
  assert.ok(desc.bad.kappa > 30 && desc.good.kappa < 3, JSON.stringify([desc.bad.kappa, desc.good.kappa]));
  assert.ok(desc.good.distance[0] < 1e-3 && desc.bad.distance[0] > 0.05, JSON.stringify([desc.good.distance, desc.bad.distance]));
  assert.ok(desc.bad.factor < 0, 'lr 0.8 oscillates in 1-D');
  console.log(`concepts descent (in the page): kappa ${desc.good.kappa.toFixed(2)} -> 100 batch steps end ${desc.good.distance[0].toExponential(1)} from the exact solution; kappa ${desc.bad.kappa.toFixed(1)} -> ${desc.bad.distance[0].toFixed(3)}`);
  await page.waitForTimeout(200);
  await shot(page, 'concepts-descent-zh.png');
  // ML vs DL: a straight line on the raw inputs fails the spiral; hand-made features or a network pass it.
  const kinds = await page.evaluate(() => {
    window.playground.command({ params: { c: 'ml-dl-nn' }, run: false, lang: 'en' });
    window.playground.command({ train: 100 });
    return window.playground.state().kinds;
  });
  assert.ok(kinds[0].test_acc < 0.75 && kinds[1].test_acc > 0.95 && kinds[2].test_acc > 0.95, JSON.stringify(kinds));
  console.log('concepts ml-dl-nn (in the page, 100 epochs): ' + kinds.map((k) => `${k.name} ${(100 * k.test_acc).toFixed(1)}%`).join(', '));
  await page.waitForTimeout(200);
  await shot(page, 'concepts-mldl-en.png');
  // Autonomous learning: Play (clicked) asks both learners for labels; the
  // one that chooses asks near the boundary and gets there with fewer.
  await page.evaluate(() => window.playground.command({ params: { c: 'autonomous', seed: 1 }, run: false }));
  await page.mouse.click(33, 49, { delay: 40 });  // Play
  await waitFor(page, () => window.playground.state().autonomous.chosen.labels >= 40, 'forty labels', 20000);
  await page.mouse.click(33, 49, { delay: 40 });  // Pause
  const auto = await page.evaluate(() => window.playground.state().autonomous);
  assert.ok(auto.chosen.asked_distance < auto.random.asked_distance / 2, JSON.stringify(auto.chosen.asked_distance));
  assert.ok(auto.chosen.to_95 > 0 && (auto.random.to_95 < 0 || auto.random.to_95 > auto.chosen.to_95), `95%: ${auto.chosen.to_95} vs ${auto.random.to_95}`);
  console.log(`concepts autonomous (in the page, seed 1): 95% test accuracy with ${auto.chosen.to_95} chosen labels vs ${auto.random.to_95} random; asked ${auto.chosen.asked_distance.toFixed(3)} vs ${auto.random.asked_distance.toFixed(3)} from the boundary`);
  await shot(page, 'concepts-autonomous-en.png');
  await page.evaluate(() => window.playground.command({ lang: 'zh' }));
  await page.waitForTimeout(300);
  await shot(page, 'concepts-autonomous-zh.png');
  // NLP: the shipped character model's embeddings; a click on a character picks it.
  await page.evaluate(() => window.playground.command({ params: { c: 'nlp', corpus: 'english', pos: 0 }, lang: 'en' }));
  await waitFor(page, () => window.playground.state().nlp.loaded, 'the character model', 20000);
  await page.mouse.click(416 + 4 * 38 + 18, 87, { delay: 40 });  // the fifth character, "c" (columns of 36, 2 apart)
  await page.waitForTimeout(200);
  const nlp = await page.evaluate(() => window.playground.state());
  assert.equal(nlp.params.pos, '4', 'a click on a character selects it');
  assert.equal(nlp.nlp.selected.char, 'c');
  assert.equal(nlp.nlp.selected.vector.length, nlp.nlp.dim);
  assert.ok(nlp.nlp.selected.nearest.every((n, i, a) => i === 0 || n.cosine <= a[i - 1].cosine), 'neighbours by similarity');
  console.log(`concepts nlp (in the page): '${nlp.nlp.selected.char}' is id ${nlp.nlp.selected.id} of ${nlp.nlp.vocabulary}; nearest ${nlp.nlp.selected.nearest.slice(0, 3).map((n) => `${JSON.stringify(n.char)} ${n.cosine.toFixed(2)}`).join(', ')}`);
  await shot(page, 'concepts-nlp-en.png');
  await page.evaluate(() => window.playground.command({ params: { corpus: 'tang', pos: 3 }, lang: 'zh' }));
  await waitFor(page, () => window.playground.state().nlp.loaded, 'the Tang model', 20000);
  await page.waitForTimeout(300);
  await shot(page, 'concepts-nlp-zh.png');
  // Recurrence unrolled: backprop through time by hand equals the engine's RNN layer.
  await page.evaluate(() => window.playground.command({ params: { c: 'recurrence', u: 0.9 }, lang: 'en' }));
  await page.waitForTimeout(200);
  const rec = await page.evaluate(() => window.playground.state().recurrence);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(rec.grad[i] - rec.engine[i]) < 1e-5 && Math.abs(rec.grad[i] - rec.finite[i]) < 1e-6, JSON.stringify(rec));
  console.log(`concepts recurrence (in the page, u = 0.9): dL/du by hand ${rec.grad[1].toFixed(6)}, engine ${rec.engine[1].toFixed(6)}, finite ${rec.finite[1].toFixed(6)}; delta ${Math.abs(rec.delta[7]).toExponential(2)} -> ${Math.abs(rec.delta[0]).toExponential(2)}`);
  await shot(page, 'concepts-recurrence-en.png');
  await page.evaluate(() => window.playground.command({ lang: 'zh' }));
  await page.waitForTimeout(300);
  await shot(page, 'concepts-recurrence-zh.png');
  // Activations: one neuron fitted with each activation.
  await page.evaluate(() => window.playground.command({ params: { c: 'activations' }, lang: 'en' }));
  const fit = await page.evaluate(() => window.playground.state().neuron_fit);
  assert.ok(fit.mse[0] < 1e-3 && fit.mse[2] > 10 * fit.mse[0], JSON.stringify(fit.mse));
  await page.waitForTimeout(200);
  await shot(page, 'concepts-activations-fit-en.png');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}
// 13. The course map (#15): from the home page, a click on every item's Open
// button opens the page that teaches it (lesson and parameters as its link
// says), a click on Home in the top bar goes back, and the item is then
// marked tried; the marks survive a reload (the page's local storage).
app = await openApp(distDir, '#lesson=home&lang=en');
({ page, errors } = app);
try {
  const items = await page.evaluate(() => window.playground.state().course);
  const built = items.filter((i) => i.built);
  assert.equal(built.length, items.length, `every course item has a page: ${items.filter((i) => !i.built).map((i) => i.id)}`);
  for (const item of built) {
    const [x, y, w, h] = (await page.evaluate(() => window.playground.state().course)).find((i) => i.id === item.id).rect;
    await page.mouse.click(x + w / 2, y + h / 2, { delay: 40 });
    await waitFor(page, () => window.playground.state().lesson !== 'home', `the page of ${item.id}`, 10000);
    const s = await page.evaluate(() => window.playground.state());
    const link = new URLSearchParams(item.link.slice(1));
    assert.equal(s.lesson, link.get('lesson'), item.id);
    for (const [k, v] of link) if (k !== 'lesson') assert.equal(String(s.params[k]), v, `${item.id}: ${k}`);
    await page.mouse.click(HOME_BUTTON.x, HOME_BUTTON.y, { delay: 40 });
    await waitFor(page, () => window.playground.state().lesson === 'home', 'the home page again', 10000);
  }
  const after = await page.evaluate(() => window.playground.state().course);
  for (const item of built) assert.ok(after.find((i) => i.id === item.id).tried, `${item.id} is marked tried`);
  console.log(`course map: ${built.length} items opened by a click and marked tried; not built yet: ${items.filter((i) => !i.built).map((i) => i.id).join(', ')}`);
  await page.reload();
  await page.evaluate(() => window.playground.ready.then(() => true));
  // (The reload opens whatever page the address bar had last: go home by command.)
  const kept = await page.evaluate(() => { window.playground.command({ lesson: 'home' }); return window.playground.state().course.filter((i) => i.tried).length; });
  assert.equal(kept, built.length, 'the marks are kept in local storage');
  await page.evaluate(() => window.playground.command({ lang: 'zh' }));
  await page.waitForTimeout(300);
  await shot(page, 'home-zh.png');
  assert.deepEqual(errors, [], 'no console errors');
} finally {
  await app.close();
}
console.log('browser e2e: ok');
