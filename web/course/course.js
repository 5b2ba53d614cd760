// The course page demo (web/course/index.html): one playground as a custom
// element from this site, one as a sandboxed iframe from a second origin
// (./run.sh serves the same files on the next port), and a log of what
// they report: ready, goals reached (completed), changes the learner made.
(function () {
  'use strict';
  const log = document.getElementById('log');
  function say(text) {
    const li = document.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + '  ' + text;
    log.appendChild(li);
  }
  const el = document.getElementById('lambda-lab');
  el.addEventListener('mlpg-ready', (e) => say(`λ lab ready (${e.detail.instanceId}, ${e.detail.protocol}, kernels ${e.detail.kernels})`));
  el.addEventListener('mlpg-completed', (e) => say(`λ lab: goal reached, ${e.detail.metric} = ${e.detail.value.toFixed(4)} (score ${e.detail.score}/${e.detail.maxScore})`));
  el.addEventListener('mlpg-change', (e) => { if (e.detail.userInitiated) say(`λ lab: the learner set λ = ${e.detail.params.lambda}`); });
  el.addEventListener('mlpg-error', (e) => say(`λ lab error (${e.detail.type}): ${e.detail.message}`));

  // The frame comes from the other origin: the next port on this host (or ?frame=<origin>).
  const here = new URL(window.location.href);
  const frameOrigin = here.searchParams.get('frame') || `${here.protocol}//${here.hostname}:${Number(here.port || 80) + 1}`;
  const frame = document.getElementById('classifier-frame');
  frame.src = `${frameOrigin}/index.html?embed=1&chrome=minimal&id=classifier-frame&origins=${encodeURIComponent(here.origin)}` +
    '#lesson=classifier&lang=en';
  const pg = MLPlayground.connect(frame, { origin: frameOrigin, autoHeight: true });
  pg.on('ready', (d) => {
    say(`classifier frame ready (${d.instanceId}, from ${frameOrigin})`);
    pg.configure({ goals: [{ metric: 'accuracy', above: 0.95, within_epochs: 200 }] })
      .catch((err) => say('classifier frame: ' + err.message));
  });
  pg.on('completed', (d) => say(`classifier: goal reached, accuracy ${d.value.toFixed(3)} (score ${d.score}/${d.maxScore})`));
  pg.on('goal', (d) => { if (d.missed) say('classifier: 200 epochs passed without reaching the goal; reset to try again'); });
  pg.on('error', (d) => say(`classifier frame error (${d.type}): ${d.message}`));
})();
