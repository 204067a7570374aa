import { contractOf } from '@lienthong/contracts';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** ADR 0102: the outbox publishes any event named like a contract type, so domain events never are. */
describe('domain event names', () => {
  it('never reuse a contract message type', () => {
    // Every procedure's domain folder (feature slices, issue 18), but its mapping to contract messages.
    const source = readdirSync(__dirname, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.split(/[\\/]/).includes('domain') && f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.endsWith('.messages.ts'))
      .map((f) => readFileSync(join(__dirname, f), 'utf8'))
      .join('\n');
    const types = [...source.matchAll(/type: '([A-Z][A-Za-z]+)'/g)].map((m) => m[1]!);
    expect(types.length).toBeGreaterThan(20);
    expect(types.filter((t) => contractOf(t) !== undefined)).toEqual([]);
  });
});
