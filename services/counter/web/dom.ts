/** A few DOM helpers (no framework): elements from tags, text never parsed as HTML. */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | boolean | ((e: Event) => void)> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v === 'function') el.addEventListener(k.replace(/^on/, ''), v);
    else if (v === true) el.setAttribute(k, '');
    else if (v !== false) el.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

export const show = (parent: HTMLElement, ...children: Child[]): void => {
  parent.replaceChildren();
  for (const c of children) if (c !== null && c !== undefined && c !== false) parent.append(c instanceof Node ? c : String(c));
};

/** Asia/Ho_Chi_Minh, as Vietnamese write it: 14:30 ngày 05/12/2026. */
export const vnTime = (iso: string): string => {
  const d = new Date(iso);
  const part = (o: Intl.DateTimeFormatOptions) => d.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', ...o });
  return `${part({ hour: '2-digit', minute: '2-digit', hour12: false })} ngày ${part({ day: '2-digit', month: '2-digit', year: 'numeric' })}`;
};

// The one date wording (libs/working-calendar, pure, no Node imports), bundled in by esbuild.
export { vnDate } from '../../../libs/working-calendar/src/local-time';
