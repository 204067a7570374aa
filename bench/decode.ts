/**
 * Decode cost per consumed message (issue 17 item 4), in process, no I/O:
 *   node -r @swc-node/register bench/decode.ts [--seconds 2]
 * For each contract's example as it comes off Kafka (a Buffer of JSON): `JSON.parse` and
 * the contract check, with class-transformer + class-validator (before) and with the compiled
 * validators (after); then the Nest handler's global ValidationPipe on the decoded payload,
 * which Kafka handlers still run (bootstrap's `inheritAppConfig`). Prints µs per message.
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ValidationPipe } from '@nestjs/common';
import { RpcParamtype } from '@nestjs/microservices/enums/rpc-paramtype.enum';
import { ContractSchemas, type ContractType, allContracts, contracts, exampleMessages } from '@lienthong/contracts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });
const seconds = Number(values.seconds);

interface Sample {
  type: string;
  buffer: Buffer;
}
const samples: Sample[] = allContracts().map((c) => ({ type: c.type, buffer: Buffer.from(JSON.stringify(exampleMessages[c.type])) }));
const only = (type: string) => samples.filter((s) => s.type === type);

type Decode = (meta: { eventType: string; schemaVersion: number }, value: unknown) => { ok: boolean };
const classes: Decode = (m, v) => contracts.decodeWithClasses(m, v);
const compiled: Decode = (m, v) => contracts.decode(m, v);

/** µs per message over `seconds`, after a warm-up, cycling through the samples. */
const measure = (decode: Decode, list: Sample[]): number => {
  const run = (n: number) => {
    for (let i = 0; i < n; i++) {
      const s = list[i % list.length];
      if (!decode({ eventType: s.type, schemaVersion: 1 }, JSON.parse(s.buffer.toString('utf8'))).ok) throw new Error(`${s.type} refused`);
    }
  };
  run(20_000);
  let n = 0;
  const started = process.hrtime.bigint();
  const until = started + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < until) {
    run(1_000);
    n += 1_000;
  }
  return Number(process.hrtime.bigint() - started) / 1e3 / n;
};

/** The same for the global pipe of the services (libs/platform strictValidationPipe's options) on a decoded payload. */
const measurePipe = async (list: Sample[]): Promise<number> => {
  const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  const decoded = list.map((s) => {
    const r = contracts.decode({ eventType: s.type, schemaVersion: 1 }, s.buffer);
    if (!r.ok) throw new Error(`${s.type} refused`);
    return { data: r.data, metatype: ContractSchemas[s.type as ContractType] };
  });
  const run = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const d = decoded[i % decoded.length];
      await pipe.transform(d.data, { type: RpcParamtype.PAYLOAD as never, metatype: d.metatype });
    }
  };
  await run(20_000);
  let n = 0;
  const started = process.hrtime.bigint();
  const until = started + BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() < until) {
    await run(1_000);
    n += 1_000;
  }
  return Number(process.hrtime.bigint() - started) / 1e3 / n;
};

const main = async () => {
  const t0 = process.hrtime.bigint();
  contracts.compile();
  const compileMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const rows: [string, Sample[]][] = [
    [`all ${samples.length} contracts' examples, in turn`, samples],
    ['DeathRegistered (small)', only('DeathRegistered')],
    ['ApplicationSubmitted (largest)', only('ApplicationSubmitted')],
  ];
  process.stdout.write(`compiling the validators of ${samples.length} contracts: ${compileMs.toFixed(0)} ms\n`);
  process.stdout.write('| messages | before: class-transformer + class-validator µs | after: compiled µs | ratio | Nest global ValidationPipe µs |\n|---|---|---|---|---|\n');
  for (const [name, list] of rows) {
    const before = measure(classes, list);
    const after = measure(compiled, list);
    const pipe = await measurePipe(list);
    process.stdout.write(`| ${name} | ${before.toFixed(1)} | ${after.toFixed(1)} | ${(before / after).toFixed(1)}× | ${pipe.toFixed(1)} |\n`);
  }
};

void main();
