import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The purity ban (eslint.config.mjs, STYLE.md "Guardrails") as ESLint resolves it for each file.
// ESLint loads its config with import(), which jest's sandbox refuses, so one plain node child
// asks it for all the files at once (no parsing: it costs the config load only).
const root = join(__dirname, '..');
const pure = [
  'services/routing/src/workflow/workflow.decider.ts',
  'services/routing/src/workflow/workflow.evolve.ts',
  'services/routing/src/workflow/workflow.timers.ts',
  'services/routing/src/workflow/workflow.due-dates.ts',
  'services/routing/src/workflow/workflow.common.ts',
  'services/civil-registry/src/domain/death-registration.checks.ts',
  'services/social-protection/src/any-slice/claim.policy.ts',
  'libs/agency-desk/src/lifecycle.ts',
];
const edge = 'services/routing/src/engine/workflow-engine.ts';

function bansOf(files: string[]): Record<string, string[]> {
  const script = `
    const { ESLint } = require('eslint');
    const eslint = new ESLint({ cwd: process.cwd() });
    (async () => {
      const out = {};
      for (const f of JSON.parse(process.argv[1])) {
        const rule = (await eslint.calculateConfigForFile(f))?.rules?.['no-restricted-imports'];
        out[f] = rule && rule[0] !== 0 && rule[0] !== 'off' ? rule[1].patterns.flatMap((p) => p.group) : [];
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(files)], { cwd: root, encoding: 'utf8' })) as Record<string, string[]>;
}

describe('the lint ban on I/O imports covers every pure file', () => {
  const bans = bansOf([...pure, edge]);
  const banned = ['@nestjs/*', 'typeorm', 'kafkajs', 'pg', 'express', '@lienthong/platform', '@lienthong/messaging'];

  it.each(pure)('bans Nest, TypeORM, kafkajs, pg, express and the libraries carrying them in %s', (file) =>
    expect(bans[file]).toEqual(expect.arrayContaining(banned)));

  it('leaves the edges free to use them', () => expect(bans[edge]).toEqual([]));
});
