import { type Upcastable, upcasterChain } from './upcasting';

const stored = (type: string, schemaVersion: number, data: unknown): Upcastable => ({
  type,
  schemaVersion,
  data,
  metadata: { correlationId: 'app-1' },
});

describe('upcasterChain', () => {
  const chain = upcasterChain([
    // v1 had one name field; v2 splits it.
    {
      type: 'PersonRegistered',
      fromVersion: 1,
      upcast: (data) => {
        const [given, ...family] = (data as { name: string }).name.split(' ');
        return { data: { givenName: given, familyName: family.join(' ') } };
      },
    },
    // v2 -> v3 adds a default, using the metadata.
    {
      type: 'PersonRegistered',
      fromVersion: 2,
      upcast: (data, metadata) => ({ data: { ...(data as object), source: metadata.correlationId ?? 'unknown' } }),
    },
    // A jump: v1 -> v3 for another type.
    { type: 'Other', fromVersion: 1, upcast: (data) => ({ data: { wrapped: data }, schemaVersion: 3 }) },
  ]);

  it('chains upcasters until the latest version', () => {
    expect(chain(stored('PersonRegistered', 1, { name: 'Nguyen Van A' }))).toMatchObject({
      schemaVersion: 3,
      data: { givenName: 'Nguyen', familyName: 'Van A', source: 'app-1' },
    });
    expect(chain(stored('PersonRegistered', 2, { givenName: 'B', familyName: 'C' }))).toMatchObject({
      schemaVersion: 3,
      data: { givenName: 'B', familyName: 'C', source: 'app-1' },
    });
  });

  it('honours an explicit target version and leaves current or unknown events untouched', () => {
    expect(chain(stored('Other', 1, 5))).toMatchObject({ schemaVersion: 3, data: { wrapped: 5 } });
    const current = stored('PersonRegistered', 3, { givenName: 'x' });
    expect(chain(current)).toBe(current);
    const unknown = stored('Unknown', 1, {});
    expect(chain(unknown)).toBe(unknown);
  });

  it('does not mutate the stored event', () => {
    const original = stored('PersonRegistered', 1, { name: 'A B' });
    chain(original);
    expect(original).toEqual(stored('PersonRegistered', 1, { name: 'A B' }));
  });

  it('refuses duplicate upcasters and ones that do not move forward', () => {
    const u = { type: 'T', fromVersion: 1, upcast: (d: unknown) => ({ data: d }) };
    expect(() => upcasterChain([u, u])).toThrow(/two upcasters/);
    const stuck = upcasterChain([{ type: 'T', fromVersion: 1, upcast: (d) => ({ data: d, schemaVersion: 1 }) }]);
    expect(() => stuck(stored('T', 1, {}))).toThrow(/must raise/);
  });
});
