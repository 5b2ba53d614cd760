// Browser end-to-end test: load dist/ in headless Chromium, wait for
// playground.ready, check the canvas is drawn, drive the JS API, screenshot.
// Usage: node tests/e2e/browser_test.mjs DIST_DIR SCREENSHOT_DIR
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, screenshotStddev } from './browser.mjs';

const [distDir = 'dist', shotDir = 'out'] = process.argv.slice(2);
fs.mkdirSync(shotDir, { recursive: true });

const app = await openApp(distDir);
const { page, errors } = app;
try {
  const version = await page.evaluate(() => window.playground.version());
  console.log('version', JSON.stringify(version));
  assert.match(version.version, /^\d+\.\d+\.\d+$/);
  assert.equal(version.kernels, 'wasm-simd128', 'the web build runs the SIMD128 kernels');

  // The app trains in its frame loop: the step count must advance by itself.
  const s0 = await page.evaluate(() => window.playground.state());
  await page.waitForFunction((n) => window.playground.state().step > n + 10, s0.step, { timeout: 20000 });

  // Commands: pause, reset, train N steps synchronously, and read the result.
  const trained = await page.evaluate(() => {
    const p = window.playground;
    p.command({ run: false });
    p.command({ reset: true });
    const r = p.command({ train: 300 });
    return { r, s: p.state() };
  });
  assert.equal(trained.s.running, false);
  assert.equal(trained.s.step, 300);
  assert.ok(trained.r.loss < 0.01, `loss after 300 steps: ${trained.r.loss}`);
  assert.equal(trained.s.history.train_loss.length, 300);
  assert.equal(trained.s.lesson, 'home');
  JSON.stringify(trained.s);  // plain JSON-able

  // Bad commands throw clear errors and do not break the app.
  const bad = await page.evaluate(() => {
    const msgs = [];
    for (const c of [{ fly: 1 }, { lesson: 'nope' }, { train: -1 }, 'text', null]) {
      try { window.playground.command(c); msgs.push('no error'); } catch (e) { msgs.push(e.message); }
    }
    return msgs;
  });
  console.log('errors for bad commands:', bad);
  assert.match(bad[0], /unknown command 'fly'/);
  assert.match(bad[1], /unknown lesson 'nope'/);
  assert.match(bad[2], /train expects/);
  assert.match(bad[3], /expects an object/);
  assert.match(bad[4], /expects an object/);

  await page.evaluate(() => window.playground.command({ run: true }));
  await page.waitForTimeout(500);
  const png = await page.screenshot({ path: path.join(shotDir, 'browser.png') });
  const sd = await screenshotStddev(page, png);
  console.log(`screenshot ${path.join(shotDir, 'browser.png')}: grey stddev ${sd.toFixed(1)}`);
  assert.ok(sd > 5, `canvas looks blank (grey stddev ${sd})`);
  const state = await page.evaluate(() => window.playground.state());
  assert.ok(state.fps > 0, 'fps is measured');

  assert.deepEqual(errors, [], 'no console errors');
  console.log('browser e2e: ok');
} finally {
  await app.close();
}
