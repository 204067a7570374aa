import { submitted } from '../domain/fixtures';
import type { ApplicationEvent } from '../domain/application.events';
import { applicationView } from '../status/application.view';
import { lettersHtml, lettersOf, printedTime, receiptHtml, receiptOf } from './forms';

const view = (events: ApplicationEvent[]) => applicationView(events.map((event, i) => ({ event, version: i + 1 })))!;

describe('printed forms', () => {
  it('prints local time (UTC+7)', () => expect(printedTime('2026-11-30T10:00:00.000Z')).toBe('17:00 ngày 30/11/2026'));

  it('builds the receipt (Mẫu 01) with the procedures, documents and due date; its QR holds code, procedures and due date', () => {
    const r = receiptOf(view([submitted()]));
    expect(r).toMatchObject({ form: 'Mẫu 01', dossierCode: '000.00.31.H12-261122-0001', dueAt: '2026-11-30T10:00:00.000Z', documents: [{ id: 'att-1' }] });
    expect(r.codeContent).toBe('000.00.31.H12-261122-0001|death-registration,residence-deregistration,funeral-allowance|2026-11-30T10:00:00.000Z');
    const html = receiptHtml(r);
    expect(html).toContain('Thời gian trả kết quả: 17:00 ngày 30/11/2026');
    expect(html).toContain('aria-label="QR code"');
  });

  it('escapes what the requester typed', () => {
    const s = submitted();
    const data = s.type === 'ApplicationSubmitted' ? s.data : undefined;
    const evil: ApplicationEvent = { type: 'ApplicationSubmitted', data: { ...data!, requester: { ...data!.requester, fullName: '<script>x</script>' } } };
    expect(receiptHtml(receiptOf(view([evil])))).not.toContain('<script>');
  });

  it('prints each apology letter (Mẫu 04) with the reason and the new date', () => {
    const letter: ApplicationEvent = {
      type: 'ApologyLetterIssued',
      data: { letterNumber: 1, lateProcedures: ['funeral-allowance'], dueAt: '2026-11-30T10:00:00.000Z', newDueAt: '2026-12-02T10:00:00.000Z', reason: 'Chờ xác minh', issuedAt: '2026-11-30T11:00:00.000Z' },
    };
    const letters = lettersOf(view([submitted(), letter]));
    expect(letters).toMatchObject([{ form: 'Mẫu 04', letterNumber: 1, procedures: [{ title: 'Hỗ trợ chi phí mai táng' }] }]);
    const html = lettersHtml('000.00.31.H12-261122-0001', letters);
    expect(html).toContain('Lý do: Chờ xác minh');
    expect(html).toContain('17:00 ngày 02/12/2026');
  });
});
