/**
 * Issue 19 item 5, the known 500s, against a real service: NUL and lone surrogates in a body
 * field, a path id (`%00`) or the query, and a 10,000-deep body are each a 400 problem+json
 * naming the field, refused before any guard or handler runs (a guard here reads its path id
 * as intake's dossier scope reads PostgreSQL).
 */
import { type CanActivate, Controller, type ExecutionContext, Get, HttpCode, Injectable, Module, Param, Post, Body, UseGuards } from '@nestjs/common';
import { IsString } from 'class-validator';
import { Topics } from '@lienthong/contracts';
import { type TestService, bearer, startTestService } from '@lienthong/testing';
import { Roles } from './roles';
import { ServiceConfig } from './service-config';
import { type ServiceDefinition } from './runtime';

const reached: string[] = [];

@Injectable()
class ReadsTheIdGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const id = context.switchToHttp().getRequest<{ params: { id: string } }>().params.id;
    reached.push(id);
    return true;
  }
}

class NoteDto {
  @IsString() text!: string;
}

@Controller('api/v1/notes')
class NotesController {
  @Get(':id')
  @Roles('counter-officer')
  @UseGuards(ReadsTheIdGuard)
  one(@Param('id') id: string): { id: string } {
    return { id };
  }

  @Post()
  @HttpCode(200)
  @Roles('public')
  note(@Body() body: NoteDto): NoteDto {
    return body;
  }
}
@Module({ controllers: [NotesController], providers: [ReadsTheIdGuard] })
class NotesModule {}

const definition: ServiceDefinition<ServiceConfig> = {
  name: 'test-edge-input',
  title: 'edge input',
  description: 'input no store accepts',
  defaultPort: 0,
  configSchema: ServiceConfig,
  consumes: [Topics.routingEvents],
  imports: [NotesModule],
  migrations: [],
};

describe('input no store accepts is refused at the edge (issue 19)', () => {
  let service: TestService<ServiceConfig>;
  beforeAll(async () => {
    service = await startTestService(definition, {});
  });
  afterAll(() => service?.close());
  const officer = bearer({ roles: ['counter-officer'], unit: '00031' });
  const problem = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    return (await res.json()) as { status: number; errors?: { field: string; message: string }[] };
  };
  const post = (raw: string) => fetch(`${service.url}/api/v1/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });

  it('answers 400 naming the path parameter for %00 in an id, before the route guard reads it', async () => {
    reached.length = 0;
    const res = await fetch(`${service.url}/api/v1/notes/a%00b`, { headers: officer });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors).toEqual([{ field: 'id', message: 'id must not contain a NUL character' }]);
    expect(reached).toEqual([]);
    expect((await fetch(`${service.url}/api/v1/notes/ok`, { headers: officer })).status).toBe(200);
  });

  it('answers 400 naming the query parameter for a NUL in the query', async () => {
    const res = await fetch(`${service.url}/api/v1/notes/ok?q=x%00`, { headers: officer });
    expect(res.status).toBe(400);
    expect((await problem(res)).errors?.[0]?.field).toBe('q');
  });

  it('answers 400 naming the body field for a NUL or a lone surrogate, and for a 10,000-deep body', async () => {
    const nul = await post(JSON.stringify({ text: 'a\u0000b' }));
    expect(nul.status).toBe(400);
    expect((await problem(nul)).errors).toEqual([{ field: 'text', message: 'text must not contain a NUL character' }]);
    const surrogate = await post('{"text":"x\\ud800"}');
    expect(surrogate.status).toBe(400);
    expect((await problem(surrogate)).errors?.[0]?.message).toMatch(/lone surrogate/);
    const deep = await post('{"text":'.repeat(10_000) + '"x"' + '}'.repeat(10_000));
    expect(deep.status).toBe(400);
    expect((await problem(deep)).errors?.[0]?.message).toMatch(/^text\.text\.text.* nests deeper than 32 levels$/);
    expect((await post(JSON.stringify({ text: 'Nguyễn 🇻🇳' }))).status).toBe(200);
  });
});
