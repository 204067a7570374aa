import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadUnitNames, parseUnitNames, unitName } from './units';

const DEV_FILE = join(__dirname, '../../dev/unit-names.development.json');

describe('the units\' names (INTAKE_UNIT_NAMES_FILE)', () => {
  it('prints a listed unit by its name, whatever form its code takes (commune or agency code)', () => {
    const names = loadUnitNames(DEV_FILE);
    expect(unitName(names, '000.00.31.H12')).toEqual({ body: 'Ủy ban nhân dân phường Ba Đình', province: 'Thành phố Hà Nội' });
    expect(unitName(names, '00070').body).toBe('Ủy ban nhân dân phường Hoàn Kiếm');
  });

  it('prints "Đơn vị <code>" for a unit not listed, and for every unit when no file is set (no guessed name on a form)', () => {
    expect(unitName(loadUnitNames(DEV_FILE), '000.00.99.H12')).toEqual({ body: 'Đơn vị 000.00.99.H12', province: '' });
    expect(unitName(loadUnitNames(undefined), '000.00.31.H12')).toEqual({ body: 'Đơn vị 000.00.31.H12', province: '' });
  });

  it('refuses a malformed table naming the entry', () => {
    expect(() => parseUnitNames([])).toThrow('must be a JSON object');
    expect(() => parseUnitNames({ '31': { body: 'x', province: 'y' } })).toThrow('"31": a unit is named by its 5-digit commune code');
    expect(() => parseUnitNames({ '00031': { province: 'Hà Nội' } })).toThrow('"00031".body');
    expect(() => parseUnitNames({ '00031': { body: 'UBND', province: ' ' } })).toThrow('"00031".province');
    expect(parseUnitNames({ $comment: 'ghi chú', '00031': { body: ' UBND ', province: 'Hà Nội' } })).toEqual(new Map([['00031', { body: 'UBND', province: 'Hà Nội' }]]));
  });

  it('stops the start naming the variable when the file is missing or not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unit-names-'));
    writeFileSync(join(dir, 'bad.json'), '{ "00031": ');
    expect(() => loadUnitNames(join(dir, 'none.json'))).toThrow(/^INTAKE_UNIT_NAMES_FILE: cannot read .*none\.json/);
    expect(() => loadUnitNames(join(dir, 'bad.json'))).toThrow(/^INTAKE_UNIT_NAMES_FILE: cannot read .*bad\.json/);
    writeFileSync(join(dir, 'wrong.json'), '{ "00031": { "body": "" } }');
    expect(() => loadUnitNames(join(dir, 'wrong.json'))).toThrow(/^INTAKE_UNIT_NAMES_FILE \(.*wrong\.json\): "00031"\.body/);
  });
});
