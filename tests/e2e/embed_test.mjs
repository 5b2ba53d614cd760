// Embedding e2e (#16): course pages holding playgrounds through the three
// packagings of protocol mlpg/1 (MLPlayground.mount, <ml-playground>, the
// page in a sandboxed cross-origin iframe), on three local origins:
// isolation of two instances, the state round trip over a reload,
// completion once, the iframe's origin checks under a strict CSP, load
// failures, the Embed button's snippet, locked and hidden parameters, and
// the weight a host page loads.
// Usage: node tests/e2e/embed_test.mjs DIST_DIR SCREENSHOT_DIR
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import Ajv from 'ajv/dist/2020.js';
import { serve } from '../../web/serve.mjs';
import { CHROMIUM_ARGS } from './browser.mjs';

const distDir = path.resolve(process.argv[2] || 'dist');
const shotDir = path.resolve(process.argv[3] || 'build-web/screenshots/embed');
fs.mkdirSync(shotDir, { recursive: true });

// The frame's server sends the strictest policy the playground works under:
// its own files only, plus compiling wasm.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
// Host pages are served by the test's servers (options.pages), not from dist/.
const pages = new Map();
const course = await serve(distDir, 0, '127.0.0.1', { pages });  // the course page's site
const frames = await serve(distDir, 0, '127.0.0.1', { csp: CSP });  // the playground's site, for iframes
const other = await serve(distDir, 0, '127.0.0.1', { pages });   // a site the frame was not told about
const originOf = (s) => `http://127.0.0.1:${s.address().port}`;
const O1 = originOf(course), O2 = originOf(frames), O3 = originOf(other);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });

// A host page at `${origin}/<name>.html` (a page route would break cross-origin frames in it).
async function hostPage(origin, name, body, { blockWasm = false } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  pages.set(`/${name}.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${name}</title></head><body>${body}</body></html>`);
  if (blockWasm) await page.route('**/app.wasm', (r) => r.fulfill({ status: 404, body: 'not here' }));
  await page.goto(`${origin}/${name}.html`);
  return { page, errors };
}
const until = async (page, fn, arg, timeout = 60000) => page.waitForFunction(fn, arg, { timeout, polling: 100 });
const rel = (a, b) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

const LAMBDA = { degree: 9, lambda: 0.001, lr: 0.2, seed: 5 };

try {
  // --- Isolation: a mounted instance and a custom element on one page. ---
  {
    const { page, errors } = await hostPage(O1, 'two', `
      <p><label>Notes <input id="notes"></label></p>
      <div id="a" style="width:900px;height:560px"></div>
      <div style="height:1400px">Text between the two playgrounds.</div>
      <ml-playground id="b" lesson="classifier" lang="zh" style="height:500px"></ml-playground>
      <script src="/web/embed.js"></script>
      <script>
        document.getElementById('notes').focus();  // the learner is typing when the playgrounds load
        window.events = [];
        window.a = MLPlayground.mount('#a', { lesson: 'lambda', params: ${JSON.stringify(LAMBDA)}, id: 'A',
                                              locked: ['degree'], hidden: ['seed'] });
        a.on('*', (type, detail) => events.push(['A', type, detail]));
        const b = document.getElementById('b');
        for (const t of ['ready', 'change', 'error']) b.addEventListener('mlpg-' + t, (e) => events.push(['B', t, e.detail]));
      </script>`);
    await until(page, () => window.events.filter((e) => e[1] === 'ready').length === 2);
    await page.waitForTimeout(1500);
    const ready = await page.evaluate(() => window.events.filter((e) => e[1] === 'ready'));
    assert.equal(ready.length, 2, 'each instance is ready once');
    assert.deepEqual(ready.map((e) => e[2].instanceId).sort(), ['A', 'b'], 'each with its own id');
    assert.ok(ready.every((e) => e[2].protocol === 'mlpg/1' && e[2].kernels && e[2].version), JSON.stringify(ready));
    const manners = await page.evaluate(() => ({ focus: document.activeElement.id, scroll: window.scrollY }));
    assert.deepEqual(manners, { focus: 'notes', scroll: 0 }, 'loading neither moved the focus nor scrolled the page');
    // The one below the fold is paused; both have their own language and lesson.
    const b0 = await page.evaluate(() => document.getElementById('b').playground.state());
    const a0 = await page.evaluate(() => window.a.state());
    assert.equal(b0.visible, false, 'an instance scrolled out of view is paused');
    assert.equal(a0.visible, true);
    assert.equal(a0.lang, 'en');
    assert.equal(b0.lang, 'zh');
    assert.equal(b0.lesson, 'classifier');
    assert.equal(a0.params.degree, '9');
    await page.evaluate(() => document.getElementById('b').playground.command({ run: false }));
    const bBefore = await page.evaluate(() => document.getElementById('b').playground.state());
    await page.evaluate(() => { a.command({ run: false }); a.command({ params: { lambda: 0.01 }, train: 300 }); });
    const a1 = await page.evaluate(() => window.a.state());
    const bAfter = await page.evaluate(() => document.getElementById('b').playground.state());
    assert.ok(a1.step >= 300, `A trained (${a1.step})`);
    for (const k of ['step', 'epoch', 'params', 'metrics', 'lesson', 'lang'])
      assert.deepEqual(bAfter[k], bBefore[k], `training A left B's ${k} unchanged`);
    // Keys reach only the focused instance; the page's own text field keeps its keys.
    await page.evaluate(() => document.querySelector('#a canvas').focus());
    await page.keyboard.press('p');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.a.state().running), true, 'P on the focused A plays it');
    assert.equal(await page.evaluate(() => document.getElementById('b').playground.state().running), false, 'B did not hear it');
    await page.focus('#notes');
    await page.keyboard.type('pp');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => document.getElementById('notes').value), 'pp');
    assert.equal(await page.evaluate(() => window.a.state().running), true, 'typing in the page does not reach A');
    // Locked and hidden parameters: the locked slider is drawn and does not move; the hidden one is not drawn.
    await page.evaluate(() => window.a.command({ run: false }));
    await page.waitForTimeout(300);
    const rects = await page.evaluate(() => window.a.state().display.rects);
    assert.ok(rects['slider.degree'], 'the locked degree is shown');
    assert.ok(!rects['param.seed'] && !rects['slider.seed'], 'the hidden seed is not drawn');
    const box = await page.locator('#a canvas').boundingBox();
    const drag = async (r, dx) => {
      const y = box.y + r[1] + r[3] / 2;
      await page.mouse.move(box.x + r[0] + 8, y);
      await page.mouse.down();
      await page.mouse.move(box.x + r[0] + 8 + dx, y, { steps: 6 });
      await page.mouse.up();
      await page.waitForTimeout(400);
    };
    await page.evaluate(() => { window.events.length = 0; });
    await drag(rects['slider.degree'], 120);
    assert.equal(await page.evaluate(() => window.a.state().params.degree), '9', 'a locked parameter cannot be dragged');
    await drag(rects['slider.lambda'], 80);
    const changes = await page.evaluate(() => window.events.filter((e) => e[0] === 'A' && e[1] === 'change'));
    assert.ok(changes.length >= 1 && changes.every((c) => c[2].userInitiated === true), `the learner's drag is a change: ${JSON.stringify(changes)}`);
    assert.notEqual(changes.at(-1)[2].params.lambda, '0.01');
    assert.ok(await page.evaluate(() => window.a.state().metrics.theta_norm > 0), 'the readouts a hidden parameter feeds stay');
    await page.screenshot({ path: path.join(shotDir, 'two-instances.png') });
    assert.deepEqual(errors, [], 'no console errors');
    const wasm = page.requests.filter((u) => u.endsWith('/app.wasm'));
    assert.equal(wasm.length, 1, `two instances, one download of app.wasm: ${wasm}`);
    const elsewhere = page.requests.filter((u) => !u.startsWith(O1 + '/') && !u.startsWith('blob:') && !u.startsWith('data:'));
    assert.deepEqual(elsewhere, [], 'no request leaves the playground\'s own server');
    console.log(`isolation: two instances ready once each (A, b), one app.wasm download, ${page.requests.length} requests all to ${O1}; A trained ${a1.step} steps, B unchanged; focus and scroll kept; keys only to the focused one; locked/hidden ok`);
    await page.close();
  }

  // --- Round trip and completion. ---
  const mountPage = (extra = '') => `<div id="a" style="width:900px;height:560px"></div>
    <script src="/web/embed.js"></script>
    <script>window.events = []; window.a = MLPlayground.mount('#a', Object.assign({ lesson: 'lambda', params: ${JSON.stringify(LAMBDA)}, id: 'R' }, ${extra || '{}'}));
      a.on('*', (type, detail) => events.push([type, detail]));</script>`;
  let doc, metrics, target;
  {
    const { page, errors } = await hostPage(O1, 'roundtrip', mountPage());
    await page.evaluate(() => window.a.ready);
    const start = await page.evaluate(() => { a.command({ run: false }); return a.state().metrics.val_error; });
    await page.evaluate(() => a.command({ params: { lambda: 0.003 }, train: 400 }));
    ({ doc, metrics } = await page.evaluate(() => ({ doc: a.getState(), metrics: a.state().metrics })));
    target = 0.5 * (start + metrics.val_error);
    const schema = JSON.parse(fs.readFileSync(path.join(distDir, 'web/schema/mlpg-state-1.schema.json'), 'utf8'));
    const validate = new Ajv({ strict: true }).compile(schema);
    assert.ok(validate(doc), 'getState() follows the published schema: ' + JSON.stringify(validate.errors));
    assert.ok(!validate({ ...doc, format: 'other' }), 'the schema is not a rubber stamp');
    await page.reload();
    await page.evaluate(() => window.a.ready);
    await page.evaluate((d) => a.setState(d), doc);
    const back = await page.evaluate(() => ({ state: a.getState(), metrics: a.state().metrics }));
    assert.deepEqual(back.state.params, doc.params, 'the same parameters');
    assert.equal(back.state.step, doc.step);
    for (const k of ['J', 'train_error', 'val_error', 'theta_norm'])
      assert.ok(rel(back.metrics[k], metrics[k]) <= 1e-6, `${k}: ${back.metrics[k]} vs ${metrics[k]}`);
    const newer = await page.evaluate((d) => { try { a.setState({ ...d, version: 2 }); return 'taken'; } catch (e) { return e.code + ': ' + e.message; } }, doc);
    assert.match(newer, /^newer_version: /, 'a newer state is refused with a typed error');
    assert.deepEqual(errors, []);
    console.log(`round trip: ${doc.step} steps, getState -> reload -> setState: params equal, val_error ${back.metrics.val_error} vs ${metrics.val_error} (relative ${rel(back.metrics.val_error, metrics.val_error).toExponential(1)}); schema-valid; version 2 refused (${newer.split(':')[0]})`);
    await page.close();
  }
  {
    const goal = `{ goals: [{ metric: 'val_error', below: ${target} }] }`;
    const { page, errors } = await hostPage(O1, 'goal', mountPage(goal));
    await page.evaluate(() => window.a.ready);
    await page.evaluate(() => { a.command({ run: false }); a.command({ params: { lambda: 0.003 } }); });
    for (let i = 0; i < 8; ++i) await page.evaluate(() => a.command({ train: 50 }));
    await page.waitForTimeout(300);
    await page.evaluate(() => a.command({ reset: true, train: 400 }));  // reached again: not awarded again
    await page.waitForTimeout(500);
    const completed = await page.evaluate(() => window.events.filter((e) => e[0] === 'completed').map((e) => e[1]));
    assert.equal(completed.length, 1, `exactly one completed: ${JSON.stringify(completed)}`);
    const c = completed[0];
    assert.deepEqual([c.score, c.maxScore, c.success, c.version, c.instanceId], [1, 1, true, 'mlpg/1', 'R']);
    assert.match(c.stateHash, /^[0-9a-f]{16}$/);
    await page.screenshot({ path: path.join(shotDir, 'goal-reached.png') });
    const solved = await page.evaluate(() => a.getState());
    await page.reload();
    await page.evaluate(() => window.a.ready);
    await page.evaluate((d) => a.setState(d), solved);
    await page.waitForTimeout(1500);
    const after = await page.evaluate(() => ({ completed: window.events.filter((e) => e[0] === 'completed').length, goal: a.state().embed.goals[0] }));
    assert.equal(after.completed, 0, 'restoring a solved state awards nothing');
    assert.equal(after.goal.reached, true, 'but shows it reached');
    assert.deepEqual(errors, []);
    console.log(`completion: goal val_error < ${target.toFixed(4)}: one completed (value ${c.value.toFixed(4)}, hash ${c.stateHash}); none after a reset and again, none on setState of the solved state`);
    await page.close();
  }

  // --- The iframe: origins, sandbox, CSP. ---
  const frameSrc = (id) => `${O2}/index.html?embed=1&id=${id}&origins=${encodeURIComponent(O1)}#lesson=lambda&degree=9&lambda=0.001`;
  {
    const { page, errors } = await hostPage(O1, 'frame', `
      <iframe id="f" sandbox="allow-scripts" style="width:900px;height:560px" src="${frameSrc('F')}"></iframe>
      <script src="/web/embed.js"></script>
      <script>window.events = []; window.origins = new Set();
        addEventListener('message', (e) => { if (e.data && e.data.protocol === 'mlpg/1') origins.add(e.origin); });
        window.f = MLPlayground.connect(document.getElementById('f'), { origin: '${O2}' });
        f.on('*', (type, detail) => events.push([type, detail]));</script>`);
    await page.evaluate(() => window.f.ready);
    const frame = page.frames().find((fr) => fr.url().startsWith(O2));
    const r = await page.evaluate(() => f.command({ run: false, params: { lambda: 0.05 } }));
    assert.equal(r.ok, true);
    assert.equal(await frame.evaluate(() => window.playground.state().params.lambda), '0.05', 'a command from the listed origin is taken');
    const st = await page.evaluate(() => f.getState());
    assert.equal(st.params.lambda, '0.05');
    const bad = await page.evaluate(() => f.command({ fly: true }).then(() => 'taken', (e) => e.code + ': ' + e.message));
    assert.match(bad, /^bad_command: unknown command 'fly'/);
    const readyEvents = await page.evaluate(() => window.events.filter((e) => e[0] === 'ready'));
    assert.equal(readyEvents.length, 1);
    assert.equal(readyEvents[0][1].instanceId, 'F');
    assert.deepEqual(await page.evaluate(() => [...window.origins]), ['null'], 'a sandboxed frame has no origin of its own');
    const csp = errors.filter((e) => /Content Security Policy|Refused to/.test(e));
    assert.deepEqual(csp, [], 'nothing refused by the CSP');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: path.join(shotDir, 'frame.png') });
    await page.close();
    console.log(`iframe: sandbox="allow-scripts" from ${O2} under CSP "${CSP}": ready once (F), commands from ${O1} taken and answered`);
  }
  {
    // The same frame in a page of a site it was not told about: that page's
    // commands are ignored and it hears nothing (the frame posts only to its target origin).
    const { page, errors } = await hostPage(O3, 'intruder', `
      <iframe id="f" sandbox="allow-scripts" style="width:900px;height:560px" src="${frameSrc('G')}"></iframe>
      <script>window.heard = [];
        addEventListener('message', (e) => { if (e.data && e.data.protocol === 'mlpg/1') heard.push(e.data); });
        setInterval(() => document.getElementById('f').contentWindow.postMessage(
          { protocol: 'mlpg/1', id: 1, method: 'command', params: { params: { lambda: 0.5 }, run: false } }, '*'), 200);</script>`);
    const frame = await (async () => {
      for (let i = 0; i < 100; ++i) {
        const fr = page.frames().find((x) => x.url().startsWith(O2));
        if (fr) return fr;
        await page.waitForTimeout(100);
      }
      throw new Error('no frame');
    })();
    await frame.waitForFunction(() => window.playground && window.playground.ready && window.playground.state, null, { timeout: 60000 });
    await frame.evaluate(() => window.playground.ready);
    await page.waitForTimeout(2000);
    assert.equal(await frame.evaluate(() => window.playground.state().params.lambda), '0.001', 'commands from an unlisted origin are ignored');
    assert.deepEqual(await page.evaluate(() => window.heard), [], 'and that page hears nothing: not even ready');
    assert.deepEqual(errors, []);
    await page.close();
    console.log(`iframe: a page on ${O3} (not listed): its commands ignored for 2 s, it received 0 messages`);
  }

  // --- Failure: a missing wasm, a wrong address. ---
  for (const [name, opts, setup] of [['missing wasm', '{}', { blockWasm: true }], ['wrong base', `{ base: '${O1}/nowhere/' }`, {}]]) {
    const t0 = Date.now();
    const { page } = await hostPage(O1, 'fail', `<div id="a" style="height:400px"></div><script src="/web/embed.js"></script>
      <script>window.err = null; MLPlayground.mount('#a', Object.assign({ lesson: 'lambda' }, ${opts})).on('error', (d) => { window.err = d; });</script>`, setup);
    await until(page, () => window.err !== null, undefined, 10000);
    const err = await page.evaluate(() => window.err);
    const ms = Date.now() - t0;
    assert.equal(err.type, 'load', JSON.stringify(err));
    assert.ok(ms < 10000);
    console.log(`failure (${name}): error event in ${ms} ms: ${err.type}: ${err.message}`);
    await page.close();
  }

  // --- The Embed button's snippet opens the same lesson in a course page. ---
  {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${O1}/index.html#lesson=lambda&degree=7&lambda=0.02&lang=zh`);
    await page.evaluate(() => window.playground.ready);
    await page.waitForTimeout(500);
    const r = await page.evaluate(() => window.playground.state().display.rects.embed);
    assert.ok(r, 'the top bar has an Embed button');
    await page.mouse.click(r[0] + r[2] / 2, r[1] + r[3] / 2);
    await page.waitForTimeout(400);
    assert.equal(await page.evaluate(() => window.playground.state().snippet_open), true, 'the Embed window opens');
    await page.screenshot({ path: path.join(shotDir, 'embed-window-zh.png') });
    const snippet = await page.evaluate(() => window.playground.command({ snippet: new URL('.', location.href).href }).snippet);
    await page.close();
    const { page: host, errors } = await hostPage(O1, 'pasted', `<p>A teacher's page.</p>${snippet}
      <script>document.querySelector('ml-playground').addEventListener('mlpg-ready', () => { window.up = true; });</script>`);
    await until(host, () => window.up === true);
    const s = await host.evaluate(() => document.querySelector('ml-playground').playground.state());
    assert.deepEqual([s.lesson, s.lang, s.params.degree, s.params.lambda], ['lambda', 'zh', '7', '0.02'], 'the snippet opens the lesson as it was set');
    assert.deepEqual(errors, []);
    await host.close();
    console.log(`embed button: snippet of ${snippet.length} characters reopens lambda, zh, degree 7, λ 0.02`);
  }

  // --- The corpus font comes with the lesson that shows the poems, not before. ---
  {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const fonts = [];
    page.on('request', (r) => { if (r.url().includes('font-corpus')) fonts.push(r.url()); });
    await page.goto(`${O1}/index.html#lesson=lambda&lang=zh`);
    await page.evaluate(() => window.playground.ready);
    await page.waitForTimeout(1000);
    assert.deepEqual(fonts, [], 'the λ lab does not fetch the corpus font');
    await page.evaluate(() => window.playground.command({ lesson: 'rnn' }));
    await page.waitForFunction(() => window.playground.state().corpus_font === true, null, { timeout: 30000 });
    assert.equal(fonts.length, 1);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(shotDir, 'rnn-zh-corpus-font.png') });
    assert.deepEqual(await page.evaluate(() => window.playground.state().notices), []);
    await page.close();
    console.log('corpus font: fetched once, when the RNN lab opened (not by the λ lab)');
  }

  // --- The course page demo, both languages. ---
  for (const lang of ['en', 'zh']) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${O1}/course/?frame=${encodeURIComponent(O2)}`);
    await until(page, () => document.getElementById('log').textContent.includes('frame ready') &&
      document.getElementById('log').textContent.includes('λ lab ready'));
    if (lang === 'zh') await page.evaluate(() => document.getElementById('lambda-lab').playground.command({ lang: 'zh' }));
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(shotDir, `course-page-${lang}.png`) });
    await page.evaluate(() => window.scrollTo(0, 900));
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(shotDir, `course-page-${lang}-frame.png`) });
    assert.deepEqual(errors, []);
    await page.close();
  }

  // --- Weight: what a host page loads before any dataset. ---
  const files = ['web/embed.js', 'app.js', 'app.wasm'];
  const gz = files.map((f) => zlib.gzipSync(fs.readFileSync(path.join(distDir, f)), { level: 9 }).length);
  const total = gz.reduce((a, b) => a + b, 0);
  const corpusFont = fs.statSync(path.join(distDir, 'data/font-corpus.ttf.gz')).size;
  console.log(`weight: ${files.map((f, i) => `${f} ${(gz[i] / 1024).toFixed(0)} KiB`).join(', ')} (the UI fonts inside app.wasm): ` +
    `${(total / 1024).toFixed(0)} KiB gzipped before any dataset; the corpus font, with the RNN lab's poems: ${(corpusFont / 1024).toFixed(0)} KiB`);
  assert.ok(total < 1024 * 1024, 'a host page loads less than 1 MiB gzipped');
  console.log('embed e2e: ok');
} finally {
  await browser.close();
  course.close(); frames.close(); other.close();
}
