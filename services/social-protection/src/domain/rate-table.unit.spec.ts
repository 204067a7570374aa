import rates from './rates.json';
import { funeralAllowanceAmount, InvalidRateTableError, RateNotFoundError, validateRateTable } from './rate-table';

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
