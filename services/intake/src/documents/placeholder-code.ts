import { createHash } from 'node:crypto';

/**
 * NOT a QR code. No QR library is installed and no encoder has been written yet (README,
 * "Not done"): this draws a 21×21 data-matrix-like pattern derived from the content's SHA-256,
 * with finder squares in three corners, so the receipt's layout is final. It cannot be
 * scanned; the content it stands for is printed beside it and carried in `codeContent`.
 */
export function placeholderCodeSvg(content: string, moduleSize = 4): string {
  const n = 21;
  const bits = createHash('sha256').update(content).digest();
  const dark = (x: number, y: number): boolean => {
    const finder = (fx: number, fy: number) => {
      const dx = x - fx;
      const dy = y - fy;
      if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return undefined;
      const ring = Math.max(Math.abs(dx - 3), Math.abs(dy - 3));
      return ring !== 2;
    };
    const f = finder(0, 0) ?? finder(n - 7, 0) ?? finder(0, n - 7);
    if (f !== undefined) return f;
    const i = y * n + x;
    return ((bits[i % bits.length]! >> (i % 8)) & 1) === 1;
  };
  const rects: string[] = [];
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (dark(x, y)) rects.push(`<rect x="${x + 2}" y="${y + 2}" width="1" height="1"/>`);
  const size = (n + 4) * moduleSize;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="placeholder code (not a QR code)" width="${size}" height="${size}" viewBox="0 0 ${n + 4} ${n + 4}" shape-rendering="crispEdges"><rect width="100%" height="100%" fill="#fff"/><g fill="#000">${rects.join('')}</g></svg>`;
}
