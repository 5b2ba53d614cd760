// Shared helpers for browser tests: serve dist/, launch Debian's Chromium with
// playwright-core (never a downloaded browser), and measure a screenshot.
import { chromium } from 'playwright-core';
import { serve } from '../../web/serve.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

// query: the page's own (e.g. '?worker=1'); the standalone page is served
// cross-origin isolated (web/serve.mjs), so it trains on the threaded worker.
export async function openApp(distDir, hash = '', query = '') {
  const server = await serve(distDir, 0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  const url = `http://127.0.0.1:${server.address().port}/index.html${query}${hash}`;
  await page.goto(url);
  await page.evaluate(() => window.playground.ready.then(() => true));
  const close = async () => { await browser.close(); server.close(); };
  return { page, errors, url, close };
}

// Grey-level standard deviation of a PNG screenshot (0..255), computed in the
// page itself so no PNG decoder is needed in Node.
export async function screenshotStddev(page, pngBuffer) {
  return page.evaluate(async (b64) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width; c.height = img.height;
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let s = 0, s2 = 0;
    const n = d.length / 4;
    for (let i = 0; i < d.length; i += 4) {
      const g = 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
      s += g; s2 += g * g;
    }
    const mean = s / n;
    return Math.sqrt(Math.max(0, s2 / n - mean * mean));
  }, pngBuffer.toString('base64'));
}
