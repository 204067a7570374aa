import type { ApplicationEvent } from '../domain/application.events';
import { applicationId, dueAt, submitted } from '../domain/fixtures';
import { applicationView } from '../status/application.view';
import { formSetOn } from './form-sets';
import { lettersHtml, lettersOf } from './forms';
import { requesterLetters } from './requester-letters';
import { type ControlSheetForm, trailFormHtml, trailForms } from './trail-forms';

// Issue 20 item 4 (docs/adr/0405): every form from the event trail, Circular 03/2025 numbering.
const at = (h: number) => new Date(Date.parse('2026-11-23T02:15:00.000Z') + h * 3_600_000).toISOString();
const started = (procedure: 'death-registration' | 'residence-deregistration' | 'funeral-allowance', agency: string, due: string): ApplicationEvent => ({
  type: 'ProcedureStarted', data: { procedure, agency, dueAt: due, startedAt: at(0.1) },
});
const supplementId = '6f2c1a5e-1b1d-4a3a-9a57-2f0c6e7d1a02';
const asked: ApplicationEvent = {
  type: 'SupplementRequested',
  data: { procedure: 'death-registration', supplementRequestId: supplementId, missing: [{ code: 'identity-mismatch:deceased.dateOfBirth', description: 'Ngày sinh của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch (cùng số định danh cá nhân): đề nghị sửa lại cho đúng, hoặc nộp giấy tờ chứng minh (thẻ căn cước, trích lục khai sinh).' }], requestedAt: at(1) },
};
const provided: ApplicationEvent = {
  type: 'SupplementProvided', data: { applicationId, procedure: 'death-registration', supplementRequestId: supplementId, documents: [], note: 'CCCD', providedAt: at(2) },
};
const ended = (procedure: 'death-registration' | 'residence-deregistration' | 'funeral-allowance', outcome: 'completed' | 'refused' | 'cancelled', endedAt: string, reasons?: { code: string; message: string }[]): ApplicationEvent => ({
  type: 'ProcedureEnded', data: { procedure, outcome, ...(reasons ? { reasons } : {}), endedAt },
});
const kinds = (events: ApplicationEvent[]) => trailForms(events).map((f) => `${f.form} ${f.kind}`);

describe('forms from the event trail', () => {
  const deathDue = '2026-11-23T10:00:00.000Z';
  const trail: ApplicationEvent[] = [
    submitted(), started('death-registration', 'civil-status', deathDue), asked, provided, ended('death-registration', 'completed', at(3)),
    started('funeral-allowance', 'social-protection', '2026-11-26T10:00:00.000Z'),
    ended('funeral-allowance', 'refused', at(30), [{ code: 'not-a-beneficiary', message: 'Không hưởng trợ cấp xã hội hằng tháng.' }]),
  ];

  it('uses Circular 03/2025 from 2025-07-01 and Circular 01/2018 before (the set of the date of receipt)', () => {
    expect(formSetOn('2025-07-01')).toMatchObject({ circular: 'Circular 03/2025/TT-VPCP', forms: { 'control-sheet': { number: 'Mẫu 06' }, 'stop-notice': { number: 'Mẫu 05' } } });
    expect(formSetOn('2025-06-30')).toMatchObject({ circular: 'Circular 01/2018/TT-VPCP', forms: { 'control-sheet': { number: 'Mẫu 05' } } });
    expect(formSetOn('2025-06-30').forms['stop-notice']).toBeUndefined();
  });

  it('gives a control sheet (Mẫu 06) to every application, and Mẫu 02 / 03 only when there was a supplement request / refusal', () => {
    expect(kinds([submitted()])).toEqual(['Mẫu 06 control-sheet']);
    expect(kinds(trail)).toEqual(['Mẫu 02 supplement-request', 'Mẫu 03 refusal', 'Mẫu 06 control-sheet']);
  });

  it('prints the supplement request (Mẫu 02) naming what is missing and when it arrived', () => {
    const form = trailForms(trail).find((f) => f.kind === 'supplement-request')!;
    expect(form).toMatchObject({ title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', requests: [{ procedure: 'death-registration', providedAt: at(2) }] });
    // The agency's description, in Vietnamese at its source (civil-registry), as the requester reads it.
    expect(trailFormHtml(form)).toContain('Ngày sinh của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch');
  });

  it('prints the refusal (Mẫu 03) with each reason', () => {
    const form = trailForms(trail).find((f) => f.kind === 'refusal')!;
    expect(form).toMatchObject({ form: 'Mẫu 03', title: 'Phiếu từ chối tiếp nhận hồ sơ', refusals: [{ procedure: 'funeral-allowance', reasons: [{ code: 'not-a-beneficiary' }] }] });
    expect(trailFormHtml(form)).toContain('Không hưởng trợ cấp xã hội hằng tháng.');
  });

  it('takes a refusal reported only in the final outcomes into Mẫu 03', () => {
    const ready: ApplicationEvent = {
      type: 'ResultsReady',
      data: { outcome: 'partly-completed', outcomes: [{ procedure: 'funeral-allowance', status: 'refused', reasons: [{ code: 'not-a-beneficiary', message: 'Không hưởng trợ cấp' }] }], readyAt: at(5) },
    };
    expect(trailForms([submitted(), ready]).find((f) => f.kind === 'refusal')).toMatchObject({ refusals: [{ procedure: 'funeral-allowance', refusedAt: at(5) }] });
  });

  it('lists every hand-off on the control sheet (Mẫu 06), in time order, with on-time marks', () => {
    const sheet = trailForms(trail).find((f): f is ControlSheetForm => f.kind === 'control-sheet')!;
    expect(sheet.rows.map((r) => [r.step, r.from, r.to])).toEqual([
      ['Tiếp nhận hồ sơ trực tiếp tại bộ phận một cửa', 'Người yêu cầu', 'Bộ phận một cửa 000.00.31.H12'],
      ['Chuyển hồ sơ giải quyết', 'Bộ phận một cửa', 'civil-status'],
      ['Chuyển hồ sơ giải quyết', 'Bộ phận một cửa', 'social-protection'],
      ['Yêu cầu bổ sung hồ sơ', 'civil-status', 'Người yêu cầu'],
      ['Nhận hồ sơ bổ sung', 'Người yêu cầu', 'civil-status'],
      ['Kết thúc: completed', 'civil-status', 'Bộ phận một cửa'],
      ['Kết thúc: refused', 'social-protection', 'Bộ phận một cửa'],
    ]);
    expect(sheet.rows.filter((r) => r.onTime !== undefined).map((r) => r.onTime)).toEqual([true, true]);
    expect(sheet).toMatchObject({ form: 'Mẫu 06', dueAt });
    expect(trailFormHtml(sheet)).toContain('Đúng hạn');
  });

  it('issues the notice that processing stops (Mẫu 05) on withdrawal: what stopped, what stays valid', () => {
    const withdrawn: ApplicationEvent[] = [
      submitted(), started('death-registration', 'civil-status', deathDue), ended('death-registration', 'completed', at(1)),
      started('residence-deregistration', 'commune-police', '2026-11-30T10:00:00.000Z'),
      { type: 'ApplicationWithdrawn', data: { applicationId, reason: 'Gia đình tự làm thủ tục', withdrawnAt: at(2) } },
      ended('residence-deregistration', 'cancelled', at(2.5)),
      { type: 'WithdrawalConfirmed', data: { outcomes: [], confirmedAt: at(3) } },
    ];
    const notice = trailForms(withdrawn).find((f) => f.kind === 'stop-notice');
    expect(notice).toMatchObject({
      form: 'Mẫu 05', title: 'Phiếu thông báo dừng giải quyết hồ sơ', reason: 'Gia đình tự làm thủ tục', confirmedAt: at(3),
      stopped: [{ procedure: 'residence-deregistration' }], finished: [{ procedure: 'death-registration', outcome: 'completed' }],
    });
    expect(trailFormHtml(notice!)).toContain('Xóa đăng ký thường trú');
  });

  it('titles the apology letter (Mẫu 04) of 2025 as a request to extend the time limit', () => {
    const letter: ApplicationEvent = {
      type: 'ApologyLetterIssued',
      data: { letterNumber: 1, lateProcedures: ['funeral-allowance'], dueAt, newDueAt: '2026-12-02T10:00:00.000Z', reason: 'Chờ xác minh', issuedAt: '2026-11-30T11:00:00.000Z' },
    };
    const letters = lettersOf(applicationView([submitted(), letter].map((event, i) => ({ event, version: i + 1 })))!, new Map());
    expect(letters[0]).toMatchObject({ form: 'Mẫu 04', title: 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ', extensionRequested: true });
    expect(lettersHtml('x', letters)).toContain('đề nghị gia hạn thời gian giải quyết hồ sơ đến');
  });

  it('escapes what the agencies and the requester wrote', () => {
    const evil = ended('funeral-allowance', 'refused', at(1), [{ code: 'x', message: '<img src=x onerror=alert(1)>' }]);
    const form = trailForms([submitted(), evil]).find((f) => f.kind === 'refusal')!;
    expect(trailFormHtml(form)).not.toContain('<img');
  });

  it('gives the requester every letter as text, oldest first: supplement request, apology, refusal; not the control sheet', () => {
    const letter: ApplicationEvent = {
      type: 'ApologyLetterIssued',
      data: { letterNumber: 1, lateProcedures: ['funeral-allowance'], dueAt, newDueAt: '2026-12-02T10:00:00.000Z', reason: 'Chờ xác minh', issuedAt: at(20) },
    };
    const events = [...trail.slice(0, -1), letter, trail[trail.length - 1]!];
    const letters = requesterLetters(events, applicationView(events.map((event, i) => ({ event, version: i + 1 })))!, new Map());
    expect(letters.map((l) => `${l.form} ${l.kind}`)).toEqual(['Mẫu 02 supplement-request', 'Mẫu 04 apology', 'Mẫu 03 refusal']);
    expect(letters[0]!.blocks).toContainEqual(expect.objectContaining({ items: [expect.stringMatching(/^Ngày sinh của người chết trong hồ sơ khác/)] }));
    expect(letters[1]!.blocks.map((b) => b.text).join(' ')).toContain('Lý do: Chờ xác minh.');
    expect(letters[2]!.blocks).toContainEqual(expect.objectContaining({ items: ['Không hưởng trợ cấp xã hội hằng tháng.'] }));
  });
});
