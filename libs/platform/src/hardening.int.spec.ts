/**
 * Issue 21, the hardening rows, against a real service: token lifetime and `iat`, no-store on
 * API answers, failed authentications rate-limited, health probes exempt from the anonymous
 * limit, a request timeout for slow bodies, no query string echoed in a problem, debug lines at
 * LOG_LEVEL=debug.
 */
import { connect } from 'node:net';
import { Controller, Get, Module, Post, Body, HttpCode } from '@nestjs/common';
import { IsString } from 'class-validator';
import { Topics } from '@lienthong/contracts';
import { type TestService, bearer, startTestService } from '@lienthong/testing';
import { Roles } from './roles';
import { ServiceConfig } from './service-config';
import { type ServiceDefinition } from './runtime';

class NoteDto {
  @IsString() text!: string;
}

@Controller('api/v1/things')
class ThingsController {
  @Get()
  @Roles('counter-officer')
  list(): { items: string[] } {
    return { items: ['a'] };
  }

  @Get('public')
  @Roles('public')
  open(): { ok: true } {
    return { ok: true };
  }

  @Post()
  @HttpCode(200)
  @Roles('public')
  note(@Body() body: NoteDto): NoteDto {
    return body;
  }
}
@Module({ controllers: [ThingsController] })
class ThingsModule {}

const definition: ServiceDefinition<ServiceConfig> = {
  name: 'test-hardening',
  title: 'hardening',
  description: 'the HTTP edge of every service',
  defaultPort: 0,
  configSchema: ServiceConfig,
  consumes: [Topics.routingEvents],
  imports: [ThingsModule],
  migrations: [],
};

describe('HTTP hardening (issue 21)', () => {
  let service: TestService<ServiceConfig>;
  const lines: string[] = [];
  let spy: jest.SpyInstance;
  beforeAll(async () => {
    const write = process.stdout.write.bind(process.stdout);
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    });
    service = await startTestService(definition, {
      LOG_LEVEL: 'debug',
      HTTP_AUTH_FAILURES_PER_MINUTE: '5',
      HTTP_RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
      HTTP_REQUEST_TIMEOUT_MS: '1000',
    });
  });
  afterAll(async () => {
    spy?.mockRestore();
    await service?.close();
  });
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${service.url}${path}`, { headers });
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a token living longer than the maximum or issued in the future beyond the skew; accepts an ordinary one', async () => {
    expect((await get('/api/v1/things', bearer({ roles: ['counter-officer'], unit: '00031' }))).status).toBe(200);
    expect((await get('/api/v1/things', bearer({ roles: ['counter-officer'], ttlSeconds: 1e11 }))).status).toBe(401);
    expect((await get('/api/v1/things', bearer({ roles: ['counter-officer'], ttlSeconds: 13 * 3600 }))).status).toBe(401);
    expect((await get('/api/v1/things', bearer({ roles: ['counter-officer'], iat: now() + 365 * 86_400 }))).status).toBe(401);
    expect((await get('/api/v1/things', bearer({ roles: ['counter-officer'], iat: now() + 10 }))).status).toBe(200); // within the skew
  });

  it('answers of the APIs are never stored (Cache-Control: no-store); health probes are never rate-limited', async () => {
    expect((await get('/api/v1/things', bearer({ roles: ['counter-officer'] }))).headers.get('cache-control')).toBe('no-store');
    const health = await Promise.all(Array.from({ length: 10 }, () => get('/health/live')));
    expect(health.map((r) => r.status)).toEqual(Array(10).fill(200));
    const open = [];
    for (let i = 0; i < 5; i++) open.push((await get('/api/v1/things/public')).status);
    expect(open).toContain(429); // the anonymous limit (3 a minute here) is on, only not for probes
  });

  it('limits failed authentications per address: 429 with Retry-After instead of 401', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await get('/api/v1/things', { authorization: 'Bearer a.b.c' });
      statuses.push(last.status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  });

  it('closes a request whose body trickles in slower than the request timeout (408)', async () => {
    const { port, hostname } = new URL(service.url);
    const started = Date.now();
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let received = '';
      let sent = 0;
      const drip = setInterval(() => {
        if (socket.writable && sent < 60) {
          socket.write('x');
          sent++;
        }
      }, 300);
      socket.on('connect', () => socket.write(`POST /api/v1/things HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: 60\r\n\r\n`));
      socket.on('data', (d: Buffer) => (received += d.toString()));
      socket.on('close', () => {
        clearInterval(drip);
        resolve(received);
      });
      socket.on('error', (e) => {
        clearInterval(drip);
        reject(e);
      });
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a 404 names the path, never its query string (a personal id may be in it)', async () => {
    const res = await get('/api/v1/nowhere?personalId=001078054321', bearer({ roles: ['counter-officer'] }));
    expect(res.status).toBe(404);
    const text = await res.text();
    expect(text).not.toContain('001078054321');
    expect(text).not.toContain('personalId');
  });

  it('prints debug lines at LOG_LEVEL=debug (one per answered request)', async () => {
    await get('/api/v1/things/public?x=1');
    await new Promise((r) => setTimeout(r, 50));
    const debug = lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"level":"debug"'));
    expect(debug.some((l) => l.includes('/api/v1/things/public'))).toBe(true);
  });
});
