// Minimal PNG reader for the render test: enough of the format (8-bit RGB/RGBA, non-interlaced,
// the five row filters) to count the distinct colours of a Chromium screenshot.
import { inflateSync } from 'node:zlib';

export interface Pixels {
  width: number;
  height: number;
  /** One 0xRRGGBBAA value per pixel. */
  rgba: Uint32Array;
}

export function decodePng(buf: Buffer): Pixels {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8]!;
      const colorType = data[9]!;
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || data[12] !== 0)
        throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}, interlace ${data[12]}`);
      channels = colorType === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`bad PNG filter ${filter}`);
      out[y * stride + x] = (raw[src + x]! + pred) & 0xff;
    }
  }
  const rgba = new Uint32Array(width * height);
  for (let i = 0; i < width * height; i++) {
    const o = i * channels;
    rgba[i] = ((out[o]! << 24) | (out[o + 1]! << 16) | (out[o + 2]! << 8) | (channels === 4 ? out[o + 3]! : 255)) >>> 0;
  }
  return { width, height, rgba };
}

/** Number of distinct colours, and the share of pixels that differ from the most common one. */
export function colourStats(p: Pixels): { distinct: number; inkFraction: number } {
  const counts = new Map<number, number>();
  for (const v of p.rgba) counts.set(v, (counts.get(v) ?? 0) + 1);
  const top = Math.max(...counts.values());
  return { distinct: counts.size, inkFraction: 1 - top / p.rgba.length };
}
