import { IsIn, IsInt, Min } from 'class-validator';
import { Month, Nested, PersonalId, Text, Uuid } from './fields';
import { ContractRegistry } from './registry';
import { Topics } from './topics';

// A toy contract, in its own registry, that went through two breaking changes:
// v1 { claimId, deceasedPersonalId, amountVnd }
// v2 { claimId, deceased: { personalId }, amountVnd }
// v3 { claimId, deceased: { personalId }, amount: { value, currency }, fromMonth }
class Deceased {
  @PersonalId() personalId!: string;
}
class Amount {
  @IsInt() @Min(0) value!: number;
  @IsIn(['VND']) currency!: 'VND';
}
class ToyClaimOpened {
  @Uuid() claimId!: string;
  @Nested(() => Deceased) deceased!: Deceased;
  @Nested(() => Amount) amount!: Amount;
  @Month() fromMonth!: string;
}
class Note {
  @Text(10) text!: string;
}

const registry = () =>
  new ContractRegistry().register(
    {
      type: 'ToyClaimOpened',
      version: 3,
      topic: Topics.socialProtectionEvents,
      schema: ToyClaimOpened,
      producedBy: 'social-protection',
      consumedBy: ['routing'],
      description: 'toy',
      upcasters: [
        {
          fromVersion: 1,
          upcast: ({ deceasedPersonalId, ...rest }) => ({ ...rest, deceased: { personalId: deceasedPersonalId } }),
        },
        {
          fromVersion: 2,
          // v2 had no month: readers of old messages get the documented default.
          upcast: ({ amountVnd, ...rest }) => ({ ...rest, amount: { value: amountVnd, currency: 'VND' }, fromMonth: '2024-07' }),
        },
      ],
    },
    { type: 'ToyNote', version: 1, topic: Topics.routingEvents, schema: Note, producedBy: 'routing', consumedBy: ['intake'], description: 'toy' },
  );

const claimId = '0b9d6f1e-3c1a-4f57-9a57-2f0c6e7d1a01';
const latest = { claimId, deceased: { personalId: '001045012345' }, amount: { value: 10_000_000, currency: 'VND' }, fromMonth: '2024-07' };

describe('ContractRegistry', () => {
  it('upcasts v1 and v2 to the latest version before validating', () => {
    const r = registry();
    const v1 = { claimId, deceasedPersonalId: '001045012345', amountVnd: 10_000_000 };
    const v2 = { claimId, deceased: { personalId: '001045012345' }, amountVnd: 10_000_000 };
    for (const [version, value] of [[1, v1], [2, v2], [3, latest]] as const) {
      const result = r.decode({ eventType: 'ToyClaimOpened', schemaVersion: version }, value);
      expect(result).toMatchObject({ ok: true, type: 'ToyClaimOpened', version: 3 });
      expect(result.ok && { ...result.data }).toMatchObject(latest);
    }
  });

  it('validates the upcast result, naming the field in the latest shape', () => {
    const v1 = { claimId, deceasedPersonalId: '4510', amountVnd: 10_000_000 };
    const result = registry().decode({ eventType: 'ToyClaimOpened', schemaVersion: 1 }, v1);
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(!result.ok && result.errors[0]).toMatch(/^deceased\.personalId: /);
  });

  it('refuses a version newer than it knows, or one with no upcaster', () => {
    const r = registry();
    expect(r.decode({ eventType: 'ToyClaimOpened', schemaVersion: 4 }, latest)).toMatchObject({ ok: false, reason: 'unknown-version' });
    expect(r.decode({ eventType: 'ToyNote', schemaVersion: 0 }, { text: 'x' })).toMatchObject({ ok: false, reason: 'unknown-version' });
  });

  it('reports an upcaster that throws as invalid, not as a crash', () => {
    const r = new ContractRegistry().register({
      type: 'Broken', version: 2, topic: Topics.routingEvents, schema: Note, producedBy: 'routing', consumedBy: ['intake'], description: 'toy',
      upcasters: [{ fromVersion: 1, upcast: () => { throw new Error('no text'); } }],
    });
    expect(r.decode({ eventType: 'Broken', schemaVersion: 1 }, {})).toEqual({ ok: false, reason: 'invalid', errors: ['(value): no text'] });
  });

  it('knows its own types and topics, separately from the real registry', () => {
    const r = registry();
    expect(r.all().map((c) => c.type)).toEqual(['ToyClaimOpened', 'ToyNote']);
    expect(r.topicFor('ToyNote')).toBe(Topics.routingEvents);
    expect(r.topicFor('DeathRegistered')).toBeUndefined();
  });

  it('refuses a duplicate type and upcasters that cannot chain', () => {
    const base = { type: 'ToyNote', version: 1, topic: Topics.routingEvents, schema: Note, producedBy: 'routing', consumedBy: ['intake'], description: 'toy' } as const;
    expect(() => registry().register(base)).toThrow(/twice/);
    expect(() => new ContractRegistry().register({ ...base, version: 2, upcasters: [{ fromVersion: 2, upcast: (d) => d }] })).toThrow(/upcasters/);
  });
});
