import { submitted } from '../domain/fixtures';
import type { ApplicationEvent } from '../domain/application.events';
import { applicationView } from '../status/application.view';
import jsQR from 'jsqr';
import { lettersHtml, lettersOf, printedTime, receiptHtml, receiptOf } from './forms';
import { join } from 'node:path';
import { qrMatrix } from './qr-code';
import { loadUnitNames } from './units';

const PRINT = { citizenPageUrl: 'https://motcua.example.gov.vn/tra-cuu', officerName: 'Trần Thị Một Cửa', unitNames: loadUnitNames(join(__dirname, '../../dev/unit-names.development.json')) };

/** Decodes a QR matrix as a scanner would: pixels (4 per module, quiet zone) through jsQR. */
function scan(matrix: boolean[][]): string | undefined {
  const scale = 4;
  const side = (matrix.length + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  matrix.forEach((row, y) => row.forEach((dark, x) => {
    if (!dark) return;
    for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) {
      const i = (((y + 4) * scale + dy) * side + (x + 4) * scale + dx) * 4;
      pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
    }
  }));
  return jsQR(pixels, side, side)?.data;
}

const view = (events: ApplicationEvent[]) => applicationView(events.map((event, i) => ({ event, version: i + 1 })))!;

describe('printed forms', () => {
  it('prints local time (UTC+7)', () => expect(printedTime('2026-11-30T10:00:00.000Z')).toBe('17:00 ngày 30/11/2026'));

  it('builds the receipt (Mẫu 01) with the procedures, documents and due date; its QR code decodes to the citizen page of the dossier', () => {
    const r = receiptOf(view([submitted()]), PRINT);
    expect(r).toMatchObject({ form: 'Mẫu 01', dossierCode: '000.00.31.H12-261122-0001', dueAt: '2026-11-30T10:00:00.000Z', documents: [{ id: 'att-1' }] });
    expect(r.citizenPageUrl).toBe('https://motcua.example.gov.vn/tra-cuu?ma=000.00.31.H12-261122-0001');
    expect(scan(qrMatrix(r.citizenPageUrl))).toBe(r.citizenPageUrl);
    const html = receiptHtml(r);
    expect(html).toContain('Thời gian trả kết quả: 17:00 ngày 30/11/2026');
    expect(html).toContain('aria-label="Mã QR tra cứu hồ sơ 000.00.31.H12-261122-0001"');
  });

  it('prints the receipt in Vietnamese words only: the office by name, national motto, the receiving officer from the token', () => {
    const html = receiptHtml(receiptOf(view([submitted()]), PRINT));
    expect(html).toContain('ỦY BAN NHÂN DÂN PHƯỜNG BA ĐÌNH');
    expect(html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(html).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(html).toContain('Trần Thị Một Cửa');
    expect(html).not.toMatch(/\((child|counter|spouse)\)|\/api\/v1\/lookup/);
  });

  it('escapes what the requester typed', () => {
    const s = submitted();
    const data = s.type === 'ApplicationSubmitted' ? s.data : undefined;
    const evil: ApplicationEvent = { type: 'ApplicationSubmitted', data: { ...data!, requester: { ...data!.requester, fullName: '<script>x</script>' } } };
    expect(receiptHtml(receiptOf(view([evil]), PRINT))).not.toContain('<script>');
  });

  it('prints each apology letter (Mẫu 04) with the reason and the new date', () => {
    const letter: ApplicationEvent = {
      type: 'ApologyLetterIssued',
      data: { letterNumber: 1, lateProcedures: ['funeral-allowance'], dueAt: '2026-11-30T10:00:00.000Z', newDueAt: '2026-12-02T10:00:00.000Z', reason: 'Chờ xác minh', issuedAt: '2026-11-30T11:00:00.000Z' },
    };
    const letters = lettersOf(view([submitted(), letter]), PRINT.unitNames);
    expect(letters).toMatchObject([{ form: 'Mẫu 04', letterNumber: 1, procedures: [{ title: 'Hỗ trợ chi phí mai táng' }] }]);
    const html = lettersHtml('000.00.31.H12-261122-0001', letters);
    expect(html).toContain('Lý do: Chờ xác minh');
    expect(html).toContain('Ủy ban nhân dân phường Ba Đình tiếp nhận hồ sơ mã 000.00.31.H12-261122-0001'); // the unit by name
    expect(html).toContain('17:00 ngày 02/12/2026');
  });
});
