import { Controller, Get, Module } from '@nestjs/common';
import { Topics } from '@lienthong/contracts';
import { Roles, ServiceConfig, type ServiceDefinition } from '@lienthong/platform';
import { startTestService, type TestService } from './service';

@Controller('ping')
class PingController {
  @Get()
  @Roles('public')
  ping() {
    return { pong: true };
  }
}
@Module({ controllers: [PingController] })
class PingModule {}

const definition: ServiceDefinition<ServiceConfig> = {
  name: 'test-ping',
  title: 'ping',
  description: 'a service for testing the test helper',
  defaultPort: 0,
  configSchema: ServiceConfig,
  consumes: [Topics.routingEvents],
  imports: [PingModule],
  migrations: [],
};

describe('startTestService', () => {
  let service: TestService<ServiceConfig>;
  beforeAll(async () => {
    service = await startTestService(definition);
  });
  afterAll(() => service.close());

  it('runs the service in-process, ready, with its own feature routes', async () => {
    expect(await (await fetch(`${service.url}/health/ready`)).json()).toMatchObject({ status: 'up' });
    expect(await (await fetch(`${service.url}/ping`)).json()).toEqual({ pong: true });
  });

  it('gives the service a fresh test database and its own consumer group', () => {
    expect(service.db.name).toMatch(/test/);
    expect(service.runtime.config.KAFKA_GROUP_ID).toMatch(/^test-ping-test-/);
  });
});
