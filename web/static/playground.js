// The page (index.html): window.playground over one instance (web/static/core.js;
// README "JS API"). Opened with `?embed=1` it is a course page's iframe:
// driven by postMessage (protocol mlpg/1), commands taken only from the
// origins its address lists (`origins=`), replies and events posted only to
// one configured origin (`target=`, else the first listed), never to "*".
(function () {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const status = $('status');
  const query = new URLSearchParams(window.location.search);
  const framed = query.has('embed');
  const chrome = ['full', 'minimal', 'none'].includes(query.get('chrome')) ? query.get('chrome') : 'minimal';
  const frameId = /^[\w.-]{1,64}$/.test(query.get('id') || '') ? query.get('id') : undefined;

  const inst = MLPGCore.create({
    canvas: $('canvas'),
    id: frameId,
    hash: window.location.hash,
    // The address bar is a permalink (the app rewrites it with replaceState,
    // which does not fire hashchange); a framed page leaves its address alone.
    onHashChange: framed ? null : (h) => { if (window.location.hash !== h) history.replaceState(null, '', h); },
    linkBase: window.location.href.split('#')[0].split('?')[0],
    mirror: { title: $('mlpg-title'), summary: $('mlpg-summary'), plot: $('mlpg-plot'), button: $('mlpg-describe'), followDocument: true },
    dropTarget: window,
    fileInputId: 'mlpg-file',
    // ?worker=0: train in the page; ?worker=1: the one-thread worker even where threads are possible.
    worker: { 0: false, 1: 'single' }[query.get('worker')],
    embed: framed ? { chrome } : null,
    pauseWhenHidden: framed,
    onFail: (message) => { status.textContent = message; status.className = 'error'; },
    onReady: () => { status.textContent = ''; },
  });

  window.playground = {
    ready: inst.ready.then(() => window.playground),
    version: () => inst.version(),
    state: () => inst.state(),
    describe: () => inst.describe(),
    command: (obj) => inst.command(obj),
    getState: () => inst.getState(),
    setState: (doc) => inst.setState(doc),
    on: (type, fn) => { inst.on(type, fn); return window.playground; },
  };

  // A learner editing the address bar (or a course page changing an iframe's
  // hash) re-applies the URL state.
  window.addEventListener('hashchange', () => inst.applyHash(window.location.hash));

  if (!framed) return;
  const allowed = (query.get('origins') || '').split(',').map((s) => s.trim()).filter((s) => /^https?:\/\/[^/]+$/.test(s));
  const target = query.get('target') && allowed.includes(query.get('target')) ? query.get('target') : allowed[0];
  function post(msg) {
    if (target && window.parent !== window) window.parent.postMessage(Object.assign({ protocol: MLPGCore.PROTOCOL }, msg), target);
  }
  inst.on('*', (type, detail) => post({ event: type, detail }));
  // The frame's preferred height for its width (the host may follow it: embed.js connect({autoHeight})).
  function preferredHeight() {
    const w = window.innerWidth;
    return Math.round(Math.min(1100, Math.max(480, w < 700 ? w * 1.6 : w * 0.625)));
  }
  let lastHeight = 0;
  function resized() {
    const h = preferredHeight();
    if (h !== lastHeight) { lastHeight = h; post({ event: 'resize', detail: { instanceId: inst.id, height: h } }); }
  }
  inst.ready.then(resized, () => {});
  window.addEventListener('resize', resized);
  const methods = {
    command: (p) => inst.command(p),
    configure: (p) => inst.command({ embed: p }).embed,
    state: () => inst.state(),
    getState: () => inst.getState(),
    setState: (p) => inst.setState(p).then(() => inst.getState()),
    describe: () => inst.describe(),
    version: () => inst.version(),
  };
  window.addEventListener('message', (e) => {
    // Only the page that holds this frame, and only from an origin it was given.
    if (e.source !== window.parent || !allowed.includes(e.origin)) return;
    const m = e.data;
    if (!m || typeof m !== 'object' || m.protocol !== MLPGCore.PROTOCOL) return;
    if (typeof m.id !== 'number' && typeof m.id !== 'string') return;
    const reply = (ok, value) => post(ok ? { id: m.id, ok: true, result: value } : { id: m.id, ok: false, error: value });
    const fn = Object.prototype.hasOwnProperty.call(methods, m.method) ? methods[m.method] : null;
    if (!fn) {
      reply(false, { type: 'bad_message', message: `unknown method '${String(m.method).slice(0, 40)}' (expected ${Object.keys(methods).join(', ')})` });
      return;
    }
    inst.ready.then(() => fn(m.params)).then((r) => reply(true, r),
      (err) => reply(false, { type: (err && err.code) || 'bad_command', message: String((err && err.message) || err) }));
  });
})();
