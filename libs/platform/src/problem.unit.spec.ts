import { Body, Controller, Get, type INestApplication, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsString, Matches, ValidateNested } from 'class-validator';
import request from 'supertest';
import { PROBLEM_CONTENT_TYPE, ProblemDetailsFilter, ProblemException, strictValidationPipe } from './problem';

class Person {
  @Matches(/^\d{12}$/) personalId!: string;
}
class Body1 {
  @IsString() name!: string;
  @ValidateNested() @Type(() => Person) deceased!: Person;
}

@Controller('t')
class TestController {
  @Post() create(@Body() body: Body1) {
    return body;
  }
  @Get('conflict') conflict() {
    throw new ProblemException(409, 'TASK_ALREADY_DECIDED', 'The task was decided already.');
  }
  @Get('boom') boom() {
    throw new Error('secret internals');
  }
}

describe('RFC 9457 problem details', () => {
  let app: INestApplication;
  const unexpected: unknown[] = [];
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [TestController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalPipes(strictValidationPipe());
    app.useGlobalFilters(new ProblemDetailsFilter((e) => unexpected.push(e)));
    await app.init();
  });
  afterAll(() => app.close());

  it('names the nested field that failed validation', async () => {
    const res = await request(app.getHttpServer()).post('/t').send({ name: 'A', deceased: { personalId: '12' } });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', instance: '/t' });
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'deceased.personalId' })]);
  });

  it('refuses unknown fields, naming them', async () => {
    const res = await request(app.getHttpServer()).post('/t').send({ name: 'A', deceased: { personalId: '012345678901' }, extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'extra' })]);
  });

  it('maps an expected failure to its status with a stable code', async () => {
    const res = await request(app.getHttpServer()).get('/t/conflict').set('x-correlation-id', 'app-1');
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'TASK_ALREADY_DECIDED', detail: 'The task was decided already.', correlationId: 'app-1' });
  });

  it('hides an unexpected error behind a 500 and reports it', async () => {
    const res = await request(app.getHttpServer()).get('/t/boom');
    expect(res.status).toBe(500);
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
    expect(unexpected).toHaveLength(1);
  });

});
