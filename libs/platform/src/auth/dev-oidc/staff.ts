import { type Role } from '../../roles';

/**
 * The development identity's staff accounts (issue 22): a few per role and unit, all with the
 * password `DEV_STAFF_PASSWORD`. Development only; production signs staff in at the province's
 * identity provider, which asserts the same claims (`roles`, `unit`, `name`).
 */
export interface StaffAccount {
  username: string;
  name: string;
  roles: Role[];
  unit?: string;
}

export const DEV_STAFF_PASSWORD = 'matkhau';

export const DEV_STAFF: readonly StaffAccount[] = [
  { username: 'motcua.00031', name: 'Trần Thị Một Cửa', roles: ['counter-officer'], unit: '00031' },
  { username: 'motcua2.00031', name: 'Lê Văn Tiếp Nhận', roles: ['counter-officer'], unit: '00031' },
  { username: 'motcua.00070', name: 'Phạm Thị Hồ Sơ', roles: ['counter-officer'], unit: '00070' },
  { username: 'hotich.00031', name: 'Nguyễn Văn Hộ Tịch', roles: ['civil-status-officer'], unit: '00031' },
  { username: 'cutru.00031', name: 'Đỗ Văn Cư Trú', roles: ['residence-officer'], unit: '00031' },
  { username: 'btxh.00031', name: 'Vũ Thị Bảo Trợ', roles: ['social-protection-officer'], unit: '00031' },
  { username: 'vanhanh.xem', name: 'Hoàng Văn Theo Dõi', roles: ['operations-viewer'] },
  { username: 'vanhanh', name: 'Bùi Thị Vận Hành', roles: ['operations-operator'] },
  { username: 'quantri', name: 'Đặng Văn Quản Trị', roles: ['administrator'] },
];

export const staffAccount = (username: string): StaffAccount | undefined => DEV_STAFF.find((s) => s.username === username);
