// Draws the toolbar icon (a speech bubble with a link dot) as PNGs, so no image tool is needed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function icon(size: number): Buffer {
  const rows: Buffer[] = [];
  const s = size / 48;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const u = x / s, v = y / s;
      // rounded bubble body + tail; white dot pair inside
      const inBody = u > 4 && u < 44 && v > 6 && v < 34 && Math.hypot(Math.max(8 - u, u - 40, 0), Math.max(10 - v, v - 30, 0)) < 4;
      const inTail = v >= 30 && v < 42 && u > 10 && u < 22 && u - 10 < (42 - v);
      const dot = Math.hypot(u - 17, v - 20) < 4 || Math.hypot(u - 31, v - 20) < 4;
      const o = 1 + x * 4;
      if ((inBody || inTail) && !dot) row.set([0x2b, 0x6c, 0xb0, 255], o);
      else if (dot && inBody) row.set([255, 255, 255, 255], o);
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
// One 128 px icon for every size: browsers scale it down for the toolbar and notifications, and
// each file in the zip costs its own headers (a 48 px copy was 250 B of the 64 KB budget).
writeFileSync('public/icons/icon.png', icon(128));
