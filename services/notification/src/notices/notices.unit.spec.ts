import { exampleMessages } from '@lienthong/contracts';
import { loadTemplates, vietnameseDateTime } from '../templates/templates';
import { type NoticeContext, type NoticeFact, noticeFor, recipientOf } from './notices';

const ctx: NoticeContext = { templates: loadTemplates(), citizenPageUrl: 'https://dichvucong.example.vn/tra-cuu', supplementDays: 30 };
const submitted = exampleMessages.ApplicationSubmitted as unknown as Extract<NoticeFact, { type: 'ApplicationSubmitted' }>['data'];
const withEmail = recipientOf({ ...submitted, requester: { ...submitted.requester, email: 'binh@example.vn' } });
const smsOnly = recipientOf(submitted);
const fact = <T extends NoticeFact['type']>(type: T, data: unknown = exampleMessages[type]) => ({ type, data }) as Extract<NoticeFact, { type: T }>;
const PERSONAL_ID = /\d{12}/;

describe('notices to the requester', () => {
  it('given a submitted application with an e-mail address, the receipt goes by e-mail with the dossier code, the due date in Vietnam time and the citizen page', () => {
    const n = noticeFor(fact('ApplicationSubmitted', submitted), withEmail, ctx);
    expect(n).toMatchObject({ kind: 'receipt', channel: 'email', address: 'binh@example.vn' });
    expect(n.subject).toBe(`Đã tiếp nhận hồ sơ ${submitted.dossierCode}`);
    expect(n.body).toContain(`Mã hồ sơ: ${submitted.dossierCode}`);
    expect(n.body).toContain(`Ngày hẹn trả kết quả: ${vietnameseDateTime(submitted.dueAt)}`);
    expect(n.body).toContain(ctx.citizenPageUrl);
    expect(n.body).toContain('3 trong 1');
  });

  it('given no e-mail address, the receipt goes by SMS to the phone, without diacritics', () => {
    const n = noticeFor(fact('ApplicationSubmitted', submitted), smsOnly, ctx);
    expect(n).toMatchObject({ kind: 'receipt', channel: 'sms', address: '0912345678' });
    expect(n.body).toMatch(/^Da tiep nhan ho so /);
    expect(n.body.normalize('NFD')).toBe(n.body);
  });

  it('given the requester chose SMS at the counter, notices go by SMS even with an e-mail address; chose e-mail, by e-mail', () => {
    const choseSms = recipientOf({ ...submitted, requester: { ...submitted.requester, email: 'binh@example.vn', notifyBy: 'sms' } });
    expect(noticeFor(fact('ApplicationSubmitted', submitted), choseSms, ctx)).toMatchObject({ channel: 'sms', address: '0912345678' });
    const choseEmail = recipientOf({ ...submitted, requester: { ...submitted.requester, email: 'binh@example.vn', notifyBy: 'email' } });
    expect(noticeFor(fact('ApplicationSubmitted', submitted), choseEmail, ctx)).toMatchObject({ channel: 'email', address: 'binh@example.vn' });
  });

  it('a supplement request names what is missing, the procedure and the date to supplement by', () => {
    const data = { ...(exampleMessages.ProcedureSupplementRequested as { missing: { code: string; description: string }[] }), requestedAt: '2026-12-01T03:00:00.000Z' };
    const n = noticeFor(fact('ProcedureSupplementRequested', data), withEmail, ctx);
    expect(n.kind).toBe('supplement-requested');
    expect(n.body).toContain('bổ sung trước ngày 31/12/2026');
    for (const m of data.missing) expect(n.body).toContain(ctx.templates.words.missing[m.code] ?? m.description);
    const mismatch = { ...data, missing: [{ code: 'identity-mismatch:deceased.dateOfBirth', description: 'deceased.dateOfBirth differs from the civil-status registry' }] };
    expect(noticeFor(fact('ProcedureSupplementRequested', mismatch), withEmail, ctx).body).toContain('- Ngày sinh của người chết khác với Cơ sở dữ liệu hộ tịch');
  });

  it('results ready lists each procedure in Vietnamese, with the extract number, and says where to collect', () => {
    const n = noticeFor(fact('ApplicationCompleted'), { ...withEmail, returnMethod: 'counter' }, ctx);
    expect(n.kind).toBe('results-ready');
    expect(n.body).toContain('Đăng ký khai tử: đã giải quyết (trích lục khai tử số 123/2026/TLKT)');
    expect(n.body).toContain(`đến nhận kết quả tại ${withEmail.receivingUnit}`);
  });

  it('a refusal gives the reasons in Vietnamese; an apology the new date; a withdrawal its time', () => {
    expect(noticeFor(fact('ApplicationRefused'), withEmail, ctx).body).toContain('người chết đã được đăng ký khai tử trước đây');
    const overdue = exampleMessages.ApplicationOverdue as { newDueAt: string };
    expect(noticeFor(fact('ApplicationOverdue'), withEmail, ctx).body).toContain(`hẹn trả kết quả vào ${vietnameseDateTime(overdue.newDueAt)}`);
    expect(noticeFor(fact('ApplicationWithdrawn'), withEmail, ctx).kind).toBe('withdrawal');
  });

  it('no notice carries a personal id, though the facts do', () => {
    expect(JSON.stringify(submitted)).toMatch(PERSONAL_ID);
    const facts = [fact('ApplicationSubmitted', submitted), fact('ProcedureSupplementRequested'), fact('ApplicationCompleted'), fact('ApplicationPartlyCompleted'), fact('ApplicationRefused'), fact('ApplicationOverdue'), fact('ApplicationWithdrawn')];
    for (const f of facts) for (const r of [withEmail, smsOnly]) {
      const n = noticeFor(f, r, ctx);
      expect(n.subject + n.body).not.toMatch(PERSONAL_ID);
    }
  });

  it('writes times as Vietnamese do, in Asia/Ho_Chi_Minh', () => {
    expect(vietnameseDateTime('2026-12-04T15:01:56Z')).toBe('22:01 ngày 04/12/2026');
  });
});
