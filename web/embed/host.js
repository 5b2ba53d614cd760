// The embed script's host side (dist/web/embed.js = web/static/core.js + this
// file): MLPlayground.mount(el, options), the <ml-playground> element, and
// MLPlayground.connect(iframe, options) for the page in a frame. One protocol
// ("mlpg/1"), the same commands and events in all three (README "Embedding").
(function () {
  'use strict';
  if (window.MLPlayground) return;
  const core = window.MLPGCore;

  function paramsHash(params) {
    if (!params) return '';
    if (typeof params === 'string') return params.replace(/^[#&]/, '');
    return Object.entries(params).map(([k, v]) =>
      encodeURIComponent(k) + '=' + encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))).join('&');
  }
  function hashFor(o) {
    const parts = [];
    if (o.lesson) parts.push('lesson=' + encodeURIComponent(o.lesson));
    if (o.lang) parts.push('lang=' + encodeURIComponent(o.lang));
    const p = paramsHash(o.params);
    if (p) parts.push(p);
    return parts.length ? '#' + parts.join('&') : '';
  }
  function embedConfig(o) {
    const e = { chrome: o.chrome || 'minimal' };
    if (o.locked) e.locked = o.locked;
    if (o.hidden) e.hidden = o.hidden;
    if (o.goals) e.goals = o.goals;
    if (o.maxSteps !== undefined) e.max_steps = o.maxSteps;
    return e;
  }

  // A playground inside `el` (an element or a selector), sized to it; if the
  // element has no height of its own, 16:10 of its width.
  function mount(el, options) {
    const o = options || {};
    const host = typeof el === 'string' ? document.querySelector(el) : el;
    if (!host || !host.appendChild) throw new Error('MLPlayground.mount: no element to mount into');
    const box = document.createElement('div');
    box.className = 'mlpg-embed';
    box.style.cssText = 'position:relative;width:100%;height:100%;min-height:320px;overflow:hidden;background:#1c1f26;';
    if (!host.style.height && host.clientHeight < 100) box.style.aspectRatio = '16 / 10';
    const canvas = document.createElement('canvas');
    canvas.tabIndex = 0;
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-label', 'WASM ML Playground');
    canvas.style.cssText = 'display:block;width:100%;height:100%;outline:none;touch-action:none;';
    const live = document.createElement('p');
    live.setAttribute('aria-live', 'polite');
    live.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap;margin:0;';
    live.id = 'mlpg-summary-' + Math.random().toString(36).slice(2, 10);
    canvas.setAttribute('aria-describedby', live.id);
    box.append(live, canvas);
    host.appendChild(box);
    canvas.addEventListener('focus', () => { canvas.style.outline = '3px solid #ffd54f'; canvas.style.outlineOffset = '-3px'; });
    canvas.addEventListener('blur', () => { canvas.style.outline = 'none'; });
    const inst = core.create({
      canvas,
      container: box,
      base: o.base,
      id: o.id,
      hash: hashFor(o),
      timeout: o.timeout,
      embed: embedConfig(o),
      pauseWhenHidden: o.pauseWhenHidden !== false,
      mirror: { summary: live },
    });
    const destroy = inst.destroy;
    inst.destroy = () => { destroy(); box.remove(); };
    if (o.on) for (const [type, fn] of Object.entries(o.on)) inst.on(type, fn);
    return inst;
  }

  // The page in an iframe (index.html?embed=1&origins=<this page's origin>#lesson=...):
  // the same methods, each returning a Promise, and the same events.
  function connect(iframe, options) {
    const o = options || {};
    const origin = o.origin || new URL(iframe.src, window.location.href).origin;
    // A frame sandboxed without allow-same-origin has no origin to name, so
    // messages to it go to "*"; its replies are still read only from that frame.
    const sandboxed = iframe.hasAttribute('sandbox') && !/\ballow-same-origin\b/.test(iframe.getAttribute('sandbox'));
    const targetOrigin = sandboxed ? '*' : origin;
    const listeners = new Map(), pending = new Map();
    let seq = 0, readyDetail = null, resolveReady, rejectReady;
    const ready = new Promise((res, rej) => { resolveReady = res; rejectReady = rej; });
    ready.catch(() => {});
    function emit(type, detail) {
      for (const fn of [...(listeners.get(type) || [])]) { try { fn(detail); } catch (e) { console.error(e); } }
      for (const fn of [...(listeners.get('*') || [])]) { try { fn(type, detail); } catch (e) { console.error(e); } }
    }
    const timeoutMs = o.timeout > 0 ? o.timeout : 20000;
    const timer = setTimeout(() => {
      if (readyDetail) return;
      const detail = { type: 'timeout', message: `the playground frame did not start within ${timeoutMs / 1000} s` };
      emit('error', detail);
      rejectReady(Object.assign(new Error(detail.message), { code: 'timeout' }));
    }, timeoutMs);
    function onMessage(e) {
      if (e.source !== iframe.contentWindow || (!sandboxed && e.origin !== origin)) return;
      const m = e.data;
      if (!m || typeof m !== 'object' || m.protocol !== core.PROTOCOL) return;
      if (m.event) {
        if (m.event === 'ready') {
          if (readyDetail) return;  // once
          readyDetail = m.detail;
          clearTimeout(timer);
          resolveReady(api);
        }
        if (m.event === 'resize' && o.autoHeight && m.detail && m.detail.height > 0) iframe.style.height = m.detail.height + 'px';
        emit(m.event, m.detail);
      } else if (pending.has(m.id)) {
        const { resolve, reject } = pending.get(m.id);
        pending.delete(m.id);
        if (m.ok) resolve(m.result);
        else reject(Object.assign(new Error(m.error && m.error.message), { code: m.error && m.error.type }));
      }
    }
    window.addEventListener('message', onMessage);
    function send(method, params) {
      return ready.then(() => new Promise((resolve, reject) => {
        const id = ++seq;
        pending.set(id, { resolve, reject });
        iframe.contentWindow.postMessage({ protocol: core.PROTOCOL, id, method, params }, targetOrigin);
      }));
    }
    const api = {
      protocol: core.PROTOCOL,
      ready,
      get id() { return readyDetail ? readyDetail.instanceId : undefined; },
      command: (c) => send('command', c),
      configure: (c) => send('configure', c),
      state: () => send('state'),
      getState: () => send('getState'),
      setState: (doc) => send('setState', doc),
      describe: () => send('describe'),
      version: () => send('version'),
      on(type, fn) { if (!listeners.has(type)) listeners.set(type, []); listeners.get(type).push(fn); return api; },
      off(type, fn) { const l = listeners.get(type) || []; if (l.includes(fn)) l.splice(l.indexOf(fn), 1); return api; },
      destroy() { clearTimeout(timer); window.removeEventListener('message', onMessage); },
    };
    if (o.on) for (const [type, fn] of Object.entries(o.on)) api.on(type, fn);
    return api;
  }

  // <ml-playground lesson="lambda" params="degree=9&lambda=0.01" lang="zh"
  //   chrome="minimal" locked="degree" hidden="seed" max-steps="5000"
  //   goals='[{"metric":"val_error","below":0.03}]'>: events as DOM events
  //   "mlpg-ready", "mlpg-change", ... (detail: the event's); the instance as .playground.
  if (window.customElements && !customElements.get('ml-playground')) {
    customElements.define('ml-playground', class extends HTMLElement {
      connectedCallback() {
        if (this.playground) return;
        if (!this.style.display) this.style.display = 'block';
        const list = (name) => (this.getAttribute(name) ? this.getAttribute(name).split(',').map((s) => s.trim()).filter(Boolean) : undefined);
        let goals;
        try {
          goals = this.getAttribute('goals') ? JSON.parse(this.getAttribute('goals')) : undefined;
        } catch (e) {
          goals = undefined;
          queueMicrotask(() => this.dispatchEvent(new CustomEvent('mlpg-error', { detail: { type: 'config', message: 'goals is not JSON: ' + e.message } })));
        }
        const maxSteps = this.getAttribute('max-steps');
        this.playground = mount(this, {
          lesson: this.getAttribute('lesson') || undefined,
          params: this.getAttribute('params') || undefined,
          lang: this.getAttribute('lang') || undefined,
          chrome: this.getAttribute('chrome') || undefined,
          id: this.getAttribute('instance-id') || this.id || undefined,
          base: this.getAttribute('base') || undefined,
          locked: list('locked'),
          hidden: list('hidden'),
          goals,
          maxSteps: maxSteps !== null && /^\d+$/.test(maxSteps) ? Number(maxSteps) : undefined,
        });
        this.playground.on('*', (type, detail) => this.dispatchEvent(new CustomEvent('mlpg-' + type, { detail, bubbles: true })));
      }
      disconnectedCallback() {
        if (this.playground) { this.playground.destroy(); this.playground = null; }
      }
    });
  }

  window.MLPlayground = { mount, connect, protocol: core.PROTOCOL, stateVersion: core.STATE_VERSION };
})();
