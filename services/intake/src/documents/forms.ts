import type { ProcedureCode } from '@lienthong/contracts';
import { localDate, localDateTime } from '@lienthong/working-calendar';
import { formSetOn } from './form-sets';
import type { ApologyLetter, ApplicationView } from '../status/application.view';
import { qrSvg } from './qr-code';
import { type UnitNames, unitName } from './units';

/**
 * The receipt (Mẫu 01) and the apology letter (Mẫu 04), numbered and titled by the form set in
 * force on the day of receipt (form-sets.ts, docs/adr/0405); Mẫu 02, 03, 05, 06: trail-forms.ts.
 */
export const ProcedureTitles: Readonly<Record<ProcedureCode, string>> = {
  'death-registration': 'Đăng ký khai tử',
  'residence-deregistration': 'Xóa đăng ký thường trú',
  'funeral-allowance': 'Hỗ trợ chi phí mai táng',
};

/** Vietnamese words for the codes a form prints (issue 22: Vietnamese words only). */
export const RelationshipWords: Readonly<Record<string, string>> = {
  spouse: 'vợ/chồng', child: 'con', parent: 'cha/mẹ', sibling: 'anh/chị/em ruột', grandchild: 'cháu', grandparent: 'ông/bà',
  'other-relative': 'người thân', 'authorised-person': 'người được ủy quyền', 'organisation-representative': 'đại diện cơ quan, tổ chức',
};
export const ChannelWords: Readonly<Record<string, string>> = { counter: 'trực tiếp tại bộ phận một cửa', online: 'trực tuyến', post: 'qua bưu chính' };
export const ReturnWords: Readonly<Record<string, string>> = { counter: 'nhận trực tiếp tại bộ phận một cửa', online: 'trực tuyến', post: 'qua bưu chính' };

export interface Receipt {
  form: 'Mẫu 01';
  title: string;
  dossierCode: string;
  receivingUnit: string;
  /** The issuing body's name (the unit's People's Committee) and its province, for the letterhead. */
  issuingBody: string;
  province: string;
  /** The officer printing it at the counter (the token's `name`), for the signature block. */
  receivingOfficer?: string;
  channel: string;
  receivedAt: string;
  dueAt: string;
  bundle: string;
  procedures: { code: ProcedureCode; title: string }[];
  requester: { fullName: string; phone: string; address: string; relationship: string };
  deceased: { fullName: string; dateOfDeath: string };
  documents: { id: string; name: string; mediaType: string; size: number }[];
  returnMethod: string;
  /** The citizen's page for this dossier: what the printed QR code holds. */
  citizenPageUrl: string;
}

/** Where the citizen page is and who prints (the officer's name from the token, when it has one). */
export interface PrintContext {
  citizenPageUrl: string;
  /** The operator's table of the units' names (INTAKE_UNIT_NAMES_FILE). */
  unitNames: UnitNames;
  officerName?: string;
}

export const citizenPageFor = (base: string, dossierCode: string): string => {
  const url = new URL(base);
  url.searchParams.set('ma', dossierCode);
  return url.href;
};

export function receiptOf(v: ApplicationView, print: PrintContext): Receipt {
  const s = v.submission;
  const unit = unitName(print.unitNames, s.receivingUnit);
  const procedures = v.procedures.map((p) => ({ code: p.procedure, title: ProcedureTitles[p.procedure] }));
  return {
    form: 'Mẫu 01',
    title: formSetOn(localDate(s.submittedAt)).forms.receipt!.title,
    dossierCode: s.dossierCode,
    receivingUnit: s.receivingUnit,
    issuingBody: unit.body,
    province: unit.province,
    ...(print.officerName ? { receivingOfficer: print.officerName } : {}),
    channel: s.channel,
    receivedAt: s.submittedAt,
    dueAt: s.dueAt,
    bundle: s.bundle,
    procedures,
    requester: { fullName: s.requester.fullName, phone: s.requester.phone, address: s.requester.address, relationship: s.requester.relationship },
    deceased: { fullName: s.deceased.fullName, dateOfDeath: s.deceased.dateOfDeath },
    documents: s.attachments.map(({ id, name, mediaType, size }) => ({ id, name, mediaType, size })),
    returnMethod: s.returnMethod,
    citizenPageUrl: citizenPageFor(print.citizenPageUrl, s.dossierCode),
  };
}

export const esc = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** Local time (UTC+7) as printed on forms: `HH:mm dd/MM/yyyy`. */
export const printedTime = (instant: string): string => {
  const d = localDateTime(instant);
  return `${d.slice(11, 16)} ngày ${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
};

/** `Hà Nội, ngày 05 tháng 12 năm 2026` (the place and date line of an official letter). */
export const placeAndDate = (province: string, instant: string): string => {
  const d = localDateTime(instant);
  return `${province.replace(/^Thành phố |^Tỉnh /, '') || ''}${province ? ', ' : ''}ngày ${d.slice(8, 10)} tháng ${d.slice(5, 7)} năm ${d.slice(0, 4)}`;
};

/** The letterhead of a form: issuing body left, national motto right. */
export const letterhead = (issuingBody: string, office: string): string => `<table class="head"><tr>
<td><strong>${esc(issuingBody.toUpperCase())}</strong><br><strong>${esc(office.toUpperCase())}</strong></td>
<td><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br><strong><u>Độc lập - Tự do - Hạnh phúc</u></strong></td></tr></table>`;

export const page = (title: string, body: string): string => `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font-family:"Times New Roman",serif;max-width:48em;margin:2em auto;line-height:1.5}
table.head td,table.sign td{border:0;text-align:center;vertical-align:top;width:50%}table.sign td{height:7em}
h1{text-align:center;font-size:1.3em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;padding:.3em;text-align:left}
.code{float:right;margin-left:1em}@media print{a{color:inherit;text-decoration:none}}</style></head>
<body>${body}</body></html>`;

export function receiptHtml(r: Receipt): string {
  const rows = r.documents.map((d, i) => `<tr><td>${i + 1}</td><td>${esc(d.name)}</td><td>${esc(d.mediaType)}</td><td>${d.size}</td></tr>`).join('');
  return page(`${r.form} ${r.dossierCode}`, `
<p style="text-align:right">${esc(r.form)}</p>
${letterhead(r.issuingBody, 'Bộ phận tiếp nhận và trả kết quả')}
<p style="text-align:right"><em>${esc(placeAndDate(r.province, r.receivedAt))}</em></p>
<div class="code">${qrSvg(r.citizenPageUrl, `Mã QR tra cứu hồ sơ ${r.dossierCode}`)}<br><small>Quét để tra cứu hồ sơ</small></div>
<h1>${esc(r.title.toUpperCase())}</h1>
<p>Mã hồ sơ: <strong>${esc(r.dossierCode)}</strong></p>
<p>Bộ phận tiếp nhận và trả kết quả — ${esc(r.issuingBody)} tiếp nhận hồ sơ ${esc(ChannelWords[r.channel] ?? r.channel)}</p>
<p>Tiếp nhận hồ sơ của: ${esc(r.requester.fullName)} (${esc(RelationshipWords[r.requester.relationship] ?? r.requester.relationship)} của người chết), điện thoại ${esc(r.requester.phone)}, địa chỉ ${esc(r.requester.address)}</p>
<p>Người chết: ${esc(r.deceased.fullName)}, chết ngày ${esc(r.deceased.dateOfDeath)}</p>
<p>Nội dung yêu cầu giải quyết (liên thông):</p>
<ol>${r.procedures.map((p) => `<li>${esc(p.title)}</li>`).join('')}</ol>
<p>Thành phần hồ sơ:</p>
<table><tr><th>TT</th><th>Tên giấy tờ</th><th>Loại</th><th>Dung lượng (byte)</th></tr>${rows}</table>
<p>Thời gian nhận hồ sơ: ${esc(printedTime(r.receivedAt))}</p>
<p><strong>Thời gian trả kết quả: ${esc(printedTime(r.dueAt))}</strong></p>
<p>Hình thức nhận kết quả: ${esc(ReturnWords[r.returnMethod] ?? r.returnMethod)}</p>
<p>Tra cứu tình trạng hồ sơ tại <a href="${esc(r.citizenPageUrl)}">${esc(r.citizenPageUrl)}</a> bằng mã hồ sơ và số định danh cá nhân của người nộp.</p>
<table class="sign"><tr><td><strong>NGƯỜI NỘP HỒ SƠ</strong><br><em>(Ký và ghi rõ họ tên)</em><br><br><br>${esc(r.requester.fullName)}</td>
<td><strong>NGƯỜI TIẾP NHẬN HỒ SƠ</strong><br><em>(Ký và ghi rõ họ tên)</em><br><br><br>${esc(r.receivingOfficer ?? '')}</td></tr></table>`);
}

export interface ApologyLetterDocument extends ApologyLetter {
  form: 'Mẫu 04';
  title: string;
  /** Circular 03/2025: the letter also asks to extend the time limit to the new date. */
  extensionRequested: boolean;
  dossierCode: string;
  receivingUnit: string;
  /** The receiving unit by name (INTAKE_UNIT_NAMES_FILE; "Đơn vị <code>" when not listed). */
  issuingBody: string;
  requesterName: string;
  procedures: { code: ProcedureCode; title: string }[];
}

export function lettersOf(v: ApplicationView, unitNames: UnitNames): ApologyLetterDocument[] {
  const set = formSetOn(localDate(v.submission.submittedAt));
  return v.letters.map((l) => ({
    form: 'Mẫu 04',
    title: set.forms.apology!.title,
    extensionRequested: set.apologyAsksExtension,
    dossierCode: v.submission.dossierCode,
    receivingUnit: v.submission.receivingUnit,
    issuingBody: unitName(unitNames, v.submission.receivingUnit).body,
    requesterName: v.submission.requester.fullName,
    procedures: l.lateProcedures.map((code) => ({ code, title: ProcedureTitles[code] })),
    ...l,
  }));
}

/**
 * A letter's text to the requester as paragraphs, each perhaps with a list: what the printed form
 * (HTML, escaped) and the citizen page (its own DOM) both show, so the wording is written once.
 */
export interface LetterBlock {
  text: string;
  items?: string[];
}

export const blocksHtml = (blocks: LetterBlock[]): string =>
  blocks.map((b) => `<p>${esc(b.text)}</p>${b.items ? `<ol>${b.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ol>` : ''}`).join('\n');

/** Mẫu 04's words, addressed to the requester. */
export const apologyBlocks = (l: ApologyLetterDocument): LetterBlock[] => [
  { text: `Kính gửi: ${l.requesterName}` },
  { text: `${l.issuingBody} tiếp nhận hồ sơ mã ${l.dossierCode}, hẹn trả kết quả ${printedTime(l.dueAt)}.` },
  { text: `Hồ sơ chưa giải quyết đúng hạn (${l.procedures.map((p) => p.title).join(', ')}). Lý do: ${l.reason}.` },
  l.extensionRequested
    ? { text: `Chúng tôi xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ đến ${printedTime(l.newDueAt)}; kết quả sẽ được trả vào thời gian này.` }
    : { text: `Chúng tôi xin lỗi và hẹn trả kết quả vào ${printedTime(l.newDueAt)}.` },
];

export function lettersHtml(dossierCode: string, letters: ApologyLetterDocument[]): string {
  const one = (l: ApologyLetterDocument): string => `<section style="page-break-after:always">
<p>${esc(l.form)} — số ${l.letterNumber}</p>
<h1>${esc(l.title.toUpperCase())}</h1>
${blocksHtml(apologyBlocks(l))}
<p><small>Lập lúc ${esc(printedTime(l.issuedAt))}</small></p></section>`;
  const body = letters.length > 0 ? letters.map(one).join('\n') : `<p>Hồ sơ ${esc(dossierCode)}: không có phiếu xin lỗi.</p>`;
  return page(`Mẫu 04 ${dossierCode}`, body);
}
