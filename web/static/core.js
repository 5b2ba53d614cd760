// MLPGCore.create(options): one playground instance over the app's C entry
// points. app.js is a factory (MODULARIZE), so a page may hold many: each has
// its own canvas, heap and API; app.wasm is fetched and compiled once per
// page and shared. The standalone page (web/static/playground.js) and the
// embed script (web/static/embed.js, which starts with this file) use it.
// Protocol "mlpg/1" (README "Embedding").
(function () {
  'use strict';
  if (window.MLPGCore) return;
  const PROTOCOL = 'mlpg/1';
  const STATE_VERSION = 1;
  // Where the playground is served: this script lives in <base>/web/.
  const BASE = new URL('..', document.currentScript.src).href;

  // app.js defines createMlpgApp once; app.wasm is compiled once per base.
  const apps = new Map(), wasms = new Map();
  function loadApp(base) {
    if (!apps.has(base)) {
      apps.set(base, new Promise((resolve, reject) => {
        if (window.createMlpgApp) { resolve(window.createMlpgApp); return; }
        const s = document.createElement('script');
        s.src = base + 'app.js';
        s.async = true;
        s.onload = () => (window.createMlpgApp ? resolve(window.createMlpgApp)
          : reject(new Error(`${s.src} did not define the playground`)));
        s.onerror = () => reject(new Error(`could not load ${s.src}`));
        document.head.appendChild(s);
      }));
    }
    return apps.get(base);
  }
  function compileWasm(base) {
    if (!wasms.has(base)) {
      const url = base + 'app.wasm';
      wasms.set(base, fetch(url, { credentials: 'same-origin' }).then((r) => {
        if (!r.ok) throw new Error(`could not load ${url}: HTTP ${r.status}`);
        // Streaming needs the application/wasm type; any server still works.
        return WebAssembly.compileStreaming(r.clone()).catch(() => r.arrayBuffer().then((b) => WebAssembly.compile(b)));
      }));
    }
    return wasms.get(base);
  }

  let instances = 0;
  function create(opts) {
    const base = opts.base || BASE;
    const id = opts.id || `mlpg-${++instances}`;
    const canvas = opts.canvas;
    const listeners = new Map();
    let appReady = false, failed = null, worker = null, destroyed = false;
    let resolveReady, rejectReady;
    const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
    ready.catch(() => {});  // failures reach the host as an `error` event

    // Events go out after the call that caused them returns (a listener may call the API).
    function emit(type, detail) {
      Promise.resolve().then(() => {
        for (const fn of [...(listeners.get(type) || [])]) {
          try { fn(detail); } catch (e) { console.error(e); }
        }
        for (const fn of [...(listeners.get('*') || [])]) {
          try { fn(type, detail); } catch (e) { console.error(e); }
        }
      });
    }
    function fail(type, message) {
      if (failed || destroyed) return;
      failed = Object.assign(new Error(message), { code: type });
      clearTimeout(timer);
      emit('error', { instanceId: id, type, message });
      rejectReady(failed);
      if (opts.onFail) opts.onFail(message);
    }
    const timeoutMs = opts.timeout > 0 ? opts.timeout : 20000;
    const timer = setTimeout(() => fail('timeout', `the playground did not start within ${timeoutMs / 1000} s`), timeoutMs);

    let Module = null;
    function call(fn, arg) {
      const text = arg === undefined
        ? Module.ccall(fn, 'string', [], [])
        : Module.ccall(fn, 'string', ['string'], [arg]);
      const reply = JSON.parse(text);
      if (!reply.ok) throw Object.assign(new Error(reply.error), { code: reply.code || 'bad_command' });
      return reply.result;
    }
    function requireReady() {
      if (failed) throw failed;
      if (destroyed) throw new Error('this playground was destroyed');
      if (!appReady) throw new Error('playground is not ready yet: await playground.ready first');
    }
    function command(obj) {
      requireReady();
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj))
        throw new Error('command expects an object, e.g. {run: false}');
      return call('mlpg_command_json', JSON.stringify(obj));
    }

    const api = {
      id,
      protocol: PROTOCOL,
      stateVersion: STATE_VERSION,
      ready,
      version() { requireReady(); return call('mlpg_version_json'); },
      state() { requireReady(); return call('mlpg_state_json'); },
      // The page in words: title, training or paused, key numbers, the main plot (ui/describe.h).
      describe() { requireReady(); return call('mlpg_describe_json'); },
      command,
      getState() { return command({ get_state: true }).get_state; },
      // Restores a document from getState(): the parameters at once, then the
      // run replayed to its step (a few milliseconds a frame); resolves when done.
      setState(doc) {
        command({ set_state: doc });
        return new Promise((resolve) => {
          const poll = () => {
            if (destroyed || failed || !call('mlpg_state_json').embed.restoring) resolve(api);
            else setTimeout(poll, 30);
          };
          poll();
        });
      },
      on(type, fn) {
        if (!listeners.has(type)) listeners.set(type, []);
        listeners.get(type).push(fn);
        return api;
      },
      off(type, fn) {
        const l = listeners.get(type) || [];
        if (l.includes(fn)) l.splice(l.indexOf(fn), 1);
        return api;
      },
      applyHash(h) { if (appReady) Module.ccall('mlpg_apply_hash', null, ['string'], [h]); },
      destroy() {
        if (destroyed) return;
        destroyed = true;
        api.destroyed = true;
        clearTimeout(timer);
        if (visibility) visibility.disconnect();
        document.removeEventListener('visibilitychange', onVisibility);
        if (worker) worker.terminate();
        if (Module && Module.pauseMainLoop) Module.pauseMainLoop();
        if (fileInput) fileInput.remove();
      },
    };

    // Assets (datasets, the shipped model): data/<name>.gz fetched with progress,
    // inflated with DecompressionStream, kept in the Cache API for the next
    // visit under a key that carries the file's hash (data/manifest.json), so a
    // rebuilt file is downloaded again. The app validates what arrives.
    const CACHE = 'mlpg-assets-v1';
    let manifest = null;
    function getManifest() {
      if (!manifest) {
        manifest = fetch(base + 'data/manifest.json', { cache: 'no-cache' })
          .then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
      }
      return manifest;
    }
    async function openCache() {
      try { return await caches.open(CACHE); } catch (e) { return null; }  // no Cache API (plain http on a LAN host, a sandboxed frame)
    }
    async function fetchAsset(p) {
      const rel = p + '.gz', url = base + rel;
      try {
        const key = url + '?v=' + ((await getManifest())[rel] || 'unversioned');
        const cache = await openCache();
        let resp = cache ? await cache.match(key).catch(() => undefined) : undefined;
        const fromCache = !!resp;
        if (!resp) {
          resp = await fetch(url, { cache: 'no-cache' });
          if (!resp.ok) throw new Error(`HTTP ${resp.status} for ${rel}`);
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
        if (total && loaded !== total) throw new Error(`${rel}: received ${loaded} of ${total} bytes`);
        const gz = new Blob(chunks);
        let bytes;
        try {
          bytes = new Uint8Array(await new Response(gz.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
        } catch (e) {
          throw new Error(`${rel} is damaged (${e.message})`);
        }
        if (cache && !fromCache) await cache.put(key, new Response(gz, { headers: { 'Content-Length': String(gz.size) } })).catch(() => {});
        if (destroyed) return;
        const ptr = Module._malloc(Math.max(1, bytes.length));
        if (!ptr) throw new Error(`${rel}: not enough memory for ${bytes.length} bytes`);
        Module.HEAPU8.set(bytes, ptr);
        Module.ccall('mlpg_asset_data', null, ['string', 'number', 'number', 'number'], [p, ptr, bytes.length, fromCache ? 1 : 0]);
      } catch (e) {
        const msg = String((e && e.message) || e);
        if (!destroyed) Module.ccall('mlpg_asset_failed', null, ['string', 'string'], [p, msg.startsWith(rel) ? msg : `${rel}: ${msg}`]);
      }
    }
    async function evictAsset(p) {
      const cache = await openCache();
      if (!cache) return;
      for (const req of await cache.keys()) {
        if (new URL(req.url).pathname.endsWith('/' + p + '.gz')) await cache.delete(req);
      }
    }

    // Files: a model or CSV file in (a hidden file input the app opens, or a
    // drop) and out (a download).
    const fileInput = document.createElement('input');
    fileInput.type = 'file';
    if (opts.fileInputId) fileInput.id = opts.fileInputId;
    fileInput.accept = '.mlpg,.csv,.tsv,.txt';
    fileInput.style.display = 'none';
    fileInput.setAttribute('aria-hidden', 'true');
    fileInput.tabIndex = -1;
    (opts.container || document.body).appendChild(fileInput);
    // Files larger than the app reads are refused before they are read or
    // copied into the heap; a heap that cannot take a file says so too.
    const refuse = (name, size) => Module.ccall('mlpg_file_refused', null, ['string', 'number'], [name, size]);
    function openBytes(name, bytes) {
      if (bytes.length > Module.ccall('mlpg_max_file_bytes', 'number', [], [])) return refuse(name, bytes.length);
      const ptr = Module._malloc(Math.max(1, bytes.length));
      if (!ptr) return refuse(name, -1);
      Module.HEAPU8.set(bytes, ptr);
      Module.ccall('mlpg_file_opened', null, ['string', 'number', 'number'], [name, ptr, bytes.length]);
    }
    async function openFile(file) {
      if (file.size > Module.ccall('mlpg_max_file_bytes', 'number', [], [])) return refuse(file.name, file.size);
      openBytes(file.name, new Uint8Array(await file.arrayBuffer()));
    }
    fileInput.addEventListener('change', () => {
      if (fileInput.files.length) openFile(fileInput.files[0]).catch((e) => console.warn(e));
      fileInput.value = '';
    });
    const dropTarget = opts.dropTarget || canvas;
    dropTarget.addEventListener('dragover', (e) => e.preventDefault());
    dropTarget.addEventListener('drop', (e) => {
      e.preventDefault();
      if (appReady && e.dataTransfer.files.length) openFile(e.dataTransfer.files[0]).catch((err) => console.warn(err));
    });

    // The training worker (ui/train_job.h): big models train there, off the
    // page's thread. A page that is cross-origin isolated (served with
    // COOP/COEP, as web/serve.mjs serves the standalone page) can share
    // memory between workers, so it gets the pthreads build, whose kernels
    // use every core (up to 4); any other page (most course pages, static
    // hosts, `?worker=1`) gets the one-thread build, which needs no special
    // headers. If neither can start (a sandboxed or cross-origin frame,
    // `?worker=0`) or the worker fails later, the app trains in the page.
    function workerScript() {
      const shared = self.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
      return shared && opts.worker !== 'single' ? 'train_worker_mt.js' : 'train_worker.js';
    }
    function startWorker() {
      if (typeof Worker === 'undefined' || opts.worker === false) return 0;
      try {
        worker = new Worker(new URL(workerScript(), base));
      } catch (e) {
        console.info('training in the page (no worker here: ' + e.message + ')');
        return 0;
      }
      worker.onmessage = (e) => {
        const b = new Uint8Array(e.data);
        const p = Module._malloc(Math.max(1, b.length));
        if (!p) return Module.ccall('mlpg_worker_failed', null, ['string'], ['not enough memory for a checkpoint from the training worker']);
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
    }

    // Paused while scrolled out of view or in a hidden tab (an embedded
    // playground does not train, or draw, where nobody sees it).
    let visibility = null, visible = true, inView = true;
    function setVisible() {
      const v = inView && document.visibilityState !== 'hidden';
      if (v === visible || !appReady || destroyed) return;
      visible = v;
      command({ visible: v });
      if (v) Module.resumeMainLoop(); else Module.pauseMainLoop();
    }
    function onVisibility() { setVisible(); }

    Module = {
      canvas,
      startHash: opts.hash || '',
      pageBase: base,
      linkBase: opts.linkBase || base + 'index.html',
      onHashChange: opts.onHashChange || null,
      locateFile: (path) => base + path,
      instantiateWasm(imports, receive) {
        compileWasm(base).then((m) => WebAssembly.instantiate(m, imports))
          .then((instance) => receive(instance)).catch((e) => fail('load', String((e && e.message) || e)));
        return {};
      },
      print: (t) => console.log(t),
      printErr: (t) => console.warn(t),
      onAppReady() {
        if (destroyed) return;
        appReady = true;
        clearTimeout(timer);
        if (opts.embed) {
          try { command({ embed: Object.assign({ id }, opts.embed) }); } catch (e) {
            emit('error', { instanceId: id, type: 'config', message: e.message });
          }
        }
        const v = call('mlpg_version_json');
        emit('ready', { instanceId: id, protocol: PROTOCOL, version: v.version, kernels: v.kernels, stateVersion: STATE_VERSION });
        resolveReady(api);
        if (opts.pauseWhenHidden) {
          if (typeof IntersectionObserver !== 'undefined') {
            visibility = new IntersectionObserver((entries) => {
              inView = entries[entries.length - 1].isIntersecting;
              setVisible();
            });
            visibility.observe(canvas);
          }
          document.addEventListener('visibilitychange', onVisibility);
        }
        if (opts.onReady) opts.onReady(api);
      },
      onAbort(what) { fail('abort', 'The playground stopped: ' + what); },
      onEvents(text) {
        for (const e of JSON.parse(text)) emit(e.type, Object.assign({ instanceId: id }, e.detail));
      },
      fetchAsset: (p) => { fetchAsset(p); },
      evictAsset: (p) => { evictAsset(p).catch(() => {}); },
      pickFile: () => fileInput.click(),
      // Paste: the clipboard's text as a file named pasted.csv (the browser asks the learner's permission).
      pasteFile: () => {
        if (!navigator.clipboard || !navigator.clipboard.readText) return;
        navigator.clipboard.readText().then((text) => openBytes('pasted.csv', new TextEncoder().encode(text))).catch((e) => console.warn(e));
      },
      saveFile: (name, bytes) => {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
        a.download = name;
        a.style.display = 'none';
        (opts.container || document.body).appendChild(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      },
      startWorker,
      postToWorker: (bytes) => { if (worker) worker.postMessage(bytes.buffer, [bytes.buffer]); },
    };

    // Tab and Shift+Tab leave the canvas as they leave any control (no
    // keyboard trap): they are kept from the app, which would otherwise take
    // them. Registered before the app's own listeners, so it runs first.
    canvas.addEventListener('keydown', (e) => {
      if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) e.stopImmediatePropagation();
    }, true);
    canvas.addEventListener('contextmenu', (e) => e.preventDefault());

    loadApp(base).then((factory) => factory(Module)).catch((e) => fail('load', String((e && e.message) || e)));
    if (opts.mirror) startMirror(api, canvas, opts.mirror);
    return api;
  }

  // The screen reader's mirror: the canvas is a picture to assistive
  // technology, so the lesson's title, its state and key numbers are kept in
  // the DOM; "Describe the plot" puts the main plot in words. The live region
  // is polite and, while training runs, changes at most every 10 s (a new
  // lesson, language or play/pause at once). The standalone page's <title>
  // and lang follow the lesson and language (an embedded one leaves its host's alone).
  const LIVE_EVERY_MS = 10000;
  function startMirror(api, canvas, m) {
    const { title, summary, plot, button } = m;
    let shownKey = null, shownAt = 0;
    function update() {
      let d;
      try { d = api.describe(); } catch (e) { return; }
      const lang = d.lang === 'zh' ? 'zh-CN' : 'en';
      if (m.followDocument) {
        if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
        const pageTitle = d.title + ' · WASM ML Playground';
        if (document.title !== pageTitle) document.title = pageTitle;
      } else if (canvas.parentElement && canvas.parentElement.lang !== lang) {
        canvas.parentElement.lang = lang;
      }
      if (title && title.textContent !== d.title) title.textContent = d.title;
      if (button && button.textContent !== d.labels.describe) button.textContent = d.labels.describe;
      if (canvas.getAttribute('aria-label') !== d.labels.canvas) canvas.setAttribute('aria-label', d.labels.canvas);
      const now = performance.now();
      const key = d.title + '|' + d.lang + '|' + d.running;
      const changed = key !== shownKey;
      shownKey = key;
      if (summary && d.summary !== summary.textContent && (changed || !d.running || now - shownAt >= LIVE_EVERY_MS)) {
        summary.textContent = d.summary;
        summary.dataset.readouts = JSON.stringify(d.readouts.map((r) => [r.key, r.value]));
        shownAt = now;
      }
    }
    if (button) button.addEventListener('click', () => {
      try { plot.textContent = api.describe().plot; } catch (e) { plot.textContent = String(e.message || e); }
    });
    api.ready.then(() => {
      update();
      const t = setInterval(() => { if (api.destroyed) clearInterval(t); else update(); }, 1000);
    }, () => {});
  }

  window.MLPGCore = { create, PROTOCOL, STATE_VERSION, BASE };
})();
