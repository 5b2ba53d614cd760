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
      resolveReady(window.playground);
    },
    onAbort(what) { fail('The playground stopped: ' + what); },
  };
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
