#!/usr/bin/env node
/**
 * The npm registry this project's machines reach carries each native package's builds for
 * Linux only. npm then writes no package-lock entries for the other platforms' optional
 * binaries (@swc/core-darwin-arm64, ...), and `npm ci` refuses such a lock as out of sync.
 * This adds those entries, marked optional with the `os`/`cpu`/`libc` their names state, so
 * `npm ci` skips them on Linux without fetching, exactly as it does with a lock written where
 * every build is available. Run it after any `npm install` that changes the lock:
 *   npm install && npm run lock:complete
 * `--check` exits 1 when an entry is missing (the test suite runs it).
 */
const fs = require('node:fs');
const path = require('node:path');

const LOCK = path.join(__dirname, '..', 'package-lock.json');
const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'sunos', 'aix'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32', 'mips64el'];

/** `@swc/core-linux-arm-gnueabihf` → { os: linux, cpu: arm, libc: glibc }; undefined when not a platform build. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  if (!os || !cpu) return undefined;
  const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : parts.some((p) => p.startsWith('gnu')) ? 'glibc' : undefined;
  return { os: [os], cpu: [cpu], ...(os === 'linux' && libc ? { libc: [libc] } : {}) };
}

function missingEntries(lock) {
  const added = {};
  for (const [location, pkg] of Object.entries(lock.packages)) {
    for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
      const own = `${location ? location + '/' : ''}node_modules/${dep}`;
      const hoisted = `node_modules/${dep}`;
      if (lock.packages[own] || lock.packages[hoisted] || added[hoisted]) continue;
      const platform = platformOf(dep);
      if (!platform) continue;
      added[hoisted] = { version, ...(pkg.dev ? { dev: true } : {}), optional: true, ...platform };
    }
  }
  return added;
}

const lock = JSON.parse(fs.readFileSync(LOCK, 'utf8'));
const missing = missingEntries(lock);
const names = Object.keys(missing);
if (process.argv.includes('--check')) {
  if (names.length > 0) {
    process.stderr.write(`package-lock.json lacks ${names.length} platform entries (${names.slice(0, 3).join(', ')}...): run npm run lock:complete\n`);
    process.exit(1);
  }
  process.exit(0);
}
const packages = { ...lock.packages, ...missing };
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
fs.writeFileSync(LOCK, JSON.stringify(lock, null, 2) + '\n');
process.stdout.write(`package-lock.json: added ${names.length} platform entries\n`);
