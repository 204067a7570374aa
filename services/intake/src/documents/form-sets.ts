/**
 * The one-stop forms as dated data (docs/adr/0405). Circular 01/2018/TT-VPCP (with Decree
 * 61/2018) until 2025-06-30; Circular 03/2025/TT-VPCP (with Decree 118/2025) from 2025-07-01.
 * An application keeps the form set in force on the day it was received. The 2025 titles are
 * reported (two secondary sources), pending confirmation against the circular's annex.
 */
export const FormKinds = ['receipt', 'supplement-request', 'refusal', 'apology', 'stop-notice', 'control-sheet'] as const;
export type FormKind = (typeof FormKinds)[number];

export interface FormSet {
  circular: string;
  decree: string;
  from: string;
  to?: string;
  /** The form's number and title, or absent when the set has no such form. */
  forms: Partial<Record<FormKind, { number: string; title: string }>>;
  /** Mẫu 04 of 2025 is an apology with a request to extend the time limit, not only a new date. */
  apologyAsksExtension: boolean;
  pendingConfirmation?: boolean;
}

export const FORM_SETS: readonly FormSet[] = [
  {
    circular: 'Circular 01/2018/TT-VPCP',
    decree: 'Decree 61/2018/NĐ-CP',
    from: '2018-08-21',
    to: '2025-06-30',
    forms: {
      receipt: { number: 'Mẫu 01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
      'supplement-request': { number: 'Mẫu 02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' },
      refusal: { number: 'Mẫu 03', title: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ' },
      apology: { number: 'Mẫu 04', title: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả' },
      'control-sheet': { number: 'Mẫu 05', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
    },
    apologyAsksExtension: false,
  },
  {
    circular: 'Circular 03/2025/TT-VPCP',
    decree: 'Decree 118/2025/NĐ-CP',
    from: '2025-07-01',
    forms: {
      receipt: { number: 'Mẫu 01', title: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
      'supplement-request': { number: 'Mẫu 02', title: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' },
      refusal: { number: 'Mẫu 03', title: 'Phiếu từ chối tiếp nhận hồ sơ' },
      apology: { number: 'Mẫu 04', title: 'Phiếu xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ' },
      'stop-notice': { number: 'Mẫu 05', title: 'Phiếu thông báo dừng giải quyết hồ sơ' },
      'control-sheet': { number: 'Mẫu 06', title: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
    },
    apologyAsksExtension: true,
    pendingConfirmation: true,
  },
];

/** The set in force on a local date `YYYY-MM-DD` (the application's date of receipt). */
export function formSetOn(date: string): FormSet {
  const set = FORM_SETS.find((s) => s.from <= date && (s.to === undefined || date <= s.to));
  return set ?? FORM_SETS[0]!;
}
