import { submitted } from '../domain/fixtures';
import { applicationView } from '../status/application.view';
import { receiptOf } from './forms';
import { receiptPdf, trailFormPdf } from './pdf';
import { trailForms } from './trail-forms';

describe('printed forms as PDF', () => {
  it('makes the receipt (Mẫu 01) one A4 page with DejaVu Serif embedded (Vietnamese glyphs print anywhere)', async () => {
    const view = applicationView([{ event: submitted(), version: 1 }])!;
    const pdf = await receiptPdf(receiptOf(view, { citizenPageUrl: 'https://motcua.example.gov.vn/tra-cuu', officerName: 'Trần Thị Một Cửa', unitNames: new Map() }));
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif\b/);
    expect(text).toMatch(/\/FontFile2 /);
  });

  it('prints every trail form (Mẫu 02, 03, 05, 06) it has material for as PDF with the same letterhead font', async () => {
    const forms = trailForms([submitted()]);
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) {
      const text = (await trailFormPdf(form, 'Ủy ban nhân dân phường Ba Đình', 'Hà Nội', '2026-12-05T03:00:00Z')).toString('latin1');
      expect(text.startsWith('%PDF-')).toBe(true);
      expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSerif-Bold\b/);
    }
  });
});
