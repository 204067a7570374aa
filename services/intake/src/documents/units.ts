/**
 * The names printed for the receiving units (issue 22: an office's name where its code was).
 * The development communes (libs/dev-seed); a unit not listed prints as "Đơn vị <code>".
 * Production reads the province's list of administrative units (to come with the law issue).
 */
import { communeOf } from '@lienthong/platform';

const UNIT_NAMES: Readonly<Record<string, { body: string; province: string }>> = {
  '00031': { body: 'Ủy ban nhân dân phường Ba Đình', province: 'Thành phố Hà Nội' },
  '00070': { body: 'Ủy ban nhân dân phường Hoàn Kiếm', province: 'Thành phố Hà Nội' },
  '00100': { body: 'Ủy ban nhân dân phường Hai Bà Trưng', province: 'Thành phố Hà Nội' },
  '00127': { body: 'Ủy ban nhân dân phường Đống Đa', province: 'Thành phố Hà Nội' },
  '00160': { body: 'Ủy ban nhân dân phường Cầu Giấy', province: 'Thành phố Hà Nội' },
};

export const unitName = (unit: string): { body: string; province: string } =>
  UNIT_NAMES[communeOf(unit)] ?? { body: `Đơn vị ${unit}`, province: '' };
