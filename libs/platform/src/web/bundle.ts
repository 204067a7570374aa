/**
 * Browser scripts written in TypeScript (the counter app, the citizen page, the console's sign-in:
 * issue 22) bundled by esbuild: everything a page runs comes from our own origin, nothing from a
 * CDN. `npm run build:web` writes them for a deployment; without a prebuilt file, a service
 * bundles in memory at start (esbuild is loaded only then).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export async function bundleBrowserScripts(entryPoints: Record<string, string>, outdir?: string): Promise<Map<string, string>> {
  const { build } = await import('esbuild');
  const out = await build({
    entryPoints,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: outdir !== undefined,
    outdir: outdir ?? '/virtual',
    logLevel: 'silent',
  });
  return new Map((out.outputFiles ?? []).map((f) => [basename(f.path), f.text]));
}

/** The prebuilt scripts from `dist`, when all are there; else bundled now. */
export async function browserScripts(entryPoints: Record<string, string>, dist: string): Promise<Map<string, string>> {
  const names = Object.keys(entryPoints).map((n) => `${n}.js`);
  if (names.every((n) => existsSync(join(dist, n)))) return new Map(names.map((n) => [n, readFileSync(join(dist, n), 'utf8')]));
  return bundleBrowserScripts(entryPoints);
}
