import rates from './rates.json';
import { funeralAllowanceAmount, funeralAllowanceQuote, InvalidRateTableError, rateOn, RateNotFoundError, schemeRuleOn, validateRateTable } from './rate-table';

const table = validateRateTable(rates);
const problemsOf = (json: unknown): string[] => {
  try {
    validateRateTable(json);
    return [];
  } catch (e) {
    if (e instanceof InvalidRateTableError) return e.problems;
    throw e;
  }
};
const period = (over: object = {}) => ({ from: '2024-07-01', standardLevel: 500000, funeralAllowanceMultiplier: 20, source: 'Decree 76/2024', ...over });

describe('rate table', () => {
  it('pays 20 × 360,000 = 7,200,000 VND for a death on 2024-06-30', () =>
    expect(funeralAllowanceAmount(table, '2024-06-30')).toEqual({ value: 7_200_000, currency: 'VND' }));

  it('pays 20 × 500,000 = 10,000,000 VND for a death on 2024-07-01 and later', () => {
    expect(funeralAllowanceAmount(table, '2024-07-01')).toEqual({ value: 10_000_000, currency: 'VND' });
    expect(funeralAllowanceAmount(table, '2026-11-20')).toEqual({ value: 10_000_000, currency: 'VND' });
  });

  it('has no rate before the first period', () => expect(() => funeralAllowanceAmount(table, '2021-06-30')).toThrow(RateNotFoundError));

  it('reports malformed periods', () => {
    expect(problemsOf({ currency: 'USD', periods: [] })).toEqual(['"currency" must be "VND"', '"periods" must be a non-empty array']);
    expect(problemsOf({ currency: 'VND', periods: [period({ from: '2024-13-01', standardLevel: -1, source: '' })] })).toEqual([
      'periods[0]: bad "from" "2024-13-01"',
      'periods[0]: "standardLevel" must be a positive whole number of VND',
      'periods[0]: "source" must name the legal basis',
    ]);
    expect(problemsOf({ currency: 'VND', periods: [period({ to: '2024-06-01' })] })).toEqual(['periods[0]: "to" is before "from"']);
  });

  it('reports gaps, overlaps and an open period that is not the last', () => {
    const first = period({ from: '2021-07-01', to: '2024-06-30', standardLevel: 360000 });
    expect(problemsOf({ currency: 'VND', periods: [first, period({ from: '2024-07-02' })] })).toEqual([
      'periods[1]: must start the day after 2024-06-30, starts 2024-07-02',
    ]);
    expect(problemsOf({ currency: 'VND', periods: [first, period({ from: '2024-06-30' })] })).toHaveLength(1);
    expect(problemsOf({ currency: 'VND', periods: [period({ from: '2021-07-01' }), period()] })).toEqual([
      'periods[0]: only the last period may be open-ended',
    ]);
  });
});

describe('rate table: pending rules, provinces, schemes (ADR 0203)', () => {
  it('keeps the reported 540,000 VND level from 2026-07-01 pending: hold pays 500,000 × 20 and says what apply would pay', () => {
    expect(rateOn(table, '2026-07-01').standardLevel).toBe(500_000);
    expect(rateOn(table, '2026-07-01', 'apply')).toMatchObject({ standardLevel: 540_000, pendingConfirmation: true });
    expect(funeralAllowanceQuote(table, '2026-07-01')).toEqual({
      amount: { value: 10_000_000, currency: 'VND' },
      basis: { standardLevel: 500_000, multiplier: 20, source: 'Nghị định số 76/2024/NĐ-CP' },
      pending: { amount: { value: 10_800_000, currency: 'VND' }, source: 'Nghị định số 335/2026/NĐ-CP (theo thông tin báo chí, chưa được xác nhận)' },
    });
    expect(funeralAllowanceAmount(table, '2026-07-01', undefined, 'apply')).toEqual({ value: 10_800_000, currency: 'VND' });
    expect(funeralAllowanceQuote(table, '2026-06-30').pending).toBeUndefined();
  });

  it('pays the higher of 20 × the level and the province level in force on the date of death', () => {
    const withProvince = validateRateTable({ ...rates, provinceLevels: [{ provinceCode: '01', from: '2026-01-01', amount: 11_000_000, source: 'test' }] });
    expect(funeralAllowanceAmount(withProvince, '2026-02-01', '01')).toEqual({ value: 11_000_000, currency: 'VND' });
    expect(funeralAllowanceAmount(withProvince, '2025-12-31', '01')).toEqual({ value: 10_000_000, currency: 'VND' });
    expect(funeralAllowanceAmount(withProvince, '2026-02-01', '79')).toEqual({ value: 10_000_000, currency: 'VND' });
  });

  it('knows who is eligible when: the social pension from 2025-07-01 only, pending confirmation', () => {
    expect(schemeRuleOn(table, 'social-assistance', '2021-07-01')?.source).toBe('điểm a khoản 1 Điều 11 Nghị định số 20/2021/NĐ-CP');
    expect(schemeRuleOn(table, 'social-pension', '2025-06-30')).toBeUndefined();
    expect(schemeRuleOn(table, 'social-pension', '2025-07-01')).toMatchObject({ pendingConfirmation: true });
  });

  it('reports malformed province levels and schemes', () =>
    expect(problemsOf({ ...rates, provinceLevels: [{ provinceCode: '1', from: '2026-01-01', amount: 0, source: 'x' }], eligibleSchemes: [{ scheme: 'veterans', from: '2026-01-01', source: 'x' }] })).toEqual([
      'provinceLevels[0]: "provinceCode" must be a 2-digit province code',
      'provinceLevels[0]: "amount" must be a positive whole number of VND',
      'eligibleSchemes[0]: "scheme" must be one of social-assistance, poor-single-parent-child, survivor-allowance-80-plus, social-pension',
    ]));
});
