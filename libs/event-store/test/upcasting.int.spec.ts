import { uniqueName } from '@lienthong/testing';
import { type Upcaster, aggregateStream } from '../src';
import { type StoreFixture, storeFixture, tailUntil } from './helpers';

jest.setTimeout(60_000);

const upcasters: Upcaster[] = [
  { type: 'AmountSet', fromVersion: 1, upcast: (d) => ({ data: { amountVnd: (d as { amount: number }).amount } }) },
  { type: 'AmountSet', fromVersion: 2, upcast: (d) => ({ data: { ...(d as object), currency: 'VND' } }) },
];

describe('upcasting on read', () => {
  let f: StoreFixture;
  beforeAll(async () => {
    f = await storeFixture('upcasting');
  });
  afterAll(() => f.close());

  it('upcasts old stored versions in readStream, readAll, transactions and folds; storage is untouched', async () => {
    const stream = uniqueName('claim');
    await f.store.append(
      stream,
      [
        { type: 'AmountSet', data: { amount: 100 }, schemaVersion: 1 },
        { type: 'AmountSet', data: { amountVnd: 200 }, schemaVersion: 2 },
        { type: 'AmountSet', data: { amountVnd: 300, currency: 'VND' }, schemaVersion: 3 },
      ],
      { expectedVersion: 'no-stream' },
    );
    const reader = await f.open({ upcasters });
    const expected = [
      { schemaVersion: 3, data: { amountVnd: 100, currency: 'VND' } },
      { schemaVersion: 3, data: { amountVnd: 200, currency: 'VND' } },
      { schemaVersion: 3, data: { amountVnd: 300, currency: 'VND' } },
    ];
    expect(await reader.readStream(stream)).toMatchObject(expected);
    expect(await tailUntil(reader, [stream], 3)).toMatchObject(expected);
    expect(await reader.transaction((tx) => tx.readStream(stream))).toMatchObject(expected);
    const { state } = await aggregateStream(reader, stream, {
      initialState: () => 0,
      evolve: (sum: number, e: { type: string; data: unknown }) => sum + (e.data as { amountVnd: number }).amountVnd,
    });
    expect(state).toBe(600);
    // Without upcasters the store shows what is stored.
    expect((await f.store.readStream(stream)).map((e) => e.schemaVersion)).toEqual([1, 2, 3]);
  });
});
