// Draws the tray and app icons (a status dot / a tunnel mark) as PNG and ICO with no image
// dependency, so the icons can be regenerated on any machine: `node scripts/make-icons.mjs`.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
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
function png(size, pixel) {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x + 0.5, y + 0.5, size);
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size;
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4);
    header.writeUInt16LE(32, e + 6);
    header.writeUInt32LE(data.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += data.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.data)]);
}
const colours = {
  green: [0x2e, 0xa0, 0x43],
  yellow: [0xe3, 0xa0, 0x08],
  red: [0xd1, 0x34, 0x38],
  grey: [0x8a, 0x8a, 0x8a],
};
function dot([r, g, b]) {
  return (x, y, size) => {
    const c = size / 2;
    const d = Math.hypot(x - c, y - c);
    const outer = size * 0.44;
    const ring = size * 0.36;
    if (d > outer + 0.5) return [0, 0, 0, 0];
    const edge = Math.min(1, outer + 0.5 - d);
    // A dark ring keeps the dot visible on light and dark taskbars.
    if (d > ring) return [0x20, 0x20, 0x20, Math.round(255 * edge)];
    return [r, g, b, 255];
  };
}
function appMark(x, y, size) {
  const c = size / 2;
  const d = Math.hypot(x - c, y - c);
  if (d > size * 0.47) return [0, 0, 0, 0];
  // A tunnel arch: a lighter ring on a blue disc.
  if (d > size * 0.22 && d < size * 0.32 && y < c + size * 0.12) return [0xff, 0xff, 0xff, 255];
  return [0x0f, 0x6c, 0xbd, 255];
}
mkdirSync(path.join(root, 'assets/tray'), { recursive: true });
mkdirSync(path.join(root, 'build'), { recursive: true });
for (const [name, colour] of Object.entries(colours)) {
  const draw = dot(colour);
  writeFileSync(path.join(root, `assets/tray/tray-${name}.png`), png(16, draw));
  writeFileSync(path.join(root, `assets/tray/tray-${name}@2x.png`), png(32, draw));
  const sizes = [16, 24, 32];
  writeFileSync(
    path.join(root, `assets/tray/tray-${name}.ico`),
    ico(sizes.map((size) => ({ size, data: png(size, draw) }))),
  );
}
writeFileSync(path.join(root, 'build/icon.png'), png(512, appMark));
writeFileSync(path.join(root, 'assets/icon.png'), png(256, appMark));
writeFileSync(
  path.join(root, 'build/icon.ico'),
  ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, data: png(size, appMark) }))),
);
