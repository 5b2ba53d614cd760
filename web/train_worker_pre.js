// The training worker's script (prepended to train_worker.js): messages from
// the page go to the wasm in order; while a job runs, the wasm trains in
// slices of 50 ms and yields between them (through a MessageChannel, which,
// unlike setTimeout, is not clamped), so the page's "stop" is read at once.
var Module = typeof Module !== 'undefined' ? Module : {};
// In the threaded build (train_worker_mt.js) this file also runs in each of
// the pool's pthread workers, whose messages are Emscripten's own: there it
// does nothing.
if (!Module['ENVIRONMENT_IS_PTHREAD']) (function () {
  // In the threaded build another thread may have grown the memory: its
  // current view (Emscripten's GROWABLE_HEAP_U8 there), not a stale one.
  const heap = () => (typeof GROWABLE_HEAP_U8 === 'function' ? GROWABLE_HEAP_U8() : Module.HEAPU8);
  const inbox = [];
  let ready = false, pumping = false;
  const tick = new MessageChannel();
  function deliver() {
    while (inbox.length) {
      const b = inbox.shift();
      const p = Module._malloc(Math.max(1, b.length));
      // No memory for it: the page's onerror hears why and trains in the page.
      if (!p) throw new Error('not enough memory in the training worker for a ' + b.length + '-byte message');
      heap().set(b, p);
      Module._mlpg_worker_message(p, b.length);
    }
    if (!pumping) { pumping = true; tick.port2.postMessage(0); }
  }
  tick.port1.onmessage = () => {
    if (Module._mlpg_worker_run(0.05)) tick.port2.postMessage(0);
    else pumping = false;
  };
  Module.onRuntimeInitialized = () => { ready = true; deliver(); };
  self.onmessage = (e) => {
    inbox.push(new Uint8Array(e.data));
    if (ready) deliver();
  };
})();
