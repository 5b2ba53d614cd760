// Browser end-to-end test: load dist/ in headless Chromium, wait for
// playground.ready, check the canvas is drawn, drive every lesson through the
// JS API and the URL hash, in both languages, and save screenshots.
// Usage: node tests/e2e/browser_test.mjs DIST_DIR SCREENSHOT_DIR
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, screenshotStddev } from './browser.mjs';

const [distDir = 'dist', shotDir = 'out'] = process.argv.slice(2);
fs.mkdirSync(shotDir, { recursive: true });

function allFinite(v) {
  if (typeof v === 'number') return Number.isFinite(v);
  if (v && typeof v === 'object') return Object.values(v).every(allFinite);
  return true;
}

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
console.log('browser e2e: ok');
