#!/usr/bin/env node
// Draws the extension icon, media/icon.png (128x128 RGBA): a shield with a check mark on a rounded
// indigo square. No image library and no download: pixels by hand, PNG chunks with zlib.
// usage: node scripts/make-icon.js [OUT.png]
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SIZE = 128;
const SAMPLES = 4; // 4x4 supersampling for smooth edges
const out = process.argv[2] || path.join(__dirname, '..', 'media', 'icon.png');

const mix = (a, b, t) => a.map((v, i) => v + (b[i] - v) * t);
const clamp01 = (t) => Math.max(0, Math.min(1, t));

/** Distance from p to the segment ab. */
function segmentDistance(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = clamp01(((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function insideRoundedSquare(x, y) {
  const r = 0.2;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

/** The shield: straight sides from the top, curving in to a point at the bottom. */
function shieldHalfWidth(y) {
  const top = 0.16;
  const shoulder = 0.5;
  const bottom = 0.88;
  if (y < top || y > bottom) return -1;
  if (y <= shoulder) return 0.3 - 0.04 * Math.pow(1 - (y - top) / (shoulder - top), 3);
  const t = (y - shoulder) / (bottom - shoulder);
  return 0.3 * Math.pow(Math.cos((t * Math.PI) / 2), 0.9);
}

const BACKGROUND_TOP = [52, 48, 110];
const BACKGROUND_BOTTOM = [30, 27, 70];
const SHIELD_TOP = [72, 214, 190];
const SHIELD_BOTTOM = [33, 150, 160];
const CHECK = [255, 255, 255];

/** The colour (RGBA, 0-255 floats) at a point of the unit square. */
function colourAt(x, y) {
  if (!insideRoundedSquare(x, y)) return [0, 0, 0, 0];
  let c = mix(BACKGROUND_TOP, BACKGROUND_BOTTOM, y);
  const half = shieldHalfWidth(y);
  if (half > 0 && Math.abs(x - 0.5) <= half) {
    c = mix(SHIELD_TOP, SHIELD_BOTTOM, clamp01((y - 0.16) / 0.72));
    const d = Math.min(segmentDistance(x, y, 0.36, 0.5, 0.46, 0.61), segmentDistance(x, y, 0.46, 0.61, 0.66, 0.37));
    if (d <= 0.045) c = CHECK;
  }
  return [...c, 255];
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let py = 0; py < SIZE; py++) {
  raw[py * (SIZE * 4 + 1)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colourAt((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE);
        // Premultiplied by alpha, so transparent samples do not darken the edge.
        for (let i = 0; i < 3; i++) sum[i] += (c[i] * c[3]) / 255;
        sum[3] += c[3];
      }
    }
    const n = SAMPLES * SAMPLES;
    const alpha = sum[3] / n;
    const o = py * (SIZE * 4 + 1) + 1 + px * 4;
    for (let i = 0; i < 3; i++) raw[o + i] = alpha ? Math.round((sum[i] / n) * (255 / alpha)) : 0;
    raw[o + 3] = Math.round(alpha);
  }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`${out}: ${SIZE}x${SIZE}, ${png.length} bytes`);
