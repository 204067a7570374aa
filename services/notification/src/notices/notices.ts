import type {
  ApplicationCompleted,
  ApplicationOverdue,
  ApplicationPartlyCompleted,
  ApplicationRefused,
  ApplicationSubmitted,
  ApplicationWithdrawn,
  ProcedureOutcome,
  ProcedureSupplementRequested,
} from '@lienthong/contracts';
import { type NoticeKind, type Templates, fill, vietnameseDate, vietnameseDateTime, vnd, withoutDiacritics } from '../templates/templates';

/**
 * Who is told, learnt once from ApplicationSubmitted. Only what a notice needs: no personal id,
 * no address (ADR 0902).
 */
export interface Recipient {
  applicationId: string;
  dossierCode: string;
  requesterName: string;
  email: string | null;
  phone: string;
  /** The channel the requester chose at the counter (absent in recipients stored before it existed). */
  notifyBy?: Channel;
  bundle: string;
  receivingUnit: string;
  returnMethod: string;
}

export const recipientOf = (s: ApplicationSubmitted): Recipient => ({
  applicationId: s.applicationId,
  dossierCode: s.dossierCode,
  requesterName: s.requester.fullName,
  email: s.requester.email ?? null,
  phone: s.requester.phone,
  ...(s.requester.notifyBy ? { notifyBy: s.requester.notifyBy } : {}),
  bundle: s.bundle,
  receivingUnit: s.receivingUnit,
  returnMethod: s.returnMethod,
});

/** The facts the requester is told about (issue 23). */
export type NoticeFact =
  | { type: 'ApplicationSubmitted'; data: ApplicationSubmitted }
  | { type: 'ProcedureSupplementRequested'; data: ProcedureSupplementRequested }
  | { type: 'ApplicationCompleted'; data: ApplicationCompleted }
  | { type: 'ApplicationPartlyCompleted'; data: ApplicationPartlyCompleted }
  | { type: 'ApplicationRefused'; data: ApplicationRefused }
  | { type: 'ApplicationOverdue'; data: ApplicationOverdue }
  | { type: 'ApplicationWithdrawn'; data: ApplicationWithdrawn };

export type Channel = 'email' | 'sms';

/** One message to one address, ready to send. */
export interface Notice {
  kind: NoticeKind;
  channel: Channel;
  address: string;
  subject: string;
  body: string;
}

export interface NoticeContext {
  templates: Templates;
  /** The citizen page where a dossier code is looked up. */
  citizenPageUrl: string;
  /** Calendar days the requester is given to supplement (our rule, ADR 0902). */
  supplementDays: number;
}

/**
 * The channel the requester chose (`notifyBy`); without a choice, our rule (ADR 1001): e-mail
 * when the requester gave an address, SMS to their phone otherwise.
 */
export const channelOf = (r: Recipient): { channel: Channel; address: string } =>
  r.notifyBy === 'sms' || !r.email ? { channel: 'sms', address: r.phone } : { channel: 'email', address: r.email };

const lines = (items: string[]): string => items.map((i) => `- ${i}`).join('\n');

function outcomeLine(o: ProcedureOutcome, ctx: NoticeContext): string {
  const { procedures, outcomes, reasons } = ctx.templates.words;
  const facts: string[] = [];
  if (o.result?.deathExtractNumber) facts.push(`trích lục khai tử số ${o.result.deathExtractNumber}`);
  if (o.result?.amount) facts.push(`số tiền ${vnd(o.result.amount.value)}`);
  for (const r of o.reasons ?? []) facts.push(reasons[r.code] ?? r.message);
  return `${procedures[o.procedure] ?? o.procedure}: ${outcomes[o.status] ?? o.status}${facts.length ? ` (${facts.join('; ')})` : ''}`;
}

/** The kind of notice a fact calls for and the values its template is filled with. */
export function valuesFor(fact: NoticeFact, r: Recipient, ctx: NoticeContext): { kind: NoticeKind; values: Record<string, string> } {
  const { words } = ctx.templates;
  const base = {
    requesterName: r.requesterName,
    dossierCode: r.dossierCode,
    receivingUnit: r.receivingUnit,
    citizenPageUrl: ctx.citizenPageUrl,
  };
  switch (fact.type) {
    case 'ApplicationSubmitted':
      return { kind: 'receipt', values: { ...base, bundleName: words.bundles[r.bundle] ?? r.bundle, dueAt: vietnameseDateTime(fact.data.dueAt) } };
    case 'ProcedureSupplementRequested': {
      const by = new Date(Date.parse(fact.data.requestedAt) + ctx.supplementDays * 86_400_000).toISOString();
      return {
        kind: 'supplement-requested',
        values: {
          ...base,
          procedureName: words.procedures[fact.data.procedure] ?? fact.data.procedure,
          missingList: lines(fact.data.missing.map((m) => words.missing[m.code] ?? m.description)),
          supplementBy: vietnameseDate(by),
        },
      };
    }
    case 'ApplicationCompleted':
    case 'ApplicationPartlyCompleted': {
      const instruction = fill(words.returnMethods[r.returnMethod] ?? words.returnMethods.counter, base);
      return {
        kind: 'results-ready',
        values: { ...base, outcomeList: lines(fact.data.outcomes.map((o) => outcomeLine(o, ctx))), returnInstruction: instruction, returnInstructionShort: instruction },
      };
    }
    case 'ApplicationRefused':
      return { kind: 'refusal', values: { ...base, reasonList: lines(fact.data.reasons.map((x) => words.reasons[x.code] ?? x.message)) } };
    case 'ApplicationOverdue':
      return { kind: 'apology', values: { ...base, dueAt: vietnameseDateTime(fact.data.dueAt), newDueAt: vietnameseDateTime(fact.data.newDueAt), reason: fact.data.reason } };
    case 'ApplicationWithdrawn':
      return { kind: 'withdrawal', values: { ...base, withdrawnAt: vietnameseDateTime(fact.data.withdrawnAt) } };
    default: {
      const unreachable: never = fact;
      throw new Error(`no notice for ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The notice a fact produces for its recipient, on the recipient's channel. */
export function noticeFor(fact: NoticeFact, r: Recipient, ctx: NoticeContext): Notice {
  const { kind, values } = valuesFor(fact, r, ctx);
  const template = ctx.templates.notices[kind];
  const { channel, address } = channelOf(r);
  const subject = fill(template.subject, values);
  const body = channel === 'email' ? fill(template.email, values) : withoutDiacritics(fill(template.sms, values));
  return { kind, channel, address, subject, body };
}
