import type { MissingItem, ProcedureCode, Reason } from '@lienthong/contracts';
import { localDate } from '@lienthong/working-calendar';
import type { ApplicationEvent } from '../domain/application.events';
import { type FormKind, formSetOn } from './form-sets';
import { ChannelWords, type LetterBlock, blocksHtml, esc, page, printedTime, ProcedureTitles } from './forms';

/**
 * Mẫu 02, 03, 05 and 06 (Circular 03/2025 numbering; the apology letter Mẫu 04 and the receipt
 * Mẫu 01 are in forms.ts), built only from the application's event trail: what the counter
 * received and what routing reported of every agency. Pure: the same trail prints the same form.
 */
export interface FormHeader {
  kind: FormKind;
  form: string;
  title: string;
  circular: string;
  dossierCode: string;
  receivingUnit: string;
  requesterName: string;
}

export interface SupplementRequestForm extends FormHeader {
  kind: 'supplement-request';
  requests: { procedure: ProcedureCode; procedureTitle: string; supplementRequestId: string; missing: MissingItem[]; requestedAt: string; providedAt?: string }[];
}
export interface RefusalForm extends FormHeader {
  kind: 'refusal';
  refusals: { procedure: ProcedureCode; procedureTitle: string; reasons: Reason[]; refusedAt: string }[];
}
export interface StopNoticeForm extends FormHeader {
  kind: 'stop-notice';
  reason: string;
  requestedAt: string;
  confirmedAt?: string;
  stopped: { procedure: ProcedureCode; procedureTitle: string }[];
  finished: { procedure: ProcedureCode; procedureTitle: string; outcome: string }[];
}
export interface ControlSheetRow {
  at: string;
  step: string;
  procedure?: ProcedureCode;
  from: string;
  to: string;
  dueAt?: string;
  /** For a procedure's end: whether it ended by its due date. */
  onTime?: boolean;
}
export interface ControlSheetForm extends FormHeader {
  kind: 'control-sheet';
  receivedAt: string;
  dueAt: string;
  rows: ControlSheetRow[];
}
export type TrailForm = SupplementRequestForm | RefusalForm | StopNoticeForm | ControlSheetForm;

const COUNTER = 'Bộ phận một cửa';
const REQUESTER = 'Người yêu cầu';

/** Every trail form this application has material for, oldest event first; the set of its date of receipt. */
export function trailForms(events: readonly ApplicationEvent[]): TrailForm[] {
  const first = events[0];
  if (first?.type !== 'ApplicationSubmitted') return [];
  const s = first.data;
  const set = formSetOn(localDate(s.submittedAt));
  const header = (kind: FormKind): FormHeader | undefined => {
    const f = set.forms[kind];
    return f && { kind, form: f.number, title: f.title, circular: set.circular, dossierCode: s.dossierCode, receivingUnit: s.receivingUnit, requesterName: s.requester.fullName };
  };
  const title = (p: ProcedureCode) => ProcedureTitles[p];
  const agencyOf = new Map<ProcedureCode, string>();
  const dueOf = new Map<ProcedureCode, string>();
  const requests: SupplementRequestForm['requests'] = [];
  const refusals: RefusalForm['refusals'] = [];
  const ended = new Map<ProcedureCode, string>();
  let withdrawal: { reason: string; requestedAt: string; confirmedAt?: string } | undefined;
  const rows: ControlSheetRow[] = [{ at: s.submittedAt, step: `Tiếp nhận hồ sơ ${ChannelWords[s.channel] ?? s.channel}`, from: REQUESTER, to: `${COUNTER} ${s.receivingUnit}`, dueAt: s.dueAt }];
  for (const e of events) {
    switch (e.type) {
      case 'ProcedureStarted':
        agencyOf.set(e.data.procedure, e.data.agency);
        dueOf.set(e.data.procedure, e.data.dueAt);
        rows.push({ at: e.data.startedAt, step: 'Chuyển hồ sơ giải quyết', procedure: e.data.procedure, from: COUNTER, to: e.data.agency, dueAt: e.data.dueAt });
        break;
      case 'SupplementRequested':
        requests.push({ procedure: e.data.procedure, procedureTitle: title(e.data.procedure), supplementRequestId: e.data.supplementRequestId, missing: e.data.missing, requestedAt: e.data.requestedAt });
        rows.push({ at: e.data.requestedAt, step: 'Yêu cầu bổ sung hồ sơ', procedure: e.data.procedure, from: agencyOf.get(e.data.procedure) ?? '', to: REQUESTER });
        break;
      case 'SupplementProvided': {
        const open = requests.find((r) => r.supplementRequestId === e.data.supplementRequestId);
        if (open) open.providedAt = e.data.providedAt;
        rows.push({ at: e.data.providedAt, step: 'Nhận hồ sơ bổ sung', procedure: e.data.procedure, from: REQUESTER, to: agencyOf.get(e.data.procedure) ?? COUNTER });
        break;
      }
      case 'ProcedureClockRestarted':
        dueOf.set(e.data.procedure, e.data.dueAt);
        break;
      case 'ProcedureLate':
        rows.push({ at: e.data.detectedAt, step: `Quá hạn: ${e.data.reason}`, procedure: e.data.procedure, from: agencyOf.get(e.data.procedure) ?? '', to: COUNTER, dueAt: e.data.newDueAt });
        break;
      case 'ProcedureEnded': {
        const { procedure, outcome, reasons, endedAt } = e.data;
        ended.set(procedure, outcome);
        if (outcome === 'refused') refusals.push({ procedure, procedureTitle: title(procedure), reasons: reasons ?? [], refusedAt: endedAt });
        const due = dueOf.get(procedure);
        rows.push({
          at: endedAt, step: `Kết thúc: ${outcome}`, procedure, from: agencyOf.get(procedure) ?? '', to: COUNTER,
          ...(due ? { dueAt: due, onTime: endedAt <= due } : {}),
        });
        break;
      }
      case 'ApologyLetterIssued':
        rows.push({ at: e.data.issuedAt, step: `Phiếu xin lỗi số ${e.data.letterNumber}`, from: COUNTER, to: REQUESTER, dueAt: e.data.newDueAt });
        break;
      case 'ApplicationWithdrawn':
        withdrawal = { reason: e.data.reason, requestedAt: e.data.withdrawnAt };
        rows.push({ at: e.data.withdrawnAt, step: 'Đề nghị rút hồ sơ', from: REQUESTER, to: COUNTER });
        break;
      case 'WithdrawalConfirmed':
        if (withdrawal) withdrawal.confirmedAt = e.data.confirmedAt;
        rows.push({ at: e.data.confirmedAt, step: 'Dừng giải quyết hồ sơ', from: COUNTER, to: REQUESTER });
        break;
      case 'ResultsReady':
        // Routing may report a procedure's end only in the final outcomes.
        for (const o of e.data.outcomes) {
          if (!ended.has(o.procedure)) ended.set(o.procedure, o.status);
          if (o.status === 'refused' && !refusals.some((r) => r.procedure === o.procedure)) {
            refusals.push({ procedure: o.procedure, procedureTitle: title(o.procedure), reasons: o.reasons ?? [], refusedAt: e.data.readyAt });
          }
        }
        rows.push({ at: e.data.readyAt, step: `Có kết quả: ${e.data.outcome}`, from: COUNTER, to: COUNTER, dueAt: s.dueAt, onTime: e.data.readyAt <= s.dueAt });
        break;
      case 'ResultsHandedOver':
        rows.push({ at: e.data.handedOverAt, step: `Trả kết quả (${e.data.method})`, from: COUNTER, to: REQUESTER });
        break;
      default:
        break;
    }
  }
  const forms: TrailForm[] = [];
  const h02 = header('supplement-request');
  if (h02 && requests.length > 0) forms.push({ ...h02, kind: 'supplement-request', requests });
  const h03 = header('refusal');
  if (h03 && refusals.length > 0) forms.push({ ...h03, kind: 'refusal', refusals });
  const h05 = header('stop-notice');
  if (h05 && withdrawal) {
    const procedures = [...new Set([...agencyOf.keys(), ...ended.keys()])];
    forms.push({
      ...h05, kind: 'stop-notice', ...withdrawal,
      stopped: procedures.filter((p) => ended.get(p) === undefined || ended.get(p) === 'cancelled').map((p) => ({ procedure: p, procedureTitle: title(p) })),
      finished: procedures.filter((p) => ended.has(p) && ended.get(p) !== 'cancelled').map((p) => ({ procedure: p, procedureTitle: title(p), outcome: ended.get(p)! })),
    });
  }
  const h06 = header('control-sheet');
  if (h06) forms.push({ ...h06, kind: 'control-sheet', receivedAt: s.submittedAt, dueAt: s.dueAt, rows: rows.sort((a, b) => a.at.localeCompare(b.at)) });
  return forms;
}

const head = (f: FormHeader) => `<p>${esc(f.form)} (${esc(f.circular)})</p>
<h1>${esc(f.title.toUpperCase())}</h1>
<p>Mã hồ sơ: <strong>${esc(f.dossierCode)}</strong> — ${esc(f.receivingUnit)}</p>`;

/** How a finished procedure ended, in the requester's words (the stop notice lists them). */
const OUTCOME_WORDS: Readonly<Record<string, string>> = { completed: 'đã có kết quả', 'not-applicable': 'không thuộc diện giải quyết', refused: 'từ chối', cancelled: 'đã dừng' };

/** The letters to the requester among the trail forms (Mẫu 02, 03, 05; the control sheet is the office's). */
export type TrailLetter = SupplementRequestForm | RefusalForm | StopNoticeForm;

/** Their words, addressed to the requester: printed (trailFormHtml) and shown on the citizen page. */
export function trailLetterBlocks(f: TrailLetter): LetterBlock[] {
  const to = { text: `Kính gửi: ${f.requesterName}` };
  switch (f.kind) {
    case 'supplement-request':
      return [to, ...f.requests.flatMap((r) => [
        { text: `Thủ tục: ${r.procedureTitle} — yêu cầu lúc ${printedTime(r.requestedAt)}. Đề nghị bổ sung, hoàn thiện:`, items: r.missing.map((m) => m.description) },
        { text: r.providedAt ? `Đã nhận bổ sung lúc ${printedTime(r.providedAt)}.` : 'Chưa nhận bổ sung.' },
      ])];
    case 'refusal':
      return [to, ...f.refusals.map((r) => ({ text: `Thủ tục: ${r.procedureTitle} — từ chối lúc ${printedTime(r.refusedAt)}. Lý do:`, items: r.reasons.map((x) => x.message) }))];
    case 'stop-notice':
      return [
        to,
        { text: `Theo đề nghị lúc ${printedTime(f.requestedAt)} (lý do: ${f.reason}), hồ sơ dừng giải quyết${f.confirmedAt ? ` từ ${printedTime(f.confirmedAt)}` : ''}.` },
        ...(f.stopped.length > 0 ? [{ text: 'Thủ tục dừng giải quyết:', items: f.stopped.map((p) => p.procedureTitle) }] : []),
        ...(f.finished.length > 0 ? [{ text: 'Thủ tục đã có kết quả (kết quả vẫn có giá trị):', items: f.finished.map((p) => `${p.procedureTitle} (${OUTCOME_WORDS[p.outcome] ?? p.outcome})`) }] : []),
      ];
    default: {
      const unreachable: never = f;
      throw new Error(`unknown letter ${JSON.stringify(unreachable)}`);
    }
  }
}

export function trailFormHtml(f: TrailForm): string {
  switch (f.kind) {
    case 'supplement-request':
    case 'refusal':
    case 'stop-notice':
      return page(`${f.form} ${f.dossierCode}`, `${head(f)}${blocksHtml(trailLetterBlocks(f))}`);
    case 'control-sheet':
      return page(`${f.form} ${f.dossierCode}`, `${head(f)}
<p>Tiếp nhận: ${esc(printedTime(f.receivedAt))}; hẹn trả kết quả: ${esc(printedTime(f.dueAt))}</p>
<table><tr><th>Thời gian</th><th>Bước</th><th>Thủ tục</th><th>Bên giao</th><th>Bên nhận</th><th>Hạn</th><th>Đúng hạn</th></tr>${f.rows
        .map((r) => `<tr><td>${esc(printedTime(r.at))}</td><td>${esc(r.step)}</td><td>${r.procedure ? esc(ProcedureTitles[r.procedure]) : ''}</td><td>${esc(r.from)}</td><td>${esc(r.to)}</td><td>${r.dueAt ? esc(printedTime(r.dueAt)) : ''}</td><td>${r.onTime === undefined ? '' : r.onTime ? 'Đúng hạn' : 'Quá hạn'}</td></tr>`)
        .join('')}</table>`);
    default: {
      const unreachable: never = f;
      throw new Error(`unknown form ${JSON.stringify(unreachable)}`);
    }
  }
}
