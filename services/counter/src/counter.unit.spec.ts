import { ConfigError, loadConfig } from '@lienthong/platform';
import { CounterConfig } from './config';
import { startCounter } from './server';

const env = { COUNTER_INTAKE_URL: 'http://127.0.0.1:3001', COUNTER_CIVIL_REGISTRY_URL: 'http://127.0.0.1:3003', COUNTER_IDENTITY_URL: 'http://127.0.0.1:3090' };

describe('the counter app\'s configuration', () => {
  it('is read from its variables, with the client id defaulted', () => {
    expect(loadConfig('counter', CounterConfig, { ...env, PORT: '8080' })).toMatchObject({ ...env, PORT: 8080, COUNTER_CLIENT_ID: 'counter-app' });
  });

  it('stops the start with every missing or malformed variable named', () => {
    const error = (() => {
      try {
        loadConfig('counter', CounterConfig, { COUNTER_INTAKE_URL: 'intake:3001', COUNTER_CIVIL_REGISTRY_URL: env.COUNTER_CIVIL_REGISTRY_URL });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toContain('COUNTER_INTAKE_URL: COUNTER_INTAKE_URL must be an http(s) URL');
    expect(problems).toContain('COUNTER_IDENTITY_URL: COUNTER_IDENTITY_URL must be a string');
    expect(problems.filter((p) => p.startsWith('COUNTER_CIVIL_REGISTRY_URL'))).toEqual([]);
  });
});

describe('the counter app\'s server', () => {
  it('serves Prometheus metrics at /metrics, its requests counted by route template', async () => {
    const app = await startCounter({ host: '127.0.0.1', port: 0, intakeUrl: env.COUNTER_INTAKE_URL, civilRegistryUrl: env.COUNTER_CIVIL_REGISTRY_URL, identityUrl: env.COUNTER_IDENTITY_URL, issuer: env.COUNTER_IDENTITY_URL, clientId: 'counter-app' });
    try {
      expect((await fetch(`${app.url}/tra-cuu`)).status).toBe(200);
      expect((await fetch(`${app.url}/khong-co`)).status).toBe(404);
      const metrics = await fetch(`${app.url}/metrics`);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(text).toMatch(/lienthong_http_request_duration_seconds_count\{[^}]*route="\/tra-cuu"[^}]*status="200"/);
      expect(text).toMatch(/lienthong_http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status="404"/);
      expect(text).toContain('service="counter"');
    } finally {
      await app.close();
    }
  });
});
