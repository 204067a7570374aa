/**
 * Vietnamese words for the API's codes: procedures, statuses, and the stable codes of problem+json
 * errors (`code`, and `errors[].field`), so the page never shows the API's English.
 */
export const PROCEDURES: Record<string, string> = {
  'death-registration': 'Đăng ký khai tử',
  'residence-deregistration': 'Xóa đăng ký thường trú',
  'funeral-allowance': 'Hỗ trợ chi phí mai táng',
};

export const BUNDLES: Record<string, string> = {
  'death-3in1': 'Liên thông 3 trong 1 (khai tử, xóa thường trú, mai táng phí)',
  'death-2in1': 'Liên thông 2 trong 1 (khai tử, xóa thường trú)',
};

export const STATUSES: Record<string, string> = {
  received: 'Đã tiếp nhận',
  'in-progress': 'Đang giải quyết',
  pending: 'Chờ xử lý',
  'awaiting-supplement': 'Chờ bổ sung hồ sơ',
  'supplement-provided': 'Đã bổ sung',
  completed: 'Đã có kết quả',
  'partly-completed': 'Có kết quả một phần',
  'not-applicable': 'Không thuộc diện giải quyết',
  refused: 'Từ chối',
  cancelled: 'Đã dừng',
  withdrawn: 'Đã rút hồ sơ',
  'withdrawal-requested': 'Đang rút hồ sơ',
  'results-returned': 'Đã trả kết quả',
};

export const RELATIONSHIPS: Record<string, string> = {
  spouse: 'Vợ/chồng',
  child: 'Con',
  parent: 'Cha/mẹ',
  sibling: 'Anh/chị/em ruột',
  grandchild: 'Cháu',
  grandparent: 'Ông/bà',
  'other-relative': 'Người thân khác',
  'authorised-person': 'Người được ủy quyền',
  'organisation-representative': 'Đại diện cơ quan, tổ chức',
};

export const METHODS: Record<string, string> = { counter: 'Tại bộ phận một cửa', post: 'Qua bưu chính', online: 'Trực tuyến', bank: 'Chuyển khoản' };

/** The satisfaction criteria (ADR 0655: the five factors of SIPAS), then the retired ones of older ratings. */
export const CRITERIA: Record<string, string> = {
  'service-access': 'Tiếp cận dịch vụ',
  'procedure-information': 'Thủ tục hành chính (niêm yết công khai, giấy tờ, thời hạn)',
  'officer-conduct': 'Công chức trực tiếp giải quyết công việc',
  result: 'Kết quả giải quyết',
  'feedback-handling': 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị',
  timeliness: 'Thời gian giải quyết',
  'staff-attitude': 'Thái độ của cán bộ',
  simplicity: 'Thủ tục đơn giản',
  information: 'Thông tin, hướng dẫn',
  'result-quality': 'Kết quả giải quyết',
};
/** The order the forms ask them in. */
export const CRITERION_ORDER = ['service-access', 'procedure-information', 'officer-conduct', 'result', 'feedback-handling'] as const;

/** Whole-request errors by `code`. */
const CODES: Record<string, string> = {
  AUTH_REQUIRED: 'Phiên đăng nhập đã hết; hãy đăng nhập lại.',
  TOKEN_INVALID: 'Phiên đăng nhập đã hết hạn; hãy đăng nhập lại.',
  FORBIDDEN_ROLE: 'Tài khoản của bạn không có quyền thực hiện việc này.',
  FORBIDDEN_UNIT: 'Hồ sơ thuộc đơn vị khác.',
  RATE_LIMITED: 'Bạn thao tác quá nhanh; hãy thử lại sau ít phút.',
  PERSON_NOT_FOUND: 'Không tìm thấy người này trong cơ sở dữ liệu hộ tịch của đơn vị; hãy nhập tay.',
  HOUSEHOLD_NOT_FOUND: 'Không tìm thấy hộ gia đình.',
  APPLICATION_NOT_FOUND: 'Không tìm thấy hồ sơ với mã và số định danh đã nhập.',
  NOT_FOUND: 'Không tìm thấy.',
  RESULTS_NOT_READY: 'Hồ sơ chưa có kết quả để trả.',
  ALREADY_HANDED_OVER: 'Kết quả đã được trả trước đó.',
  ALREADY_RATED: 'Hồ sơ đã được đánh giá.',
  RATING_INVALID: 'Đánh giá chưa hợp lệ; xem các ô được đánh dấu.',
  NOT_HANDED_OVER: 'Chỉ đánh giá được sau khi nhận kết quả.',
  VERSION_MISMATCH: 'Hồ sơ vừa thay đổi; hãy tải lại rồi thử lại.',
  ATTACHMENT_MISMATCH: 'Tệp tải lên không khớp với tệp đã khai báo.',
  PAYLOAD_TOO_LARGE: 'Tệp quá lớn.',
  VALIDATION_FAILED: 'Một số thông tin chưa hợp lệ; xem các ô được đánh dấu.',
};

/** Field errors by field path (numbers in the path ignored) and the kind of rule. */
const FIELDS: Record<string, string> = {
  'deceased.personalId': 'Số định danh cá nhân gồm 12 chữ số.',
  'deceased.fullName': 'Nhập họ, chữ đệm và tên người chết.',
  'deceased.dateOfBirth': 'Ngày sinh không hợp lệ hoặc khác với cơ sở dữ liệu hộ tịch.',
  'deceased.dateOfDeath': 'Ngày chết không hợp lệ (không sau hôm nay, không trước ngày sinh).',
  'deceased.placeOfDeath': 'Nhập nơi chết.',
  'requester.personalId': 'Số định danh cá nhân gồm 12 chữ số.',
  'requester.fullName': 'Nhập họ tên người đi khai tử.',
  'requester.relationship': 'Chọn quan hệ với người chết.',
  'requester.phone': 'Số điện thoại không hợp lệ.',
  'requester.email': 'Thư điện tử không hợp lệ (cần có khi người nộp chọn nhận thông báo qua thư điện tử).',
  'requester.notifyBy': 'Chọn cách nhận thông báo.',
  'requester.address': 'Nhập địa chỉ người đi khai tử.',
  'deathNotice.number': 'Nhập số giấy báo tử.',
  'deathNotice.issuer': 'Nhập nơi cấp giấy báo tử.',
  'deathNotice.date': 'Ngày cấp giấy báo tử không hợp lệ.',
  deathNotice: 'Cần giấy báo tử (hoặc giấy tờ thay thế).',
  funeral: 'Hồ sơ 3 trong 1 cần thông tin nhận mai táng phí.',
  'funeral.paymentMethod': 'Chọn hình thức nhận mai táng phí.',
  attachments: 'Đính kèm ít nhất một giấy tờ.',
  'attachments.size': 'Tệp quá lớn.',
  dossierCode: 'Mã hồ sơ không đúng định dạng.',
  personalId: 'Số định danh cá nhân gồm 12 chữ số.',
  score: 'Chọn mức hài lòng chung từ 1 đến 5.',
  'criteria.score': 'Chọn mức từ 1 đến 5.',
  'criteria.criterion': 'Tiêu chí này không còn được dùng; hãy tải lại trang.',
  comment: 'Ý kiến dài quá 2000 ký tự.',
  reason: 'Nhập lý do.',
};

export interface Problem {
  status: number;
  code?: string;
  detail?: string;
  errors?: { field: string; message: string; code?: string }[];
}

export const fieldMessage = (field: string): string => FIELDS[field.replace(/\.\d+(?=\.|$)/g, '')] ?? FIELDS[field.split('.')[0]!] ?? 'Giá trị không hợp lệ.';

export const problemMessage = (p: Problem): string =>
  (p.code && CODES[p.code]) ?? (p.status === 404 ? CODES.NOT_FOUND! : p.status >= 500 ? 'Hệ thống đang bận; hãy thử lại sau.' : 'Yêu cầu chưa thực hiện được.');

export interface TimelineEntry { at: string; event: string; procedure?: string; detail?: string }

/** A timeline entry in Vietnamese, from its event type (the API's `detail` is for operators, in English). */
export function timelineText(t: TimelineEntry): string {
  const what: Record<string, string> = {
    ApplicationSubmitted: 'Tiếp nhận hồ sơ',
    ProcedureStarted: 'Chuyển cơ quan giải quyết',
    ProcedureEnded: STATUSES[t.detail ?? ''] ?? 'Có kết quả',
    // What is missing is on the supplement form and in the letters, in the requester's words.
    SupplementRequested: 'Yêu cầu bổ sung hồ sơ',
    SupplementProvided: 'Đã bổ sung hồ sơ',
    ProcedureClockRestarted: 'Tiếp tục giải quyết sau khi bổ sung',
    ProcedureLate: 'Quá hạn giải quyết; hẹn lại ngày trả kết quả',
    ApologyLetterIssued: 'Gửi phiếu xin lỗi và hẹn lại ngày trả kết quả',
    ResultsReady: `Có kết quả liên thông: ${(STATUSES[t.detail ?? ''] ?? '').toLowerCase()}`,
    ApplicationWithdrawn: 'Người yêu cầu rút hồ sơ',
    WithdrawalConfirmed: 'Đã dừng giải quyết hồ sơ',
    ResultsHandedOver: `Đã trả kết quả (${(METHODS[t.detail ?? ''] ?? '').toLowerCase()})`,
    SatisfactionRecorded: `Người yêu cầu đánh giá mức độ hài lòng ${t.detail ?? ''}`,
  };
  const text = what[t.event] ?? t.event;
  return t.procedure ? `${text} — ${PROCEDURES[t.procedure] ?? t.procedure}` : text;
}

const RESULT_WORDS: Record<string, string> = {
  deathExtractNumber: 'Trích lục khai tử số',
  lateRegistration: 'Đăng ký khai tử quá hạn',
  householdClosed: 'Đóng sổ hộ khẩu (hộ không còn ai)',
  householdHeadVacant: 'Hộ chưa có chủ hộ mới (Công an xã sẽ giải quyết)',
  amount: 'Số tiền',
  claimId: 'Mã hồ sơ trợ cấp',
  paymentMethod: 'Hình thức chi trả',
};

/** A procedure's result in Vietnamese words: yes/no facts shown only when true, money in đồng. */
export function resultText(result?: Record<string, unknown>): string {
  if (!result) return '';
  return Object.entries(result)
    .flatMap(([k, v]) => {
      const label = RESULT_WORDS[k] ?? k;
      if (typeof v === 'boolean') return v ? [label] : [];
      if (v && typeof v === 'object' && 'value' in v) return [`${label}: ${Number((v as { value: number }).value).toLocaleString('vi-VN')} đồng`];
      if (k === 'paymentMethod') return [`${label}: ${(METHODS[String(v)] ?? String(v)).toLowerCase()}`];
      return [`${label}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`];
    })
    .join('; ');
}
