/** Latency against offered load as a small standalone SVG (no chart library). */

export interface LoadPoint {
  label: string;
  /** Offered applications per second (for the closed-loop stage: what it achieved). */
  offered: number;
  achieved: number;
  p50: number;
  p95: number;
  p99: number;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Log-scale latency (ms) on y, offered load on x, one polyline per percentile. */
export function latencyChartSvg(points: readonly LoadPoint[], title: string): string {
  const W = 720, H = 420, left = 70, right = 170, top = 40, bottom = 60;
  const pw = W - left - right, ph = H - top - bottom;
  const sorted = [...points].sort((a, b) => a.offered - b.offered);
  const xMax = Math.max(1, ...sorted.map((p) => p.offered)) * 1.1;
  const values = sorted.flatMap((p) => [p.p50, p.p95, p.p99]).filter((v) => v > 0 && Number.isFinite(v));
  const yMin = 10 ** Math.floor(Math.log10(Math.max(1, Math.min(...values, 1000))));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(...values, yMin * 10)));
  const x = (v: number) => left + (v / xMax) * pw;
  const y = (v: number) => top + ph - ((Math.log10(Math.max(v, yMin)) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * ph;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  for (let d = yMin; d <= yMax; d *= 10) {
    out.push(`<line x1="${left}" x2="${left + pw}" y1="${y(d)}" y2="${y(d)}" stroke="#ddd"/>`);
    out.push(`<text x="${left - 6}" y="${y(d) + 4}" text-anchor="end">${d >= 1000 ? `${d / 1000} s` : `${d} ms`}</text>`);
  }
  out.push(`<line x1="${left}" x2="${left + pw}" y1="${y(1000)}" y2="${y(1000)}" stroke="#c00" stroke-dasharray="4 4"/>`);
  out.push(`<text x="${left + pw - 4}" y="${y(1000) - 4}" text-anchor="end" fill="#c00">target p99 &lt; 1 s at 100/s</text>`);
  const step = [1, 2, 5, 10, 25, 50, 100, 200].find((st) => xMax / st <= 10) ?? 500;
  for (let v = 0; v <= xMax; v += step) {
    out.push(`<line x1="${x(v)}" x2="${x(v)}" y1="${top}" y2="${top + ph}" stroke="#eee"/>`);
    out.push(`<text x="${x(v)}" y="${top + ph + 16}" text-anchor="middle">${v}</text>`);
  }
  out.push(`<text x="${left + pw / 2}" y="${H - 18}" text-anchor="middle">offered load (applications/s)</text>`);
  out.push(`<text x="16" y="${top + ph / 2}" transform="rotate(-90 16 ${top + ph / 2})" text-anchor="middle">submit → results ready</text>`);
  out.push(`<rect x="${left}" y="${top}" width="${pw}" height="${ph}" fill="none" stroke="#333"/>`);
  const series: [keyof LoadPoint, string][] = [['p50', '#1b7837'], ['p95', '#e08214'], ['p99', '#b2182b']];
  series.forEach(([key, colour], i) => {
    const pts = sorted.map((p) => `${x(p.offered).toFixed(1)},${y(p[key] as number).toFixed(1)}`);
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.join(' ')}"/>`);
    for (const p of sorted) out.push(`<circle cx="${x(p.offered).toFixed(1)}" cy="${y(p[key] as number).toFixed(1)}" r="3" fill="${colour}"/>`);
    out.push(`<line x1="${left + pw + 16}" x2="${left + pw + 40}" y1="${top + 12 + i * 18}" y2="${top + 12 + i * 18}" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<text x="${left + pw + 46}" y="${top + 16 + i * 18}">${key}</text>`);
  });
  sorted.forEach((p, i) => {
    out.push(`<text x="${left + pw + 16}" y="${top + 90 + i * 16}">${esc(p.label)}: ${Math.round(p.achieved)}/s done</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
