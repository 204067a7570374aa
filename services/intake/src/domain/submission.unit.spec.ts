import { bundleOf, loadCatalogue } from '@lienthong/bundle-catalogue';
import { Bundles } from '@lienthong/contracts';
import { BundleProcedures, localDate } from './submission';

describe('submission', () => {
  it('knows the same procedures per bundle as the routing catalogue', () => {
    const catalogue = loadCatalogue();
    for (const bundle of Bundles) expect(BundleProcedures[bundle]).toEqual(bundleOf(catalogue, bundle).procedures.map((p) => p.code));
  });
  it('takes the local date in Hanoi (UTC+7)', () => {
    expect(localDate('2026-11-22T16:59:59Z')).toBe('2026-11-22');
    expect(localDate('2026-11-22T17:00:00Z')).toBe('2026-11-23');
  });
});
