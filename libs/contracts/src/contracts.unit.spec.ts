import { allContracts, contractOf, decodeMessage, topicFor } from './contracts';
import { exampleMessages } from './examples';
import { ContractSchemas } from './schemas';
import { ConsumedTopics, Topics } from './topics';

const clone = <T>(v: T): T => structuredClone(v);
const example = (type: string): Record<string, unknown> => clone(exampleMessages[type]);
const decode = (type: string, value: unknown, schemaVersion: number | string = 1) =>
  decodeMessage({ eventType: type, schemaVersion }, value);

describe('the death-bundle contracts', () => {
  const types = allContracts().map((c) => c.type);

  it('has one example per contract and no example without a contract', () => {
    expect(Object.keys(exampleMessages).sort()).toEqual([...types].sort());
  });

  it('types every contract through ContractSchemas', () => {
    expect(Object.entries(ContractSchemas)).toEqual(allContracts().map((c) => [c.type, c.schema]));
  });

  it.each(types)('accepts a valid %s', (type) => {
    const result = decode(type, example(type));
    expect(result).toMatchObject({ ok: true, type, version: 1 });
  });

  it('accepts the value as JSON text or a Buffer, as it comes off the wire', () => {
    const json = JSON.stringify(exampleMessages.DeathRegistered);
    expect(decode('DeathRegistered', json).ok).toBe(true);
    expect(decode('DeathRegistered', Buffer.from(json), '1').ok).toBe(true);
  });

  it('refuses an unknown type', () => {
    expect(decode('DeathUnregistered', {})).toEqual({ ok: false, reason: 'unknown-type', errors: [expect.any(String)] });
    expect(decodeMessage({ schemaVersion: 1 }, {})).toMatchObject({ ok: false, reason: 'unknown-type' });
  });

  it.each([2, 0, '1.5', 'x', undefined])('refuses unknown version %p', (version) => {
    expect(decodeMessage({ eventType: 'DeathRegistered', schemaVersion: version }, example('DeathRegistered'))).toMatchObject({
      ok: false,
      reason: 'unknown-version',
    });
  });

  it('names the failing nested field', () => {
    const value = example('ApplicationSubmitted');
    (value.deceased as Record<string, unknown>).personalId = '12345';
    const result = decode('ApplicationSubmitted', value);
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    expect(!result.ok && result.errors.every((e) => e.startsWith('deceased.personalId:'))).toBe(true);
  });

  it('names the failing field inside an array', () => {
    const value = example('ApplicationSubmitted');
    (value.attachments as Record<string, unknown>[])[0].sha256 = 'nope';
    const result = decode('ApplicationSubmitted', value);
    expect(!result.ok && result.errors).toEqual([expect.stringMatching(/^attachments\.0\.sha256: /)]);
  });

  it.each([
    ['top level', (v: Record<string, unknown>) => (v.spouseName = 'x'), 'spouseName'],
    ['nested', (v: Record<string, unknown>) => ((v.deceased as Record<string, unknown>).ethnicity = 'Kinh'), 'deceased.ethnicity'],
  ])('refuses an unknown field (%s)', (_where, mutate, path) => {
    const value = example('ApplicationSubmitted');
    mutate(value);
    const result = decode('ApplicationSubmitted', value);
    expect(!result.ok && result.errors).toEqual([`${path}: property ${path.split('.').pop()} should not exist`]);
  });

  it('refuses a missing required field, and a null in place of an optional one', () => {
    const value = example('ResidenceDeregistrationRequested');
    delete value.deathExtractNumber;
    value.newHeadPersonalId = null;
    const result = decode('ResidenceDeregistrationRequested', value);
    expect(!result.ok && result.errors.map((e) => e.split(':')[0])).toEqual(
      expect.arrayContaining(['deathExtractNumber', 'newHeadPersonalId']),
    );
  });

  it.each([
    ['date of death not a real date', (v: Record<string, unknown>) => ((v.deceased as Record<string, unknown>).dateOfDeath = '2026-02-30'), 'deceased.dateOfDeath'],
    ['instant not in UTC', (v: Record<string, unknown>) => (v.submittedAt = '2026-11-22T09:15:00+07:00'), 'submittedAt'],
    ['unknown bundle', (v: Record<string, unknown>) => (v.bundle = 'death-4in1'), 'bundle'],
    ['bad dossier code', (v: Record<string, unknown>) => (v.dossierCode = 'HS-1'), 'dossierCode'],
  ])('refuses %s', (_what, mutate, path) => {
    const value = example('ApplicationSubmitted');
    mutate(value);
    const result = decode('ApplicationSubmitted', value);
    expect(!result.ok && result.errors.map((e) => e.split(':')[0])).toEqual(expect.arrayContaining([path]));
  });

  it('wants exactly one of death notice and replacing document', () => {
    const neither = example('ApplicationSubmitted');
    delete neither.deathNotice;
    expect(decode('ApplicationSubmitted', neither)).toMatchObject({
      ok: false,
      errors: ['deathNotice: deathNotice or replacingDocument is required'],
    });
    const both = example('ApplicationSubmitted');
    both.replacingDocument = example('DeathRegistrationRequested').replacingDocument;
    expect(decode('ApplicationSubmitted', both)).toMatchObject({
      ok: false,
      errors: ['deathNotice: deathNotice and replacingDocument must not both be given'],
    });
    expect(decode('DeathRegistrationRequested', example('DeathRegistrationRequested')).ok).toBe(true);
  });

  it('wants funeral options exactly for the 3-in-1 bundle', () => {
    const without = example('ApplicationSubmitted');
    delete without.funeral;
    expect(decode('ApplicationSubmitted', without)).toMatchObject({
      ok: false,
      errors: ['funeral: funeral is required when bundle is death-3in1'],
    });
    const twoInOne: Record<string, unknown> = { ...example('ApplicationSubmitted'), bundle: 'death-2in1' };
    expect(decode('ApplicationSubmitted', twoInOne)).toMatchObject({
      ok: false,
      errors: ['funeral: funeral must be absent unless bundle is death-3in1'],
    });
    delete twoInOne.funeral;
    expect(decode('ApplicationSubmitted', twoInOne).ok).toBe(true);
  });

  it('wants a bank account exactly when paying by bank', () => {
    const counter = example('FuneralAllowanceRequested');
    (counter.payment as Record<string, unknown>).method = 'counter';
    expect(decode('FuneralAllowanceRequested', counter)).toMatchObject({
      ok: false,
      errors: ['payment.bankAccount: bankAccount must be absent unless method is bank'],
    });
    delete (counter.payment as Record<string, unknown>).bankAccount;
    expect(decode('FuneralAllowanceRequested', counter).ok).toBe(true);
    const bank = example('ApplicationSubmitted');
    delete (bank.funeral as Record<string, unknown>).bankAccount;
    expect(decode('ApplicationSubmitted', bank)).toMatchObject({
      ok: false,
      errors: ['funeral.bankAccount: bankAccount is required when paymentMethod is bank'],
    });
  });

  it('refuses a value that is not a JSON object', () => {
    expect(decode('DeathRegistered', '{not json')).toMatchObject({ ok: false, reason: 'invalid' });
    expect(decode('DeathRegistered', [1])).toMatchObject({ ok: false, reason: 'invalid' });
    expect(decode('DeathRegistered', null)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('keeps each agency to its own procedures', () => {
    const value = { ...example('SocialProtectionRequestCancelled'), procedure: 'death-registration' };
    expect(decode('SocialProtectionRequestCancelled', value)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('data minimisation', () => {
  const personalIdFields = (type: string): string[] => {
    const found: string[] = [];
    const walk = (v: unknown, path: string): void => {
      if (typeof v === 'string' && /^\d{12}$/.test(v)) found.push(path);
      else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, path ? `${path}.${k}` : k);
    };
    walk(exampleMessages[type], '');
    return found.sort();
  };

  it('gives each agency only the personal ids its procedure needs', () => {
    expect(personalIdFields('DeathRegistrationRequested')).toEqual(['deceased.personalId', 'requester.personalId']);
    expect(personalIdFields('ResidenceDeregistrationRequested')).toEqual(['deceased.personalId', 'newHeadPersonalId']);
    expect(personalIdFields('FuneralAllowanceRequested')).toEqual(['deceased.personalId', 'requester.personalId']);
  });

  it('keeps contact and payment details away from civil registry', () => {
    const fields = JSON.stringify([exampleMessages.DeathRegistrationRequested, exampleMessages.ResidenceDeregistrationRequested]);
    for (const field of ['phone', 'email', 'address', 'bankAccount', 'payment']) expect(fields).not.toContain(`"${field}"`);
  });

  it('keeps cause of death and death notice away from social protection', () => {
    const fields = JSON.stringify(exampleMessages.FuneralAllowanceRequested);
    for (const field of ['causeOfDeath', 'placeOfDeath', 'dateOfBirth', 'deathNotice', 'attachments']) expect(fields).not.toContain(`"${field}"`);
    const extra = { ...example('FuneralAllowanceRequested'), deathNotice: exampleMessages.ApplicationSubmitted.deathNotice };
    expect(decode('FuneralAllowanceRequested', extra)).toMatchObject({ ok: false, reason: 'invalid' });
  });
});

describe('topicFor', () => {
  it.each(allContracts().map((c) => [c.type, c.topic] as const))('%s is published on %s', (type, topic) => {
    expect(topicFor(type)).toBe(topic);
    expect(contractOf(type)?.topic).toBe(topic);
  });

  it('says undefined for an internal event', () => {
    expect(topicFor('ClaimAssessed')).toBeUndefined();
  });

  it('routes requests to the agency that handles them', () => {
    expect(topicFor('DeathRegistrationRequested')).toBe(Topics.civilRegistryRequests);
    expect(topicFor('ResidenceDeregistrationRequested')).toBe(Topics.civilRegistryRequests);
    expect(topicFor('FuneralAllowanceRequested')).toBe(Topics.socialProtectionRequests);
  });

  it('has a consumer for every contract, and a dead-letter twin for every topic in use', () => {
    for (const c of allContracts()) {
      expect(c.consumedBy.length).toBeGreaterThan(0);
      expect(c.consumedBy).not.toContain(c.producedBy);
      expect(ConsumedTopics).toContain(c.topic);
    }
  });
});
