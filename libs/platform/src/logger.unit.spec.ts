import { continueTrace, runWithContext } from '@lienthong/messaging';
import { JsonLogger, MASKED_ID, maskPersonalIds } from './logger';

const capture = () => {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const logger = new JsonLogger('intake', 'debug', (line) => {
    raw.push(line);
    lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { logger, lines, raw };
};

describe('JsonLogger', () => {
  it('writes one JSON object per line with the service name', () => {
    const { logger, lines } = capture();
    logger.emit('log', 'hello', 'test', { n: 1 });
    expect(lines[0]).toMatchObject({ level: 'log', service: 'intake', context: 'test', msg: 'hello', n: 1 });
  });

  it('adds the application, dossier code and trace of the unit of work in progress', () => {
    const { logger, lines } = capture();
    const ctx = continueTrace('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', {
      applicationId: 'app-1',
      dossierCode: '000.00.31.H12-261122-0001',
    });
    runWithContext(ctx, () => logger.child('inbox').info('handled'));
    logger.emit('log', 'outside');
    expect(lines[0]).toMatchObject({
      applicationId: 'app-1',
      dossierCode: '000.00.31.H12-261122-0001',
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: ctx.spanId,
    });
    expect(lines[1]).not.toHaveProperty('traceId');
  });

  it('masks a 12-digit personal id wherever it appears in a line, as a last line of defence', () => {
    const { logger, raw } = capture();
    logger.emit('warn', 'no such person 001045012345', 'registry', { personalId: '079203001234', note: 'id=001078054321.' });
    logger.emit('error', new Error('lookup 001045012345 failed'));
    for (const line of raw) expect(line).not.toMatch(/001045012345|079203001234|001078054321/);
    expect(raw[0]).toContain(MASKED_ID);
  });

  it('leaves longer digit runs, UUIDs, trace ids and dossier codes alone', () => {
    const keep = [
      '1763781234567',
      '7d0e4c1a-2b3f-4a5e-9c8d-123456789012',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '000.00.31.H12-261122-0001',
      'PO-2026-0042',
    ];
    for (const value of keep) expect(maskPersonalIds(value)).toBe(value);
    expect(maskPersonalIds('"001045012345"')).toBe(`"${MASKED_ID}"`);
    expect(maskPersonalIds('a 001045012345 b 079203001234')).toBe(`a ${MASKED_ID} b ${MASKED_ID}`);
  });
});
