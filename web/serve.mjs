// A small static file server for dist/ (correct MIME types, including
// application/wasm for streaming compilation). Usage: node web/serve.mjs DIR [PORT]
// PORT 0 picks a free port. Prints the URL as its first line, then the
// course page demo's, whose iframe comes from a second origin: the same
// files on PORT+1. Every file is public and may be read from any origin
// (a sandboxed frame has none), so each response allows it.
//
// The standalone page (index.html at the root, not framed) is served cross-
// origin isolated (COOP same-origin + COEP require-corp), which lets it
// share memory with workers: web/static/core.js then loads the threaded
// training worker. Scripts and wasm carry COEP too (a worker of an isolated
// page must), and CORP cross-origin so that any page may still load them.
// Other pages (the course demo, its cross-origin iframe, options.pages) are
// not isolated: they show the one-thread fallback an ordinary host gives.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.json': 'application/json', '.css': 'text/css', '.png': 'image/png',
  '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.bin': 'application/octet-stream', '.data': 'application/octet-stream',
};

// options.csp: a Content-Security-Policy header for every response;
// options.pages: a Map of extra pages, path -> HTML (the embed e2e's host pages).
export function serve(root, port = 0, host = '127.0.0.1', options = {}) {
  root = path.resolve(root);
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    if (options.pages && options.pages.has(rel)) {
      const body = Buffer.from(options.pages.get(rel));
      res.writeHead(200, { 'Content-Type': TYPES['.html'], 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
      res.end(body);
      return;
    }
    const file = path.join(root, path.normalize(rel));
    if (!file.startsWith(root)) { res.writeHead(403).end('forbidden'); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404).end('not found'); return; }
      const headers = {
        'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
        'Content-Length': st.size, 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*',
        'Cross-Origin-Resource-Policy': 'cross-origin',
      };
      if (rel === '/index.html' && !new URL(req.url, 'http://x').searchParams.has('embed')) {
        headers['Cross-Origin-Opener-Policy'] = 'same-origin';
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      } else if (/\.(js|wasm)$/.test(rel)) {
        headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      }
      if (options.csp) headers['Content-Security-Policy'] = options.csp;
      res.writeHead(200, headers);
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] || 'dist';
  const port = Number(process.argv[3] ?? 8080);
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    console.error(`no index.html in ${root}: build the web app first (./run.sh)`);
    process.exit(1);
  }
  const server = await serve(root, port);
  const p = server.address().port;
  console.log(`WASM ML Playground: http://localhost:${p}/`);
  try {
    const second = await serve(root, p + 1);
    console.log(`Course page demo (two embedded lessons; its iframe from http://localhost:${second.address().port}): http://localhost:${p}/course/`);
  } catch (e) {
    console.log(`Course page demo: http://localhost:${p}/course/ (port ${p + 1}, for its cross-origin iframe, is taken)`);
  }
}
