import { continueTrace, currentContext, runWithContext } from '@lienthong/messaging';
import { dossierCodeInPath, httpObservability, metricsPathOf, routeOf } from './http-observability';
import { enrichEvents } from './observed-store';
import { findSeries } from './find-series';
import { ServiceMetrics } from './service-metrics';

const code = '000.00.31.H12-261122-0001';


describe('enrichEvents', () => {
  it('leaves events alone outside any unit of work, except a dossier code found in the data', () => {
    const plain = { type: 'X', data: {}, metadata: { correlationId: 'app-1' } };
    expect(enrichEvents([plain])[0]).toBe(plain);
    expect(enrichEvents([{ type: 'ApplicationSubmitted', data: { dossierCode: code }, metadata: { correlationId: 'app-1' } }])[0]
      .metadata).toEqual({ correlationId: 'app-1', dossierCode: code });
  });

  it("fills the context's traceparent and learns the dossier code for the rest of the request", () => {
    const ctx = continueTrace(undefined);
    runWithContext(ctx, () => {
      const [submitted, later] = enrichEvents([
        { type: 'ApplicationSubmitted', data: { dossierCode: code }, metadata: { correlationId: 'app-1' } },
        { type: 'AppointmentSet', data: {}, metadata: { correlationId: 'app-1' } },
      ]);
      expect(submitted.metadata).toMatchObject({ traceparent: ctx.traceparent, dossierCode: code });
      expect(later.metadata).toMatchObject({ traceparent: ctx.traceparent, dossierCode: code });
      expect(currentContext()).toMatchObject({ applicationId: 'app-1', dossierCode: code });
      // Another application in the same unit of work does not get this one's code.
      const [other] = enrichEvents([{ type: 'Y', data: {}, metadata: { correlationId: 'app-2' } }]);
      expect(other.metadata).not.toHaveProperty('dossierCode');
    });
  });

  it("never overrides the caller's metadata, and ignores a data field not shaped like a dossier code", () => {
    const ctx = continueTrace(undefined, { applicationId: 'app-1', dossierCode: code });
    const mine = '00-11111111111111111111111111111111-2222222222222222-01';
    runWithContext(ctx, () => {
      const [e] = enrichEvents([{ type: 'X', data: { dossierCode: 'not a code' }, metadata: { correlationId: 'app-1', traceparent: mine } }]);
      expect(e.metadata).toEqual({ correlationId: 'app-1', traceparent: mine, dossierCode: code });
    });
  });
});

describe('HTTP helpers', () => {
  it('labels a request with its route template, or `unmatched`', () => {
    const req = (over: object) => Object.assign(Object.create(null) as object, over) as Parameters<typeof routeOf>[0];
    expect(routeOf(req({ route: { path: '/api/v1/applications/:id' }, baseUrl: '' }))).toBe('/api/v1/applications/:id');
    expect(routeOf(req({}))).toBe('unmatched');
  });

  it('finds a dossier code in a path segment', () => {
    expect(dossierCodeInPath(`/api/v1/applications/${encodeURIComponent(code)}/status`)).toBe(code);
    expect(dossierCodeInPath('/api/v1/applications/abc')).toBeUndefined();
  });

  it('serves /metrics by default, elsewhere, or not at all', () => {
    expect(metricsPathOf(undefined)).toBe('/metrics');
    expect(metricsPathOf('/internal/metrics')).toBe('/internal/metrics');
    expect(metricsPathOf('off')).toBeUndefined();
  });
});

describe('ServiceMetrics', () => {
  it('exposes the service label, default process metrics and the observed series', async () => {
    const metrics = new ServiceMetrics('intake');
    metrics.observeHttp('GET', '/health/live', 200, 0.002);
    metrics.consumerObserver.attempted?.({ topic: 't', type: 'ApplicationSubmitted', outcome: 'handled', durationMs: 3 });
    metrics.consumerObserver.attempted?.({ topic: 't', type: 'ApplicationSubmitted', outcome: 'error', durationMs: 3 });
    metrics.consumerObserver.retried?.({ topic: 't', type: 'ApplicationSubmitted' });
    metrics.consumerObserver.deadLettered?.({ topic: 't', type: 'ApplicationSubmitted', code: 'invalid' });
    metrics.consumerObserver.lag?.({ topic: 't', partition: 3, lag: 7 });
    metrics.relayObserver.published?.({ count: 4, durationMs: 12 });
    metrics.observeAppend(0.004);
    const { body, contentType } = await metrics.scrape();
    expect(contentType).toMatch(/text\/plain/);
    const series: [string, Record<string, string>, number?][] = [
      ['process_cpu_user_seconds_total', {}],
      ['lienthong_http_request_duration_seconds_count', { method: 'GET', route: '/health/live', status: '200' }, 1],
      ['lienthong_consumer_handler_duration_seconds_count', { topic: 't', type: 'ApplicationSubmitted', outcome: 'handled' }, 1],
      ['lienthong_consumer_messages_handled_total', { topic: 't', type: 'ApplicationSubmitted' }, 1],
      ['lienthong_consumer_messages_failed_total', { topic: 't', type: 'ApplicationSubmitted' }, 1],
      ['lienthong_consumer_messages_retried_total', { topic: 't', type: 'ApplicationSubmitted' }, 1],
      ['lienthong_consumer_messages_dead_lettered_total', { topic: 't', type: 'ApplicationSubmitted', code: 'invalid' }, 1],
      ['lienthong_consumer_lag_messages', { topic: 't', partition: '3' }, 7],
      ['lienthong_outbox_published_total', {}, 4],
      ['lienthong_outbox_publish_duration_seconds_count', {}, 1],
      ['lienthong_event_store_append_duration_seconds_count', {}, 1],
    ];
    for (const [name, labels, value] of series) {
      expect(findSeries(body, name, { ...labels, service: 'intake' })).toEqual(value ?? expect.any(Number));
    }
  });
});

describe('httpObservability middleware', () => {
  type Mw = ReturnType<typeof httpObservability>;
  const call = async (mw: Mw, path: string, headers: Record<string, string> = {}) => {
    const out: { headers: Record<string, string>; body?: string; next: boolean; traceId?: string } = { headers: {}, next: false };
    const finished: (() => void)[] = [];
    const res = {
      statusCode: 200,
      setHeader: (k: string, v: string) => void (out.headers[k] = v),
      end: (body: string) => void (out.body = body),
      once: (_: string, f: () => void) => void finished.push(f),
    };
    await new Promise<void>((resolve) => {
      res.end = (body: string) => { out.body = body; resolve(); };
      (mw as (req: unknown, res: unknown, next: () => void) => void)({ method: 'GET', path, url: path, headers }, res, () => {
        out.next = true;
        out.traceId = currentContext()?.traceId;
        finished.forEach((f) => f());
        resolve();
      });
    });
    return out;
  };

  it('answers the metrics path itself, and passes every other request on in its own trace context', async () => {
    const metrics = new ServiceMetrics('routing');
    const mw = httpObservability(metrics, '/metrics');
    const scraped = await call(mw, '/metrics');
    expect(scraped.next).toBe(false);
    expect(scraped.headers['content-type']).toMatch(/text\/plain/);
    expect(scraped.body).toContain('lienthong_outbox_backlog');
    const passed = await call(mw, '/api/v1/workflows', { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    expect(passed).toMatchObject({ next: true, traceId: '4bf92f3577b34da6a3ce929d0e0e4736' });
    expect(passed.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(findSeries((await metrics.scrape()).body, 'lienthong_http_request_duration_seconds_count', { route: 'unmatched', status: '200' })).toBe(1);
  });

  it('serves no metrics when turned off, and a moved path only', async () => {
    expect((await call(httpObservability(new ServiceMetrics('intake'), undefined), '/metrics')).next).toBe(true);
    const moved = httpObservability(new ServiceMetrics('intake'), '/internal/metrics');
    expect((await call(moved, '/metrics')).next).toBe(true);
    expect((await call(moved, '/internal/metrics')).next).toBe(false);
  });
});
