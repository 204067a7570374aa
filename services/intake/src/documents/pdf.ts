/**
 * Printed forms as PDF (issue 22): pdfkit, with DejaVu Serif (npm `dejavu-fonts-ttf`, which covers
 * Vietnamese) embedded as a subset, so the file prints the same on any machine. The layout follows
 * the HTML forms: letterhead (issuing body, national motto), form number, title, body, signature
 * blocks; the receipt carries its QR code (the citizen page's address) drawn from its modules.
 */
import { vnDate } from '@lienthong/working-calendar';
import PDFDocument from 'pdfkit';
import { type ApologyLetterDocument, ChannelWords, ProcedureTitles, type Receipt, RelationshipWords, ReturnWords, placeAndDate, printedTime } from './forms';
import { qrMatrix } from './qr-code';
import type { TrailForm } from './trail-forms';

const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif.ttf');
const BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf');
const ITALIC = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Italic.ttf');

type Doc = InstanceType<typeof PDFDocument>;

function render(title: string, draw: (doc: Doc) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margins: { top: 50, bottom: 50, left: 60, right: 50 }, info: { Title: title, Creator: 'Liên thông' }, lang: 'vi-VN' });
  doc.registerFont('body', FONT).registerFont('bold', BOLD).registerFont('italic', ITALIC).font('body').fontSize(12);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

function letterhead(doc: Doc, form: string, issuingBody: string, office: string, placeDate: string): void {
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  // Issuing body left (about 2/5), national motto right (3/5), as official letters lay them out.
  const leftWidth = width * 0.47;
  const rightWidth = width - leftWidth;
  doc.font('italic').fontSize(10).text(form, left, 30, { width, align: 'right' });
  const top = 55;
  doc.font('bold').fontSize(10).text(issuingBody.toUpperCase(), left, top, { width: leftWidth, align: 'center' });
  doc.text(office.toUpperCase(), { width: leftWidth, align: 'center' });
  const leftBottom = doc.y;
  doc.font('bold').fontSize(10).text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', left + leftWidth, top, { width: rightWidth, align: 'center' });
  doc.font('bold').fontSize(11).text('Độc lập - Tự do - Hạnh phúc', { width: rightWidth, align: 'center', underline: true });
  doc.font('italic').fontSize(11).text(placeDate, left + leftWidth, Math.max(doc.y, leftBottom) + 12, { width: rightWidth, align: 'center' });
  doc.font('body').fontSize(12).text('', left, doc.y + 16);
}

function qr(doc: Doc, text: string, x: number, y: number, size: number): void {
  const m = qrMatrix(text);
  const cell = size / (m.length + 8);
  doc.save().rect(x, y, size, size).fill('#ffffff');
  m.forEach((row, r) => row.forEach((dark, c) => { if (dark) doc.rect(x + (c + 4) * cell, y + (r + 4) * cell, cell, cell); }));
  doc.fill('#000000').restore();
}

function signatures(doc: Doc, left: [string, string], right: [string, string]): void {
  const x = doc.page.margins.left;
  const width = doc.page.width - x - doc.page.margins.right;
  const y = doc.y + 20;
  for (const [i, [who, name]] of [left, right].entries()) {
    doc.font('bold').fontSize(12).text(who, x + (i * width) / 2, y, { width: width / 2, align: 'center' });
    doc.font('italic').fontSize(10).text('(Ký và ghi rõ họ tên)', { width: width / 2, align: 'center' });
    doc.font('body').fontSize(12).text(name, x + (i * width) / 2, y + 80, { width: width / 2, align: 'center' });
  }
}

/** Mẫu 01: the receipt and appointment for results. */
export function receiptPdf(r: Receipt): Promise<Buffer> {
  return render(`${r.form} ${r.dossierCode}`, (doc) => {
    letterhead(doc, r.form, r.issuingBody, 'Bộ phận tiếp nhận và trả kết quả', placeAndDate(r.province, r.receivedAt));
    const left = doc.page.margins.left;
    doc.font('bold').fontSize(13).text(r.title.toUpperCase(), { align: 'center' }).moveDown(0.8);
    const qrSize = 100;
    const qrX = doc.page.width - doc.page.margins.right - qrSize;
    const qrY = doc.y;
    qr(doc, r.citizenPageUrl, qrX, qrY, qrSize);
    doc.font('italic').fontSize(8).text('Quét để tra cứu hồ sơ', qrX, qrY + qrSize + 2, { width: qrSize, align: 'center' });
    const textWidth = qrX - left - 12;
    doc.font('body').fontSize(12).text('Mã hồ sơ: ', left, qrY + 10, { continued: true, width: textWidth }).font('bold').text(r.dossierCode);
    doc.font('body').fontSize(12).moveDown(0.3).text(`Người chết: ${r.deceased.fullName}`, { width: textWidth });
    doc.text(`Chết ngày: ${vnDate(r.deceased.dateOfDeath)}`, { width: textWidth });
    doc.font('bold').text(`Hẹn trả kết quả: ${printedTime(r.dueAt)}`, { width: textWidth });
    doc.font('body').text('', left, Math.max(doc.y, qrY + qrSize + 14) + 6);
    const line = (t: string) => doc.font('body').fontSize(12).text(t, { align: 'justify' }).moveDown(0.3);
    line(`Bộ phận tiếp nhận và trả kết quả — ${r.issuingBody} tiếp nhận hồ sơ ${ChannelWords[r.channel] ?? r.channel}.`);
    line(`Tiếp nhận hồ sơ của: ${r.requester.fullName} (${RelationshipWords[r.requester.relationship] ?? r.requester.relationship} của người chết); điện thoại: ${r.requester.phone}; địa chỉ: ${r.requester.address}.`);
    line('Nội dung yêu cầu giải quyết (liên thông):');
    r.procedures.forEach((p, i) => line(`    ${i + 1}. ${p.title}`));
    line('Thành phần hồ sơ:');
    if (r.documents.length === 0) line('    (không có giấy tờ đính kèm)');
    r.documents.forEach((d, i) => line(`    ${i + 1}. ${d.name} (${Math.max(1, Math.round(d.size / 1024))} KB)`));
    line(`Thời gian nhận hồ sơ: ${printedTime(r.receivedAt)}`);
    doc.font('bold').text(`Thời gian trả kết quả: ${printedTime(r.dueAt)}`).moveDown(0.3);
    line(`Hình thức nhận kết quả: ${ReturnWords[r.returnMethod] ?? r.returnMethod}.`);
    line(`Tra cứu tình trạng hồ sơ: quét mã QR hoặc mở ${r.citizenPageUrl}, nhập mã hồ sơ và số định danh cá nhân của người nộp.`);
    signatures(doc, ['NGƯỜI NỘP HỒ SƠ', r.requester.fullName], ['NGƯỜI TIẾP NHẬN HỒ SƠ', r.receivingOfficer ?? '']);
  });
}

/** Mẫu 04: each apology letter on its own page. */
export function lettersPdf(letters: ApologyLetterDocument[], issuingBody: string, province: string): Promise<Buffer> {
  return render(`Mẫu 04 ${letters[0]?.dossierCode ?? ''}`, (doc) => {
    letters.forEach((l, i) => {
      if (i > 0) doc.addPage();
      letterhead(doc, `${l.form} — số ${l.letterNumber}`, issuingBody, 'Bộ phận tiếp nhận và trả kết quả', placeAndDate(province, l.issuedAt));
      doc.font('bold').fontSize(14).text(l.title.toUpperCase(), { align: 'center' }).moveDown();
      doc.font('body').fontSize(12).text(`Kính gửi: ${l.requesterName}`).moveDown(0.5);
      doc.text(`Bộ phận tiếp nhận và trả kết quả tiếp nhận hồ sơ mã ${l.dossierCode}, hẹn trả kết quả ${printedTime(l.dueAt)}.`).moveDown(0.3);
      doc.text(`Hồ sơ chưa giải quyết đúng hạn (${l.procedures.map((p) => p.title).join(', ')}). Lý do: ${l.reason}.`).moveDown(0.3);
      doc.text(l.extensionRequested
        ? `Chúng tôi xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ đến ${printedTime(l.newDueAt)}; kết quả sẽ được trả vào thời gian này.`
        : `Chúng tôi xin lỗi và hẹn trả kết quả vào ${printedTime(l.newDueAt)}.`);
      signatures(doc, ['', ''], ['NGƯỜI ĐỨNG ĐẦU CƠ QUAN', '']);
    });
  });
}

/**
 * Mẫu 02, 03, 05 and 06 (the trail forms): the same letterhead, title and wording as their HTML
 * (trail-forms.ts), dated when printed.
 */
export function trailFormPdf(f: TrailForm, issuingBody: string, province: string, printedAt: string): Promise<Buffer> {
  return render(`${f.form} ${f.dossierCode}`, (doc) => {
    letterhead(doc, `${f.form} (${f.circular})`, issuingBody, 'Bộ phận tiếp nhận và trả kết quả', placeAndDate(province, printedAt));
    doc.font('bold').fontSize(13).text(f.title.toUpperCase(), { align: 'center' }).moveDown(0.5);
    doc.font('body').fontSize(12).text('Mã hồ sơ: ', { continued: true }).font('bold').text(f.dossierCode).moveDown(0.5);
    const line = (t: string, indent = 0) => doc.font('body').fontSize(12).text(t, { align: 'left', indent }).moveDown(0.2);
    const items = (list: string[]) => list.forEach((t, i) => line(`${i + 1}. ${t}`, 20));
    if (f.kind !== 'control-sheet') line(`Kính gửi: ${f.requesterName}`);
    switch (f.kind) {
      case 'supplement-request':
        for (const r of f.requests) {
          line(`Thủ tục: ${r.procedureTitle} — yêu cầu lúc ${printedTime(r.requestedAt)}`);
          line('Đề nghị bổ sung, hoàn thiện:');
          items(r.missing.map((m) => m.description));
          line(r.providedAt ? `Đã nhận bổ sung lúc ${printedTime(r.providedAt)}.` : 'Chưa nhận bổ sung.');
        }
        break;
      case 'refusal':
        for (const r of f.refusals) {
          line(`Thủ tục: ${r.procedureTitle} — từ chối lúc ${printedTime(r.refusedAt)}. Lý do:`);
          items(r.reasons.map((x) => x.message));
        }
        break;
      case 'stop-notice':
        line(`Theo đề nghị lúc ${printedTime(f.requestedAt)} (lý do: ${f.reason}), hồ sơ dừng giải quyết${f.confirmedAt ? ` từ ${printedTime(f.confirmedAt)}` : ''}.`);
        line('Thủ tục dừng giải quyết:');
        items(f.stopped.map((p) => p.procedureTitle));
        line('Thủ tục đã có kết quả (kết quả vẫn có giá trị):');
        items(f.finished.map((p) => `${p.procedureTitle} (${p.outcome})`));
        break;
      case 'control-sheet':
        line(`Tiếp nhận: ${printedTime(f.receivedAt)}; hẹn trả kết quả: ${printedTime(f.dueAt)}`);
        for (const r of f.rows) {
          const parts = [printedTime(r.at), r.step, r.procedure ? ProcedureTitles[r.procedure] : '', `${r.from} → ${r.to}`, r.dueAt ? `hạn ${printedTime(r.dueAt)}` : '', r.onTime === undefined ? '' : r.onTime ? 'đúng hạn' : 'quá hạn'];
          line(parts.filter(Boolean).join(' — '));
        }
        break;
    }
    signatures(doc, ['', ''], ['NGƯỜI ĐỨNG ĐẦU CƠ QUAN', '']);
  });
}
