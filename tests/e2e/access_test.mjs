// Every learner (#18): the page on a phone with touch, by keyboard only, to a
// screen reader (the DOM mirror), and to axe-core. Screenshots at 390x844,
// 768x1024 and 1280x800 (DPR 2 and 3) in both languages go to SCREENSHOT_DIR.
// Usage: node tests/e2e/access_test.mjs DIST_DIR SCREENSHOT_DIR
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from '../../web/serve.mjs';
import { CHROMIUM_ARGS, screenshotStddev } from './browser.mjs';

const [distDir = 'dist', shotDir = 'out'] = process.argv.slice(2);
fs.mkdirSync(shotDir, { recursive: true });
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const LESSONS = ['home', 'lambda', 'classifier', 'cnn', 'rnn', 'faq', 'concepts'];
const PAGE = { faq: '&q=3' };  // the FAQ's metrics page has sliders (Q1's has none)

const server = await serve(distDir, 0);
const base = `http://127.0.0.1:${server.address().port}/index.html`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
const errors = [];

async function newPage(options) {
  const page = await browser.newPage(options);
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return page;
}
async function open(page, hash) {
  await page.goto(base + hash);
  await page.evaluate(() => window.playground.ready.then(() => true));
  await frames(page, 6);
}
// The same, but by the hash alone once the page is loaded (the app follows
// hashchange, as an in-page link goes): a load costs about 2.5 s of both
// cores under SwiftShader. (Not for screenshots: the lessons opened before
// stay open, and those that train keep the cores busy.)
async function visit(page, hash) {
  if (!page.url().startsWith(base)) return open(page, hash);
  await page.evaluate((h) => { window.location.hash = h; }, hash);
  await frames(page, 6);
  const s = await state(page), want = new URLSearchParams(hash.slice(1));
  assert.ok(s.lesson === want.get('lesson') && s.lang === want.get('lang'), `${hash}: the hash opened the page`);
}
// Waits for n frames of the app (rects and state are the last frame's).
async function frames(page, n = 3) {
  await page.evaluate((n) => new Promise((res) => {
    let k = 0;
    const f = () => (++k >= n ? res() : requestAnimationFrame(f));
    requestAnimationFrame(f);
  }), n);
}
const state = (page) => page.evaluate(() => window.playground.state());
const center = (r) => ({ x: r[0] + r[2] / 2, y: r[1] + r[3] / 2 });
async function shot(page, name) {
  const file = path.join(shotDir, name);
  const png = await page.screenshot({ path: file });
  const sd = await screenshotStddev(page, png);
  console.log(`screenshot ${file}: grey stddev ${sd.toFixed(1)}`);
  assert.ok(sd > 5, `${name} looks blank`);
}

// A finger: touch events through the DevTools protocol, a frame between moves.
async function touchDrag(page, cdp, from, to, moves = 8) {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from.x, y: from.y }] });
  await frames(page, 2);
  for (let i = 1; i <= moves; ++i) {
    const x = from.x + ((to.x - from.x) * i) / moves, y = from.y + ((to.y - from.y) * i) / moves;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    await frames(page, 2);
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await frames(page, 3);
}
async function tap(page, at) {
  await page.touchscreen.tap(at.x, at.y);
  await frames(page, 4);
}

try {
  // 1. A phone, portrait, touch: every lesson stacks, its controls are touch
  // sized, taps play and pause, a finger drags a slider; the CNN's pad draws.
  const phone = await newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const cdp = await phone.context().newCDPSession(phone);
  for (const id of LESSONS) {
    await open(phone, `#lesson=${id}${PAGE[id] || ''}&lang=en`);
    let s = await state(phone);
    assert.equal(s.display.frame, 'stacked', `${id}: stacked on a phone`);
    assert.equal(s.display.touch, true);
    const r = s.display.rects;
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `${id}: the page scrolls sideways (${width} px)`);
    if (id === 'home') {
      // The top bar is a menu on a phone: open it, pick a lesson.
      // The course map is longer than a phone: a finger scrolls it.
      const y0 = s.course[s.course.length - 1].rect[1];
      await touchDrag(phone, cdp, { x: 370, y: 780 }, { x: 370, y: 300 });
      const y1 = (await state(phone)).course[s.course.length - 1].rect[1];
      assert.ok(y1 < y0 - 200, `a finger scrolls the course map (last item at y ${y0} -> ${y1})`);
      assert.ok(r.menu[3] >= 44, `the lessons menu button is ${r.menu[3]} px tall`);
      await tap(phone, center(r.menu));
      s = await state(phone);
      assert.ok(s.display.rects['menu.lambda'], 'the lessons menu opens on a tap');
      assert.ok(s.display.rects['menu.lambda'][3] >= 44, 'menu items are touch sized');
      await tap(phone, center(s.display.rects['menu.lambda']));
      assert.equal((await state(phone)).lesson, 'lambda', 'a tap on a menu item opens the lesson');
      await shot(phone, 'phone-home-menu-en.png');
      continue;
    }
    // The experiment (the main plot) is on screen, full width, at the top.
    const e = r.experiment;
    assert.ok(e[0] >= 0 && e[0] + e[2] <= 390 && e[2] >= 340, `${id}: experiment ${e} fits the width`);
    assert.ok(e[1] < 844 / 3 && e[3] >= 240, `${id}: experiment ${e} is at the top and tall enough`);
    for (const b of ['play', 'step', 'reset']) assert.ok(r[b][3] >= 44 && r[b][2] >= 44, `${id}: ${b} is ${r[b][2]}x${r[b][3]} px`);
    // Taps start and pause training (from paused, without notices: a notice
    // arriving between reading a rect and tapping would move the button).
    await phone.evaluate(() => window.playground.command({ run: false, dismiss: true }));
    await frames(phone, 3);
    await tap(phone, center((await state(phone)).display.rects.play));
    assert.equal((await state(phone)).running, true, `${id}: a tap on Play`);
    await phone.evaluate(() => window.playground.command({ dismiss: true }));  // the coach tells a symptom once
    await frames(phone, 3);
    await tap(phone, center((await state(phone)).display.rects.play));
    s = await state(phone);
    assert.equal(s.running, false, `${id}: a tap on Pause`);
    // A finger drags the first slider on screen, left to right.
    const onScreen = (s) => Object.entries(s.display.rects).find(([k, q]) => k.startsWith('slider.') && q[1] > e[1] + e[3] && q[1] + q[3] < 840);
    let slider = onScreen(s);
    if (!slider) {
      console.log(`${id}: no slider in view yet: ${JSON.stringify(s.display.rects)}`);
      // Below the panel's fold: a finger scrolls the controls panel up (from a label, not a control).
      const c = s.display.rects.controls;
      const params = (s) => Object.entries(s.display.rects).filter(([k]) => k.startsWith('param.') || k.startsWith('slider.'));
      const [probe, q0] = params(s).sort((a, b) => b[1][1] - a[1][1])[0];  // the lowest control
      await touchDrag(phone, cdp, { x: c[0] + c[2] - 40, y: c[1] + c[3] - 20 }, { x: c[0] + c[2] - 40, y: c[1] + 20 });
      s = await state(phone);
      const q1 = s.display.rects[probe];
      assert.ok(q1[1] < q0[1] - 100, `${id}: a finger scrolls the controls (${probe} at y ${q0[1]} -> ${q1[1]})`);
      slider = onScreen(s);
    }
    assert.ok(slider, `${id}: a slider on screen (${Object.keys(s.display.rects)})`);
    const key = slider[0].slice('slider.'.length), q = slider[1];
    const before = JSON.stringify(s.params[key]);
    await touchDrag(phone, cdp, { x: q[0] + 6, y: q[1] + q[3] / 2 }, { x: q[0] + q[2] - 6, y: q[1] + q[3] / 2 });
    s = await state(phone);
    assert.notEqual(JSON.stringify(s.params[key]), before, `${id}: dragging ${key} changes it (${before})`);
    console.log(`phone ${id}: stacked, play ${r.play[2]}x${r.play[3]} px, tap play/pause ok, dragged ${key} ${before} -> ${JSON.stringify(s.params[key])}`);
    if (id === 'cnn') {
      await phone.evaluate(() => window.playground.command({ run: false }));
      await frames(phone, 2);
      const pad = (await state(phone)).display.rects.pad;
      assert.ok(pad, 'the CNN pad is on screen');
      const p0 = JSON.stringify((await state(phone)).prediction);
      await touchDrag(phone, cdp, { x: pad[0] + pad[2] * 0.5, y: pad[1] + pad[3] * 0.2 }, { x: pad[0] + pad[2] * 0.5, y: pad[1] + pad[3] * 0.8 }, 10);
      const p1 = (await state(phone)).prediction;
      assert.notEqual(JSON.stringify(p1), p0, 'a finger on the pad draws and the network answers');
      console.log(`phone cnn: drew a stroke with a finger, prediction ${p1.top} (input ${p1.input_index})`);
      // The validation image's index: the field and its label fit the width,
      // the number has room beside its − and + (it was once a sliver), and a
      // tap on + shows the next validation image.
      const q = (await state(phone)).display.rects;
      assert.ok(q.pick && q.pick[0] >= 0 && q.pick[0] + q.pick[2] <= 390, `the validation-image field fits the width (${q.pick})`);
      const box = q['pick.plus'][0] - q.pick[0] - q['pick.plus'][2];  // the number's box, before −
      assert.ok(box >= q['pick.plus'][2], `the index field is ${box} px wide beside ${q['pick.plus'][2]} px buttons`);
      const i0 = Math.max(0, p1.input_index);
      await tap(phone, center(q['pick.plus']));
      await frames(phone, 2);
      assert.equal((await state(phone)).prediction.input_index, i0 + 1, 'a tap on + shows the next validation image');
    }
    await shot(phone, `phone-${id}-en.png`);
  }
  // A tap is a hover and a click: on the RNN lab's rows-by-classes heatmap it
  // moves the row cursor, as a mouse click does (controls folded away, then a
  // finger scrolls the heatmap into view).
  await open(phone, '#lesson=rnn&part=rows&lang=en');
  await phone.evaluate(() => window.playground.command({ dismiss: true }));
  await frames(phone, 3);
  await tap(phone, center((await state(phone)).display.rects.controls_toggle));
  for (let i = 0; i < 6; ++i) {
    const s = await state(phone);
    if (s.rows.data.status === 'ready' && s.display.rects.forming && s.display.rects.forming[1] + s.display.rects.forming[3] < 830) break;
    if (s.rows.data.status === 'ready') await touchDrag(phone, cdp, { x: 300, y: 540 }, { x: 300, y: 200 });  // right of the panels, left of the scrollbar
    else await phone.waitForTimeout(500);
  }
  {
    const s = await state(phone), f = s.display.rects.forming;
    assert.ok(f && f[1] >= 0 && f[1] + f[3] < 844, `the rows heatmap is on screen (${f})`);
    const before = s.rows.rows_read;
    await tap(phone, { x: f[0] + f[2] * 0.5, y: f[1] + f[3] * (4.5 / 28) });  // row 5 of 28
    const after = (await state(phone)).rows.rows_read;
    assert.ok(after >= 4 && after <= 6 && after !== before, `a tap on the heatmap moves the row cursor (${before} -> ${after})`);
    console.log(`phone rnn rows: a tap on the heatmap moved the row cursor ${before} -> ${after}`);
  }
  // Pages whose content fits a phone's width (no sideways scrolling: plots
  // and text stack and wrap; wide tables and rows of controls still scroll).
  const FITS = ['lesson=lambda', 'lesson=classifier', 'lesson=rnn&part=poet', 'lesson=rnn&part=rows', 'lesson=rnn&part=why',
                'lesson=faq&q=2', 'lesson=faq&q=3', 'lesson=faq&q=4', 'lesson=concepts&c=descent', 'lesson=concepts&c=conv',
                'lesson=concepts&c=ml-dl-nn', 'lesson=concepts&c=trends'];
  for (const h of FITS) {
    for (const lang of ['en', 'zh']) {
      await visit(phone, `#${h}&lang=${lang}`);
      await frames(phone, 4);
      const r = (await state(phone)).display.rects, e = r.experiment, c = r.experiment_content;
      assert.ok(c[2] <= e[2] + 1, `${h} (${lang}): the experiment's content is ${c[2]} px wide in ${e[2]} px`);
    }
  }
  console.log(`phone: ${FITS.length} pages fit the width in both languages`);
  for (const id of ['lambda', 'cnn', 'faq']) {
    await open(phone, `#lesson=${id}&lang=zh`);
    await shot(phone, `phone-${id}-zh.png`);
  }
  // Landscape: columns again, with a narrower controls column.
  await phone.setViewportSize({ width: 844, height: 390 });
  await frames(phone, 4);
  const land = (await state(phone)).display;
  assert.equal(land.frame, 'columns');
  assert.ok(land.controls_width < 400);
  await shot(phone, 'phone-landscape-zh.png');
  await phone.close();

  // 2. A tablet and a laptop at DPR 2: every lesson, both languages for two.
  for (const [w, h] of [[768, 1024], [1280, 800]]) {
    const page = await newPage({ viewport: { width: w, height: h }, deviceScaleFactor: 2 });
    for (const id of LESSONS) {
      await open(page, `#lesson=${id}&lang=en`);
      assert.equal((await state(page)).display.frame, w < 800 ? 'stacked' : 'columns');
      await shot(page, `${w}x${h}-${id}-en.png`);
    }
    for (const id of ['classifier', 'rnn']) {
      await open(page, `#lesson=${id}&lang=zh`);
      await shot(page, `${w}x${h}-${id}-zh.png`);
    }
    if (w === 1280) {
      // The window moves to a 3x screen: the fonts are rasterised again at 48 px, not scaled.
      assert.equal((await state(page)).font_px, 32, 'fonts at 16 px x DPR 2');
      const cdp2 = await page.context().newCDPSession(page);
      await cdp2.send('Emulation.setDeviceMetricsOverride', { width: w, height: h, deviceScaleFactor: 3, mobile: false });
      let px = 0;
      for (let i = 0; i < 20 && px !== 48; ++i) { await frames(page, 10); px = (await state(page)).font_px; }
      assert.equal(px, 48, 'a new pixel ratio rasterises the fonts again');
      const size = await page.evaluate(() => [document.querySelector('#canvas').width, innerWidth]);
      assert.equal(size[0], size[1] * 3, `the canvas's backing store follows the ratio (${size})`);
      console.log(`pixel ratio 2 -> 3: fonts 32 -> ${px} px, canvas ${size[0]} device px for ${size[1]} CSS px`);
      await shot(page, `${w}x${h}-rnn-zh-dpr3.png`);
    }
    await page.close();
  }

  // Reduced motion: a lesson that would start training on its own waits for Play.
  const calm = await newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await open(calm, '#lesson=lambda&lang=en');
  let cs = await state(calm);
  assert.equal(cs.display.reduced_motion, true);
  assert.equal(cs.running, false, 'reduced motion: the λ lab opens paused');
  // A paused page with the mouse away draws the same frame again and again:
  // the platform leaves those undrawn (frame_fingerprint.h), and the screen
  // still shows the page (the screenshot below is checked for content).
  await calm.mouse.move(1275, 795);
  await frames(calm, 10);
  const f0 = (await state(calm)).frames;
  await frames(calm, 30);
  const f1 = (await state(calm)).frames;
  assert.ok(f1.unchanged - f0.unchanged >= 20, `an idle page leaves its frames undrawn (${JSON.stringify(f0)} -> ${JSON.stringify(f1)})`);
  console.log(`idle page: ${f1.unchanged - f0.unchanged} of ${f1.unchanged + f1.drawn - f0.unchanged - f0.drawn} frames left undrawn (same fingerprint)`);
  // Text at 200%: fonts rasterised again, every size doubled, and at 1280 px
  // that is as narrow as 640: stacked. High contrast.
  const play1 = cs.display.rects.play;
  await calm.evaluate(() => window.playground.command({ display: { text: 2, contrast: 'high' } }));
  await frames(calm, 4);
  cs = await state(calm);
  assert.equal(cs.display.text_scale, 2);
  assert.equal(cs.display.frame, 'stacked');
  assert.ok(cs.display.rects.play[3] >= 2 * play1[3] - 1, `200% text: Play ${play1[3]} -> ${cs.display.rects.play[3]} px tall`);
  await shot(calm, '1280x800-lambda-text200-contrast-en.png');
  await calm.reload();  // kept in this browser for the next visit
  await calm.evaluate(() => window.playground.ready.then(() => true));
  await frames(calm, 4);
  cs = await state(calm);
  assert.equal(cs.display.text_scale, 2, 'the text size is kept between visits');
  assert.equal(cs.display.contrast, 'high');
  console.log(`reduced motion: opens paused; text 200%: Play ${play1[3]} -> ${cs.display.rects.play[3]} px, stacked at 1280 px, kept after a reload`);
  await calm.close();

  // 3. Keyboard only: Tab reaches the playground, shortcuts play and pause,
  // the arrow keys reach a slider and Enter types a value; Tab leaves again.
  const kb = await newPage({ viewport: { width: 1280, height: 800 } });
  await open(kb, '#lesson=lambda&lang=en');
  await kb.evaluate(() => window.playground.command({ run: false }));
  for (let i = 0; i < 4 && (await kb.evaluate(() => document.activeElement.id)) !== 'canvas'; ++i) await kb.keyboard.press('Tab');
  assert.equal(await kb.evaluate(() => document.activeElement.id), 'canvas', 'Tab reaches the playground');
  await kb.keyboard.press('p');
  await frames(kb, 3);
  assert.equal((await state(kb)).running, true, 'P plays');
  await kb.keyboard.press('p');
  await frames(kb, 3);
  assert.equal((await state(kb)).running, false, 'P pauses');
  const step0 = (await state(kb)).step;
  await kb.keyboard.press('s');
  await frames(kb, 3);
  assert.equal((await state(kb)).step, step0 + 1, 'S steps');
  await kb.keyboard.press('?');
  await frames(kb, 3);
  assert.equal((await state(kb)).help, true, '? opens the shortcuts');
  await shot(kb, 'keyboard-help-en.png');
  await kb.keyboard.press('Escape');
  await frames(kb, 3);
  assert.equal((await state(kb)).help, false, 'Esc closes them');
  // A parameter by keyboard: ImGui's navigation. An arrow key reaches the
  // controls panel, Space enters it, the arrows reach the degree slider,
  // Enter turns it into a text field, a value, Enter.
  // ImGui moves the navigation a frame or two after the key: wait for the move.
  const nav = async (key, want) => {
    const before = (await state(kb)).nav;
    await kb.keyboard.press(key);
    let now = before;
    for (let i = 0; i < 20 && (want ? now !== want : now === before); ++i) {
      await frames(kb, 1);
      now = (await state(kb)).nav;
    }
    return now;
  };
  assert.equal(await nav('ArrowDown', 'controls'), 'controls', 'an arrow key reaches the controls panel');
  assert.equal(await nav('Space', 'play'), 'play', 'Space enters it, at Play');
  let at = '';
  for (let i = 0; i < 6 && at !== 'slider.degree'; ++i) at = await nav('ArrowDown');
  assert.equal(at, 'slider.degree', 'the arrow keys reach the degree slider');
  const degree0 = Number((await state(kb)).params.degree);
  await kb.keyboard.press('Enter');
  await frames(kb, 3);
  await kb.keyboard.press('Control+A');
  await kb.keyboard.type(String(degree0 === 5 ? 6 : 5));
  await kb.keyboard.press('Enter');
  await frames(kb, 4);
  const degree1 = Number((await state(kb)).params.degree);
  assert.equal(degree1, degree0 === 5 ? 6 : 5, `degree typed by keyboard: ${degree0} -> ${degree1}`);
  console.log(`keyboard: Tab to the canvas, P play/pause, S step, ?/Esc help, arrows, Space, Enter and digits set the degree ${degree0} -> ${degree1}`);
  await kb.keyboard.press('Tab');
  assert.notEqual(await kb.evaluate(() => document.activeElement.id), 'canvas', 'Tab leaves the playground (no keyboard trap)');
  // Keys typed outside the canvas do not reach the app.
  await kb.keyboard.press('p');
  await frames(kb, 3);
  assert.equal((await state(kb)).running, false, 'a key outside the canvas is not a shortcut');

  // 4. The screen reader's mirror: title, lang, live region equal to state().
  await kb.evaluate(() => window.playground.command({ params: { degree: 9, lambda: 0.001 }, train: 300 }));
  await kb.waitForTimeout(1300);
  const mirror = await kb.evaluate(() => ({
    title: document.title, lang: document.documentElement.lang, h1: document.getElementById('mlpg-title').textContent,
    summary: document.getElementById('mlpg-summary').textContent,
    readouts: JSON.parse(document.getElementById('mlpg-summary').dataset.readouts || '[]'),
    live: document.getElementById('mlpg-summary').getAttribute('aria-live'),
  }));
  const sm = (await state(kb)).metrics;
  assert.equal(mirror.live, 'polite');
  assert.ok(mirror.title.startsWith('Regularization lab'), mirror.title);
  assert.equal(mirror.lang, 'en');
  assert.ok(mirror.readouts.length >= 3, JSON.stringify(mirror.readouts));
  for (const [k, v] of mirror.readouts) {
    assert.ok(Math.abs(v - sm[k]) <= 1e-6 * Math.max(1, Math.abs(sm[k])), `mirror ${k} ${v} = state ${sm[k]}`);
    const shown = Number(v.toPrecision(3));
    assert.ok(mirror.summary.includes(String(shown)) || mirror.summary.includes(shown.toExponential(2).replace('e-', 'e-0')),
      `the live region says ${k} = ${shown}: ${mirror.summary}`);
  }
  console.log(`mirror: "${mirror.summary}"`);
  // Describe the plot: the sweep, in words, from the sweep's own numbers.
  await kb.evaluate(() => window.playground.command({ sweep: true }));
  await kb.focus('#mlpg-describe');  // as a screen reader user would: the button, by keyboard
  await kb.keyboard.press('Enter');
  const words = await kb.evaluate(() => document.getElementById('mlpg-plot').textContent);
  const sweep = (await state(kb)).sweep;
  const best = sweep.reduce((a, b) => (b.val_error < a.val_error ? b : a));
  assert.ok(words.includes(`lowest at λ = ${Number(best.lambda.toPrecision(3))}`), `${words} (best ${JSON.stringify(best)})`);
  console.log(`describe the plot: "${words}"`);
  await kb.evaluate(() => window.playground.command({ lang: 'zh' }));
  await kb.waitForTimeout(1300);
  const zh = await kb.evaluate(() => ({ lang: document.documentElement.lang, title: document.title }));
  assert.equal(zh.lang, 'zh-CN');
  assert.ok(zh.title.startsWith('正则化实验室'), zh.title);

  // 5. axe-core on the page's DOM parts, in both languages.
  for (const lang of ['zh', 'en']) {
    await kb.evaluate((lang) => window.playground.command({ lang }), lang);
    await kb.waitForTimeout(1200);
    await kb.addScriptTag({ path: AXE });
    const result = await kb.evaluate(async () => ({ version: window.axe.version, ...(await window.axe.run(document)) }));
    const v = result.violations.map((x) => `${x.id}: ${x.nodes.map((n) => n.target).join(' ')}`);
    assert.deepEqual(v, [], `axe-core violations (${lang}): ${v.join('; ')}`);
    console.log(`axe-core ${result.version} (${lang}): ${result.passes.length} rules pass, 0 violations`);
  }
  await kb.close();
  assert.deepEqual(errors, [], 'no console errors');
  console.log('access e2e: ok');
} finally {
  await browser.close();
  server.close();
}
