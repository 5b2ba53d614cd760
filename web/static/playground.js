// window.playground: the page's JS API over the app's C entry points.
// See README "JS API". Defines window.Module before app.js loads.
(function () {
  'use strict';
  const status = document.getElementById('status');
  let resolveReady, rejectReady;
  const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });

  function call(fn, arg) {
    const text = arg === undefined
      ? Module.ccall(fn, 'string', [], [])
      : Module.ccall(fn, 'string', ['string'], [arg]);
    const reply = JSON.parse(text);
    if (!reply.ok) throw new Error(reply.error);
    return reply.result;
  }

  let appReady = false;
  function requireReady() {
    if (!appReady) throw new Error('playground is not ready yet: await playground.ready first');
  }

  window.playground = {
    ready,
    version() { requireReady(); return call('mlpg_version_json'); },
    state() { requireReady(); return call('mlpg_state_json'); },
    // The page in words: title, training or paused, key numbers, the main plot (ui/describe.h).
    describe() { requireReady(); return call('mlpg_describe_json'); },
    command(obj) {
      requireReady();
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
        throw new Error('command expects an object, e.g. {run: false}');
      return call('mlpg_command_json', JSON.stringify(obj));
    },
  };

  function fail(message) {
    status.textContent = message;
    status.className = 'error';
    rejectReady(new Error(message));
  }

  window.Module = {
    canvas: document.getElementById('canvas'),
    print: (t) => console.log(t),
    printErr: (t) => console.warn(t),
    onAppReady() {
      appReady = true;
      status.textContent = '';
      startMirror();
      resolveReady(window.playground);
    },
    onAbort(what) { fail('The playground stopped: ' + what); },
  };
  // Assets (datasets, the shipped model): data/<name>.gz fetched with progress,
  // inflated with DecompressionStream, kept in the Cache API for the next
  // visit under a key that carries the file's hash (data/manifest.json), so a
  // rebuilt file is downloaded again. The app validates what arrives.
  const CACHE = 'mlpg-assets-v1';
  let manifest = null;
  function getManifest() {
    if (!manifest) {
      manifest = fetch('data/manifest.json', { cache: 'no-cache' })
        .then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
    }
    return manifest;
  }
  async function openCache() {
    try { return await caches.open(CACHE); } catch (e) { return null; }  // no Cache API (e.g. plain http on a LAN host)
  }
  async function fetchAsset(p) {
    const url = p + '.gz';
    try {
      const key = url + '?v=' + ((await getManifest())[url] || 'unversioned');
      const cache = await openCache();
      let resp = cache ? await cache.match(key) : undefined;
      const fromCache = !!resp;
      if (!resp) {
        resp = await fetch(url, { cache: 'no-cache' });
        if (!resp.ok) throw new Error(`HTTP ${resp.status} for ${url}`);
      }
      const total = Number(resp.headers.get('Content-Length')) || 0;
      const reader = resp.body.getReader();
      const chunks = [];
      let loaded = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        loaded += value.length;
        Module.ccall('mlpg_asset_progress', null, ['string', 'number', 'number'], [p, loaded, total]);
      }
      if (total && loaded !== total) throw new Error(`${url}: received ${loaded} of ${total} bytes`);
      const gz = new Blob(chunks);
      let bytes;
      try {
        bytes = new Uint8Array(await new Response(gz.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
      } catch (e) {
        throw new Error(`${url} is damaged (${e.message})`);
      }
      if (cache && !fromCache) await cache.put(key, new Response(gz, { headers: { 'Content-Length': String(gz.size) } })).catch(() => {});
      const ptr = Module._malloc(bytes.length);
      Module.HEAPU8.set(bytes, ptr);
      Module.ccall('mlpg_asset_data', null, ['string', 'number', 'number', 'number'], [p, ptr, bytes.length, fromCache ? 1 : 0]);
    } catch (e) {
      const msg = String((e && e.message) || e);
      Module.ccall('mlpg_asset_failed', null, ['string', 'string'], [p, msg.startsWith(url) ? msg : `${url}: ${msg}`]);
    }
  }
  async function evictAsset(p) {
    const cache = await openCache();
    if (!cache) return;
    for (const req of await cache.keys()) {
      if (new URL(req.url).pathname.endsWith('/' + p + '.gz')) await cache.delete(req);
    }
  }
  Module.fetchAsset = (p) => { fetchAsset(p); };
  Module.evictAsset = (p) => { evictAsset(p).catch(() => {}); };

  // Files: a model file in (a hidden file input the app opens, or a drop on
  // the page) and out (a download).
  const fileInput = document.createElement('input');
  fileInput.type = 'file';
  fileInput.id = 'mlpg-file';
  fileInput.accept = '.mlpg,.csv,.tsv,.txt';
  fileInput.style.display = 'none';
  document.body.appendChild(fileInput);
  function openBytes(name, bytes) {
    const ptr = Module._malloc(Math.max(1, bytes.length));
    Module.HEAPU8.set(bytes, ptr);
    Module.ccall('mlpg_file_opened', null, ['string', 'number', 'number'], [name, ptr, bytes.length]);
  }
  async function openFile(file) {
    openBytes(file.name, new Uint8Array(await file.arrayBuffer()));
  }
  // Paste: the clipboard's text as a file named pasted.csv (the browser asks the learner's permission).
  Module.pasteFile = () => {
    if (!navigator.clipboard || !navigator.clipboard.readText) return;
    navigator.clipboard.readText().then((text) => openBytes('pasted.csv', new TextEncoder().encode(text))).catch((e) => console.warn(e));
  };
  fileInput.addEventListener('change', () => {
    if (fileInput.files.length) openFile(fileInput.files[0]).catch((e) => console.warn(e));
    fileInput.value = '';
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => {
    e.preventDefault();
    if (appReady && e.dataTransfer.files.length) openFile(e.dataTransfer.files[0]).catch((err) => console.warn(err));
  });
  Module.pickFile = () => fileInput.click();
  Module.saveFile = (name, bytes) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  };

  // The training worker (ui/train_job.h): big models train there, off the
  // page's thread. A plain Worker, no SharedArrayBuffer, so no special
  // headers are needed. If it cannot start or fails later, the app is told
  // and trains in the page as before. `?worker=0` in the address keeps
  // training in the page (to compare).
  let worker = null;
  Module.startWorker = () => {
    if (typeof Worker === 'undefined' || new URLSearchParams(window.location.search).get('worker') === '0') return 0;
    try {
      worker = new Worker(new URL('train_worker.js', document.baseURI));
    } catch (e) {
      console.warn('training worker:', e);
      return 0;
    }
    worker.onmessage = (e) => {
      const b = new Uint8Array(e.data);
      const p = Module._malloc(Math.max(1, b.length));
      Module.HEAPU8.set(b, p);
      Module.ccall('mlpg_worker_message', null, ['number', 'number'], [p, b.length]);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      const why = 'the training worker failed (' + (e.message || 'it could not load') + '): training runs in the page';
      console.warn(why);
      worker.terminate();
      Module.ccall('mlpg_worker_failed', null, ['string'], [why]);
    };
    return 1;
  };
  Module.postToWorker = (bytes) => { if (worker) worker.postMessage(bytes.buffer, [bytes.buffer]); };

  // The screen reader's mirror (index.html #mlpg-a11y): the canvas is a
  // picture to assistive technology, so the lesson's title, its state and
  // key numbers are kept in the DOM, the page's <title> and lang follow the
  // lesson and language, and "Describe the plot" puts the main plot in
  // words. The live region is polite and, while training runs, changes at
  // most every 10 s (a new lesson, language or play/pause at once).
  const LIVE_EVERY_MS = 10000;
  function startMirror() {
    const $ = (id) => document.getElementById(id);
    const title = $('mlpg-title'), summary = $('mlpg-summary'), plot = $('mlpg-plot'), button = $('mlpg-describe');
    const canvas = $('canvas');
    if (!title || !summary) return;  // a host page without the mirror
    let shownKey = null, shownAt = 0;  // what the live region last said it about (lesson, language, running)
    function update() {
      let d;
      try { d = window.playground.describe(); } catch (e) { return; }
      const lang = d.lang === 'zh' ? 'zh-CN' : 'en';
      if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
      const pageTitle = d.title + ' · WASM ML Playground';
      if (document.title !== pageTitle) document.title = pageTitle;
      if (title.textContent !== d.title) title.textContent = d.title;
      if (button && button.textContent !== d.labels.describe) button.textContent = d.labels.describe;
      if (canvas.getAttribute('aria-label') !== d.labels.canvas) canvas.setAttribute('aria-label', d.labels.canvas);
      const now = performance.now();
      const key = d.title + '|' + d.lang + '|' + d.running;
      const changed = key !== shownKey;
      shownKey = key;
      if (d.summary !== summary.textContent && (changed || !d.running || now - shownAt >= LIVE_EVERY_MS)) {
        summary.textContent = d.summary;
        summary.dataset.readouts = JSON.stringify(d.readouts.map((r) => [r.key, r.value]));
        shownAt = now;
      }
    }
    if (button) button.addEventListener('click', () => {
      try { plot.textContent = window.playground.describe().plot; } catch (e) { plot.textContent = String(e.message || e); }
    });
    update();
    setInterval(update, 1000);
  }

  // Tab and Shift+Tab leave the canvas as they leave any control (no
  // keyboard trap): they are kept from the app, which would otherwise take
  // them. Registered before the app's own listeners, so it runs first.
  const canvasEl = document.getElementById('canvas');
  if (canvasEl) canvasEl.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) e.stopImmediatePropagation();
  }, true);

  // A learner editing the address bar (or a course page changing an iframe's
  // hash) re-applies the URL state; the app rewrites the hash itself with
  // history.replaceState, which does not fire this event.
  window.addEventListener('hashchange', () => {
    if (appReady) Module.ccall('mlpg_apply_hash', null, ['string'], [window.location.hash]);
  });
  window.addEventListener('error', (e) => {
    if (!appReady && e.filename && e.filename.endsWith('app.js')) fail('Could not start: ' + e.message);
  });
})();
