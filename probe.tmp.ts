import { contracts, decodeMessage, exampleMessages } from '@lienthong/contracts';
let t = process.hrtime.bigint();
contracts.compile();
console.log('compile ms', Number(process.hrtime.bigint() - t) / 1e6);
for (const [type, v] of Object.entries(exampleMessages)) {
  const r = decodeMessage({ eventType: type, schemaVersion: 1 }, v);
  if (!r.ok) console.log(type, r);
}
console.log(decodeMessage({ eventType: 'ApplicationSubmitted', schemaVersion: 1 }, { ...exampleMessages.ApplicationSubmitted, deathNotice: undefined }));
