import { readFileSync } from 'node:fs';
import reviewed from './templates.vi.json';

/** What the requester is told about (issue 23); one template each, in templates.vi.json. */
export const NoticeKinds = ['receipt', 'supplement-requested', 'results-ready', 'apology', 'refusal', 'withdrawal'] as const;
export type NoticeKind = (typeof NoticeKinds)[number];

export interface Template {
  subject: string;
  email: string;
  sms: string;
}

/** The Vietnamese words the notices are made of: the texts, and the names of codes they mention. */
export interface Templates {
  notices: Readonly<Record<NoticeKind, Template>>;
  words: {
    bundles: Readonly<Record<string, string>>;
    procedures: Readonly<Record<string, string>>;
    outcomes: Readonly<Record<string, string>>;
    returnMethods: Readonly<Record<string, string>>;
    /** Reason codes in Vietnamese; a code not listed is told in the agency's own words. */
    reasons: Readonly<Record<string, string>>;
    /** Codes of missing items in Vietnamese; a code not listed is told in the officer's own words. */
    missing: Readonly<Record<string, string>>;
  };
}

const PLACEHOLDER = /\{\{([A-Za-z]+)\}\}/g;

/**
 * Loads and checks the templates: the reviewed ones shipped with the service, or a file
 * (NOTIFY_TEMPLATES_FILE) of the same shape. Every kind with its three texts, every word list;
 * a bad file stops the service.
 */
export function loadTemplates(file?: string): Templates {
  const raw = (file ? JSON.parse(readFileSync(file, 'utf8')) : reviewed) as Partial<Templates>;
  file ??= 'templates.vi.json';
  for (const kind of NoticeKinds) {
    const t = raw.notices?.[kind];
    for (const part of ['subject', 'email', 'sms'] as const) {
      if (typeof t?.[part] !== 'string' || t[part] === '') throw new Error(`${file}: "notices.${kind}.${part}" is missing`);
    }
  }
  for (const list of ['bundles', 'procedures', 'outcomes', 'returnMethods', 'reasons', 'missing'] as const) {
    if (typeof raw.words?.[list] !== 'object') throw new Error(`${file}: "words.${list}" is missing`);
  }
  return raw as Templates;
}

/** `{{name}}` → the value; a placeholder without a value is a bug in the caller, never sent blank. */
export function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for {{${name}}}`);
    return value;
  });
}

/**
 * SMS go without diacritics (GSM 7-bit: 160 characters a part instead of 70), as Vietnamese
 * operators' and agencies' SMS do.
 */
export const withoutDiacritics = (text: string): string =>
  text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

const HCM = 'Asia/Ho_Chi_Minh';

/** "08/12/2026" in Vietnam's time. */
export function vietnameseDate(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: HCM, day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')}`;
}

/** "17:00 ngày 08/12/2026", in Vietnam's time, as Vietnamese write it. */
export function vietnameseDateTime(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: HCM, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('hour')}:${part('minute')} ngày ${vietnameseDate(iso)}`;
}

/** 10000000 → "10.000.000 đồng". */
export const vnd = (value: number): string => `${value.toLocaleString('de-DE')} đồng`;
