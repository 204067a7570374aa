import { Controller, type INestApplication } from '@nestjs/common';
import { type CustomTransportStrategy, EventPattern, Payload, Server } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { firstValueFrom, isObservable } from 'rxjs';
import { isDecodedPayload, markDecodedPayload } from '@lienthong/messaging/nest';
import { ProblemDetailsFilter, strictValidationPipe } from './problem';

/**
 * A transport that hands a payload to its handler the way KafkaInboxServer does (marked as
 * decoded, then through Nest's RPC pipeline); messaging's nest-transport.int.spec shows the
 * real inbox marks what it hands over.
 */
class HandDelivery extends Server implements CustomTransportStrategy {
  listen(callback: () => void): void {
    callback();
  }
  close(): void {}
  on(): void {}
  unwrap<T>(): T {
    return undefined as T;
  }
  async deliver(pattern: string, payload: unknown): Promise<unknown> {
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) throw new Error(`no handler for ${pattern}`);
    markDecodedPayload(payload);
    const result = await handler(payload, undefined);
    return isObservable(result) ? firstValueFrom(result, { defaultValue: undefined }) : result;
  }
}

class DeathRegistered {
  @IsString() deceased!: string;
}
const received: unknown[] = [];
class RegistryRefused extends Error {
  readonly code = 'HOUSEHOLD_CLOSED';
}

@Controller()
class Handlers {
  @EventPattern('DeathRegistered')
  onDeath(@Payload() data: DeathRegistered): void {
    received.push(data);
  }
  @EventPattern('Refused')
  onRefused(): never {
    throw new RegistryRefused('the household is closed');
  }
}

describe('a service app (HTTP pipe and filter inherited by the Kafka transport)', () => {
  let app: INestApplication;
  const inbox = new HandDelivery();
  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [Handlers] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    // As createServiceApp: the HTTP app's global pipe and filter, inherited by the inbox.
    app.useGlobalPipes(strictValidationPipe());
    app.useGlobalFilters(new ProblemDetailsFilter());
    app.connectMicroservice({ strategy: inbox }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.init();
  });
  afterAll(() => app.close());

  it('hands a decoded Kafka payload to its handler as it is: the global ValidationPipe does not check it again', async () => {
    // A payload class-validator would refuse (wrong type, unknown field): only the compiled contract validators judge it.
    const payload = { deceased: 42, unknown: true };
    await inbox.deliver('DeathRegistered', payload);
    expect(received).toHaveLength(1);
    expect(received[0]).toBe(payload);
  });

  it('still checks an HTTP body the inbox did not decode', async () => {
    const pipe = strictValidationPipe();
    await expect(pipe.transform({ deceased: 42 }, { type: 'body', metatype: DeathRegistered })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(isDecodedPayload({ deceased: 'x' })).toBe(false);
  });

  it('gives the inbox the handler’s own error, code included, so it can retry, park or dead-letter by it', async () => {
    await expect(inbox.deliver('Refused', {})).rejects.toMatchObject({ code: 'HOUSEHOLD_CLOSED', message: 'the household is closed' });
  });
});
