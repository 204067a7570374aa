import { readFileSync } from 'node:fs';
import { COLUMNS, MATRIX_SERVICES, SECURITY_DOC, embeddedMatrix, loadMatrix, renderMatrix } from './authorization-matrix';

describe('the authorization matrix as data (docs/authorization-matrix.json)', () => {
  const matrix = loadMatrix();

  it('has a row for every service and, in each row, a status or null for every caller', () => {
    expect(Object.keys(matrix.routes).sort()).toEqual([...MATRIX_SERVICES].sort());
    for (const service of MATRIX_SERVICES) {
      for (const [route, row] of Object.entries(matrix.routes[service])) {
        expect([route, Object.keys(row).sort()]).toEqual([route, [...COLUMNS].sort()]);
        for (const c of COLUMNS) expect([route, c, row[c] === null || (Number.isInteger(row[c]) && row[c]! >= 200 && row[c]! < 600)]).toEqual([route, c, true]);
      }
    }
  });

  it('never lets anyone without a token into anything but the public routes, and never lets another unit or requester read or change a thing', () => {
    // The citizen page's lookup and rating are public (ADR 0654).
    const PUBLIC = /^(GET \/health\/|POST \/api\/v1\/lookup(\/rating)?$)/;
    for (const service of MATRIX_SERVICES) {
      for (const [route, row] of Object.entries(matrix.routes[service])) {
        if (!PUBLIC.test(route)) expect([service, route, row.anonymous]).toEqual([service, route, 401]);
        for (const c of ['another-unit', 'another-requester'] as const) if (row[c] !== null) expect([service, route, c, row[c]! >= 400]).toEqual([service, route, c, true]);
      }
    }
  });

  it('is what docs/security.md shows (npm run security:matrix writes it)', () => {
    expect(embeddedMatrix(readFileSync(SECURITY_DOC, 'utf8'))).toBe(renderMatrix(matrix));
  });
});
