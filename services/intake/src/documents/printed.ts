import type { Response } from 'express';
import type { Actor } from '@lienthong/platform';
import { DEFAULT_CITIZEN_PAGE_URL, type IntakeConfig } from '../config';
import type { PrintContext } from './forms';
import type { UnitNames } from './units';

/** A form in its three shapes: data, printable HTML and PDF. */
export interface Printed {
  json: unknown;
  html: () => string;
  pdf: () => Promise<Buffer>;
}

/** `?format=` wins; else the Accept header (text/html, application/pdf); else JSON. */
export function formatOf(accept: string | undefined, format: string | undefined): 'json' | 'html' | 'pdf' {
  if (format === 'html' || format === 'pdf' || format === 'json') return format;
  if (format === undefined && /\bapplication\/pdf\b/.test(accept ?? '')) return 'pdf';
  if (format === undefined && /\btext\/html\b/.test(accept ?? '')) return 'html';
  return 'json';
}

/** Where the receipt's QR code points, and the printing officer's name from their token. */
export const printContext = (config: IntakeConfig, actor: Actor, unitNames: UnitNames): PrintContext => ({
  citizenPageUrl: config.INTAKE_CITIZEN_PAGE_URL ?? DEFAULT_CITIZEN_PAGE_URL,
  unitNames,
  ...(actor.principal.name ? { officerName: actor.principal.name } : {}),
});

export async function respondPrinted(res: Response, format: 'json' | 'html' | 'pdf', printed: Printed, fileName: string): Promise<unknown> {
  if (format === 'json') return printed.json;
  if (format === 'html') {
    res.type('text/html; charset=utf-8');
    return printed.html();
  }
  const pdf = await printed.pdf();
  res.type('application/pdf');
  res.setHeader('content-disposition', `inline; filename="${fileName.replace(/[^\w.-]/g, '_')}.pdf"`);
  res.send(pdf);
  return undefined;
}
