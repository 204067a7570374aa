/**
 * QR codes on printed forms (issue 22): the `qrcode` library encodes (error correction M); this
 * file only draws its modules, as SVG for the HTML forms and as squares in the PDF.
 */
import QRCode from 'qrcode';

/** The modules, row by row: true is dark. */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const rows: boolean[][] = [];
  for (let y = 0; y < modules.size; y++) {
    const row: boolean[] = [];
    for (let x = 0; x < modules.size; x++) row.push(modules.get(x, y) === 1);
    rows.push(row);
  }
  return rows;
}

/** An inline SVG of the code, with a 4-module quiet zone. */
export function qrSvg(text: string, label: string): string {
  const m = qrMatrix(text);
  const size = m.length + 8;
  let path = '';
  m.forEach((row, y) => row.forEach((dark, x) => { if (dark) path += `M${x + 4} ${y + 4}h1v1h-1z`; }));
  const esc = (v: string) => v.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(label)}" viewBox="0 0 ${size} ${size}" width="132" height="132" shape-rendering="crispEdges"><rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
