import type { MissingItem } from '@lienthong/contracts';

/**
 * What a desk's automatic check asks the requester for, in Vietnamese, by the missing item's
 * code: civil-registry words the identity mismatch for its officers, in English, and the requester
 * reads the counter's screen, the citizen page and the printed Mẫu 02. Only codes no officer writes
 * are listed (an officer's own request, e.g. `death-notice` "Giấy báo tử bản chính.", is already
 * the requester's words); any other code keeps the agency's description. Wording the other
 * automatic texts (death-notice, payee-address, refusal reasons) in Vietnamese belongs at their
 * source, the agencies: not done.
 */
const MISSING_WORDS: Readonly<Record<string, string>> = {
  'identity-mismatch:deceased.dateOfBirth': 'Ngày sinh của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch: đề nghị sửa lại, hoặc nộp giấy tờ chứng minh (căn cước, trích lục khai sinh).',
  'identity-mismatch:deceased.fullName': 'Họ, chữ đệm, tên của người chết trong hồ sơ khác với Cơ sở dữ liệu hộ tịch: đề nghị sửa lại, hoặc nộp giấy tờ chứng minh (căn cước, trích lục khai sinh).',
};

export const missingText = (m: MissingItem): string => MISSING_WORDS[m.code] ?? m.description;
