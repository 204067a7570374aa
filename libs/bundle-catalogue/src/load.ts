import v1 from '../data/catalogue.v1.json';
import v2 from '../data/catalogue.v2.json';
import v3 from '../data/catalogue.v3.json';
import { localDate } from '@lienthong/working-calendar';
import { CatalogueError } from './errors';
import type { Catalogue } from './types';
import { validateCatalogue } from './validate';

/** Every catalogue version ever released, oldest first (a running application keeps its version). */
const released: readonly unknown[] = [v1, v2, v3];

let cache: readonly Catalogue[] | undefined;

/** All released versions, validated (throws `CatalogueError` on the first bad one), effective dates in order. */
export function loadCatalogues(): readonly Catalogue[] {
  cache ??= checkedOrder(released.map(validateCatalogue));
  return cache;
}

function checkedOrder(all: Catalogue[]): Catalogue[] {
  let previous = '';
  for (const c of all) {
    const from = c.effectiveFrom ?? '';
    if (from < previous) throw new CatalogueError('INVALID_CATALOGUE', `catalogue ${c.version}: effectiveFrom ${from} is before an earlier version's ${previous}`);
    previous = from;
  }
  return all;
}

/**
 * The version in force for an application received at `receivedAt` (docs/adr/0305): the last
 * confirmed version whose `effectiveFrom` (local date) is on or before the day of receipt.
 */
export function catalogueInForceOn(catalogues: readonly Catalogue[], receivedAt: string | Date): Catalogue {
  const day = localDate(typeof receivedAt === 'string' ? receivedAt : receivedAt.toISOString());
  const found = [...catalogues].reverse().find((c) => !c.pendingConfirmation && (c.effectiveFrom ?? '') <= day);
  if (!found) throw new CatalogueError('UNKNOWN_VERSION', `no catalogue version in force on ${day}`);
  return found;
}

/** The catalogue in force today (the newest confirmed one already effective). */
export function loadCatalogue(): Catalogue {
  return catalogueInForceOn(loadCatalogues(), new Date());
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
