import v1 from '../data/catalogue.v1.json';
import { CatalogueError } from './errors';
import type { Catalogue } from './types';
import { validateCatalogue } from './validate';

/** Every catalogue version ever released, oldest first (a running application keeps its version). */
const released: readonly unknown[] = [v1];

let cache: readonly Catalogue[] | undefined;

/** All released versions, validated (throws `CatalogueError` on the first bad one). */
export function loadCatalogues(): readonly Catalogue[] {
  cache ??= released.map(validateCatalogue);
  return cache;
}

/** The latest catalogue version, validated: new applications use it. */
export function loadCatalogue(): Catalogue {
  const all = loadCatalogues();
  return all[all.length - 1];
}

/**
 * The catalogue version an application started with. `catalogues` is one catalogue or a list
 * of versions (default: all released versions).
 */
export function catalogueVersion(catalogues: Catalogue | readonly Catalogue[], version: string): Catalogue {
  const list = Array.isArray(catalogues) ? (catalogues as readonly Catalogue[]) : [catalogues as Catalogue];
  const found = list.find((c) => c.version === version) ?? loadCatalogues().find((c) => c.version === version);
  if (found === undefined) throw new CatalogueError('UNKNOWN_VERSION', `no catalogue version "${version}"`);
  return found;
}
