/**
 * `npm run security:matrix`: renders docs/authorization-matrix.json into docs/security.md between
 * its markers (the unit test authorization-matrix.unit.spec.ts fails while they differ).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { SECURITY_DOC, loadMatrix, renderMatrix, withMatrix } from '../e2e/authorization-matrix';

writeFileSync(SECURITY_DOC, withMatrix(readFileSync(SECURITY_DOC, 'utf8'), renderMatrix(loadMatrix())));
process.stdout.write(`${SECURITY_DOC}: authorization matrix written\n`);
