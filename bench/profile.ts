/**
 * `node -r @swc-node/register bench/profile.ts <dir>`: sums the V8 CPU profiles the services
 * wrote (BENCH_CPU_PROF=<dir> npm run bench) by where the time went: our code by folder,
 * dependencies by package, V8/Node internals, garbage collection and idle.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { table } from './stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function bucketOf(url: string, fn: string): string {
  if (fn === '(idle)') return '(idle)';
  if (fn === '(garbage collector)') return '(gc)';
  if (fn === '(program)') return '(program)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(libs|services)\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}${ours[3] && !ours[3].includes('.') ? `/${ours[3]}` : ''}`;
  if (url.startsWith('node:') || url === '') return `node:${fn ? 'internals' : 'native'}`;
  return url;
}

function summarise(file: string): Map<string, number> {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const key = bucketOf(n.callFrame.url, n.callFrame.functionName);
    totals.set(key, (totals.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return totals;
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: bench/profile.ts <dir with .cpuprofile files>');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.cpuprofile'))) {
    const totals = summarise(join(dir, f));
    const busy = [...totals].filter(([k]) => k !== '(idle)').reduce((s, [, v]) => s + v, 0);
    const rows = [...totals].filter(([k]) => k !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 18);
    process.stdout.write(`\n${f}: ${Math.round(busy)} ms busy\n`);
    process.stdout.write(table([['where', 'self ms', '%'], ...rows.map(([k, v]) => [k, v, (100 * v) / busy])]) + '\n');
  }
}
