#!/usr/bin/env node
// Draws the Teams app icons with Node only (zlib, no image library) and writes them to appPackage/:
//   color.png   192x192, a round table with six people around it, white on a full teal background
//   outline.png  32x32,  the same motif in white on a transparent background
// Shapes are signed-distance discs, supersampled 8x8 per pixel for smooth edges.
//   node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = join(dirname(dirname(fileURLToPath(import.meta.url))), 'appPackage');
const SAMPLES = 8;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
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
/** RGBA 8-bit PNG (colour type 6). */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The motif in a unit square [0,1]²: returns 1 inside the figure, 0 outside.
 * A round table in the middle; around it people seen the usual icon way, each one a dome
 * (shoulders) with a head above it, pointing away from the table.
 */
function motif(x, y, s) {
  const dx = x - 0.5;
  const dy = y - 0.5;
  if (Math.hypot(dx, dy) <= s.table) return 1;
  const headCentre = s.bodyRing + s.body + s.gap + s.head;
  for (let i = 0; i < s.people; i++) {
    const a = -Math.PI / 2 + (i * 2 * Math.PI) / s.people;
    const t = dx * Math.cos(a) + dy * Math.sin(a); // along the person, away from the table
    const q = -dx * Math.sin(a) + dy * Math.cos(a); // across the person
    if (t >= s.bodyRing && Math.hypot(t - s.bodyRing, q) <= s.body) return 1;
    if (Math.hypot(t - headCentre, q) <= s.head) return 1;
  }
  return 0;
}

function render(size, shape, paint) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let cover = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          cover += motif((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, shape);
        }
      }
      const [r, g, b, a] = paint(px / size, py / size, cover / (SAMPLES * SAMPLES));
      rgba.set([r, g, b, a], (py * size + px) * 4);
    }
  }
  return rgba;
}

const mix = (from, to, t) => Math.round(from + (to - from) * t);

// Colour icon: teal to blue diagonal gradient, white figure; the figure spans about 72% of the icon.
const colorShape = { table: 0.12, people: 6, bodyRing: 0.19, body: 0.07, gap: 0.018, head: 0.042 };
const color = render(192, colorShape, (x, y, cover) => {
  const t = (x + y) / 2;
  const bg = [mix(0x0b, 0x1c, t), mix(0x8a, 0x5f, t), mix(0x8c, 0xa8, t)];
  return [mix(bg[0], 255, cover), mix(bg[1], 255, cover), mix(bg[2], 255, cover), 255];
});
writeFileSync(join(outDir, 'color.png'), encodePng(192, 192, color));

// Outline icon: white only, transparency carries the shape; slightly bolder for 32 px.
const outlineShape = { table: 0.15, people: 6, bodyRing: 0.22, body: 0.095, gap: 0.03, head: 0.06 };
const outline = render(32, outlineShape, (_x, _y, cover) => [255, 255, 255, Math.round(cover * 255)]);
writeFileSync(join(outDir, 'outline.png'), encodePng(32, 32, outline));

console.warn(`make-icons: wrote ${join(outDir, 'color.png')} and ${join(outDir, 'outline.png')}`);
