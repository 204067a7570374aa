/**
 * A minimal QR code encoder (ISO/IEC 18004): byte mode, error correction level M, versions
 * 1–10 (up to 213 bytes), with the mask chosen by the standard's penalty rules. Enough for
 * the receipt's code (dossier code, bundle, due date); written here because the project has
 * no QR dependency. Checked against known vectors (RS codewords, format and version bits)
 * and an independent encoder's symbols (qr.unit.spec.ts).
 */

/** Per version (index = version): total codewords, EC codewords per block, and the blocks' data codewords. */
const M_BLOCKS: ReadonlyArray<{ ecPerBlock: number; dataPerBlock: readonly number[] }> = [
  { ecPerBlock: 0, dataPerBlock: [] },
  { ecPerBlock: 10, dataPerBlock: [16] },
  { ecPerBlock: 16, dataPerBlock: [28] },
  { ecPerBlock: 26, dataPerBlock: [44] },
  { ecPerBlock: 18, dataPerBlock: [32, 32] },
  { ecPerBlock: 24, dataPerBlock: [43, 43] },
  { ecPerBlock: 16, dataPerBlock: [27, 27, 27, 27] },
  { ecPerBlock: 18, dataPerBlock: [31, 31, 31, 31] },
  { ecPerBlock: 22, dataPerBlock: [38, 38, 39, 39] },
  { ecPerBlock: 22, dataPerBlock: [36, 36, 36, 37, 37] },
  { ecPerBlock: 26, dataPerBlock: [43, 43, 43, 43, 44] },
];
const ALIGNMENT: ReadonlyArray<readonly number[]> = [
  [], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
];
export const QR_MAX_VERSION = 10;

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++, x = (x << 1) ^ (x & 0x80 ? 0x11d : 0)) {
  EXP[i] = x;
  LOG[x] = i;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
const mul = (a: number, b: number): number => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);

/** Reed–Solomon error correction codewords of `data` (generator with roots α^0 … α^(n-1)). */
export function reedSolomon(data: readonly number[], n: number): number[] {
  let gen = [1];
  for (let i = 0; i < n; i++) {
    const next = new Array<number>(gen.length + 1).fill(0);
    gen.forEach((g, j) => {
      next[j] = next[j]! ^ g;
      next[j + 1] = next[j + 1]! ^ mul(g, EXP[i]!);
    });
    gen = next;
  }
  const rem = new Array<number>(n).fill(0);
  for (const d of data) {
    const factor = d ^ rem.shift()!;
    rem.push(0);
    for (let j = 0; j < n; j++) rem[j] = rem[j]! ^ mul(gen[j + 1]!, factor);
  }
  return rem;
}

/** The 15 format bits for level M and a mask (BCH(15,5), XOR 0x5412). */
export function formatBits(mask: number): number {
  const data = (0b00 << 3) | mask;
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

/** The 18 version bits (BCH(18,6)) for versions 7 and up. */
export function versionBits(version: number): number {
  let rem = version;
  for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1f25);
  return (version << 12) | rem;
}

const bit = (x: number, i: number): boolean => ((x >>> i) & 1) === 1;

/** Data codewords: byte mode, length, data, terminator, padding 0xEC/0x11. */
function dataCodewords(bytes: Uint8Array, version: number): number[] {
  const capacity = M_BLOCKS[version]!.dataPerBlock.reduce((a, b) => a + b, 0);
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, version < 10 ? 8 : 16);
  bytes.forEach((b) => put(b, 8));
  put(0, Math.min(4, capacity * 8 - bits.length));
  put(0, (8 - (bits.length % 8)) % 8);
  const words: number[] = [];
  for (let i = 0; i < bits.length; i += 8) words.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; words.length < capacity; pad ^= 0xec ^ 0x11) words.push(pad);
  return words;
}

/** Splits into blocks, adds each block's EC codewords, interleaves. */
function finalCodewords(data: number[], version: number): number[] {
  const { ecPerBlock, dataPerBlock } = M_BLOCKS[version]!;
  const blocks: number[][] = [];
  let at = 0;
  for (const size of dataPerBlock) {
    blocks.push(data.slice(at, at + size));
    at += size;
  }
  const ecs = blocks.map((b) => reedSolomon(b, ecPerBlock));
  const out: number[] = [];
  for (let i = 0; i < Math.max(...dataPerBlock); i++) for (const b of blocks) if (i < b.length) out.push(b[i]!);
  for (let i = 0; i < ecPerBlock; i++) for (const e of ecs) out.push(e[i]!);
  return out;
}

const MASKS: ReadonlyArray<(r: number, c: number) => boolean> = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_r, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

class QrSymbol {
  readonly size: number;
  readonly dark: boolean[][];
  readonly fixed: boolean[][];
  constructor(readonly version: number) {
    this.size = 17 + 4 * version;
    this.dark = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
    this.fixed = Array.from({ length: this.size }, () => new Array<boolean>(this.size).fill(false));
    this.drawFunctionPatterns();
  }

  set(r: number, c: number, dark: boolean): void {
    this.dark[r]![c] = dark;
    this.fixed[r]![c] = true;
  }

  private drawFunctionPatterns(): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      this.set(6, i, i % 2 === 0);
      this.set(i, 6, i % 2 === 0);
    }
    for (const [r0, c0] of [[0, 0], [0, n - 7], [n - 7, 0]] as const) {
      for (let dr = -1; dr <= 7; dr++) {
        for (let dc = -1; dc <= 7; dc++) {
          const r = r0 + dr;
          const c = c0 + dc;
          if (r < 0 || c < 0 || r >= n || c >= n) continue;
          const ring = Math.max(Math.abs(dr - 3), Math.abs(dc - 3));
          this.set(r, c, ring !== 2 && ring !== 4);
        }
      }
    }
    const centres = ALIGNMENT[this.version]!;
    for (const r of centres) {
      for (const c of centres) {
        if ((r === 6 && c === 6) || (r === 6 && c === n - 7) || (r === n - 7 && c === 6)) continue;
        for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) this.set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
      }
    }
    this.drawFormat(0); // reserves the areas; redrawn with the chosen mask
    if (this.version >= 7) {
      const bits = versionBits(this.version);
      for (let i = 0; i < 18; i++) {
        const a = n - 11 + (i % 3);
        const b = Math.floor(i / 3);
        this.set(b, a, bit(bits, i));
        this.set(a, b, bit(bits, i));
      }
    }
  }

  drawFormat(mask: number): void {
    const n = this.size;
    const bits = formatBits(mask);
    for (let i = 0; i <= 5; i++) this.set(i, 8, bit(bits, i));
    this.set(7, 8, bit(bits, 6));
    this.set(8, 8, bit(bits, 7));
    this.set(8, 7, bit(bits, 8));
    for (let i = 9; i < 15; i++) this.set(8, 14 - i, bit(bits, i));
    for (let i = 0; i < 8; i++) this.set(8, n - 1 - i, bit(bits, i));
    for (let i = 8; i < 15; i++) this.set(n - 15 + i, 8, bit(bits, i));
    this.set(n - 8, 8, true);
  }

  placeData(codewords: number[]): void {
    const n = this.size;
    let i = 0;
    for (let right = n - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      const upward = ((right + 1) & 2) === 0;
      for (let vert = 0; vert < n; vert++) {
        const r = upward ? n - 1 - vert : vert;
        for (let j = 0; j < 2; j++) {
          const c = right - j;
          if (this.fixed[r]![c] || i >= codewords.length * 8) continue;
          this.dark[r]![c] = bit(codewords[i >>> 3]!, 7 - (i & 7));
          i++;
        }
      }
    }
  }

  applyMask(mask: number): void {
    const f = MASKS[mask]!;
    for (let r = 0; r < this.size; r++) for (let c = 0; c < this.size; c++) if (!this.fixed[r]![c] && f(r, c)) this.dark[r]![c] = !this.dark[r]![c];
  }
}

/** The standard's four penalty rules (lower is better). */
export function penalty(m: boolean[][]): number {
  const n = m.length;
  let score = 0;
  const lines: boolean[][] = [...m, ...m.map((_, c) => m.map((row) => row[c]!))];
  const finderLike = [true, false, true, true, true, false, true];
  for (const line of lines) {
    for (let i = 0, run = 1; i < n; i++, run++) {
      if (i === n - 1 || line[i] !== line[i + 1]) {
        if (run >= 5) score += 3 + run - 5;
        run = 0;
      }
    }
    for (let i = 0; i + 7 <= n; i++) {
      if (!finderLike.every((v, k) => line[i + k] === v)) continue;
      const lightBefore = i >= 4 && [1, 2, 3, 4].every((k) => !line[i - k]);
      const lightAfter = i + 11 <= n && [0, 1, 2, 3].every((k) => !line[i + 7 + k]);
      if (lightBefore) score += 40;
      if (lightAfter) score += 40;
    }
  }
  for (let r = 0; r + 1 < n; r++) {
    for (let c = 0; c + 1 < n; c++) {
      const v = m[r]![c];
      if (m[r]![c + 1] === v && m[r + 1]![c] === v && m[r + 1]![c + 1] === v) score += 3;
    }
  }
  const dark = m.reduce((a, row) => a + row.filter(Boolean).length, 0);
  score += 10 * Math.floor(Math.abs(dark * 20 - n * n * 10) / (n * n));
  return score;
}

/** The symbol's modules (`true` = dark), rows top to bottom; `mask` forces a mask (tests). */
export function encodeQr(text: string, options: { mask?: number; minVersion?: number } = {}): boolean[][] {
  const bytes = new TextEncoder().encode(text);
  let version = Math.max(1, options.minVersion ?? 1);
  const capacity = (v: number) => M_BLOCKS[v]!.dataPerBlock.reduce((a, b) => a + b, 0) - (v < 10 ? 2 : 3);
  while (version <= QR_MAX_VERSION && bytes.length > capacity(version)) version++;
  if (version > QR_MAX_VERSION) throw new RangeError(`${bytes.length} bytes do not fit a version ${QR_MAX_VERSION}-M QR code (${capacity(QR_MAX_VERSION)} at most)`);
  const codewords = finalCodewords(dataCodewords(bytes, version), version);
  const build = (mask: number) => {
    const s = new QrSymbol(version);
    s.placeData(codewords);
    s.applyMask(mask);
    s.drawFormat(mask);
    return s.dark;
  };
  if (options.mask !== undefined) return build(options.mask);
  let best: boolean[][] | undefined;
  let bestScore = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    const m = build(mask);
    const p = penalty(m);
    if (p < bestScore) [best, bestScore] = [m, p];
  }
  return best!;
}

/** An inline SVG of the symbol with the 4-module quiet zone. */
export function qrSvg(text: string, moduleSize = 4): string {
  const m = encodeQr(text);
  const n = m.length + 8;
  const path = m.flatMap((row, r) => row.flatMap((d, c) => (d ? [`M${c + 4} ${r + 4}h1v1h-1z`] : []))).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="QR code" width="${n * moduleSize}" height="${n * moduleSize}" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
}
