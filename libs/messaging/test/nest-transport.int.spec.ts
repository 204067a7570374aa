import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { uniqueName } from '@lienthong/testing';
import { InboxContext, InboxErrorFilter, isDecodedPayload, KafkaInboxServer } from '../src/nest';
import { listDeadLetters, PermanentMessageError, silentLogger } from '../src';
import { committedOffset, createTopics, fastGroup, type Fixture, fixture, produce, testDecode, testKafka, waitUntil } from './helpers';

jest.setTimeout(60_000);

const handled: string[] = [];
/** Whether each payload reached its handler marked as decoded (the services' ValidationPipe passes those through). */
const markedDecoded: boolean[] = [];
let slowStarted = false;

@Controller()
class DeathHandlers {
  @EventPattern('GoodDeathRegistered')
  async onDeath(@Payload() data: { deceased: string }, @Ctx() ctx: InboxContext): Promise<void> {
    await ctx.tx.append(`effects-${ctx.message.key}`, [{ type: 'Seen', data }], { expectedVersion: 'any' });
    handled.push(`${ctx.message.type}:${data.deceased}`);
    markedDecoded.push(isDecodedPayload(data));
  }

  @EventPattern('GoodSlow')
  async onSlow(@Ctx() ctx: InboxContext): Promise<void> {
    slowStarted = true;
    await new Promise((r) => setTimeout(r, 1500));
    await ctx.tx.append(`effects-${ctx.message.key}`, [{ type: 'Slow', data: {} }], { expectedVersion: 'any' });
    handled.push('slow');
  }

  @EventPattern('GoodRefused')
  onRefused(): never {
    throw new PermanentMessageError('REFUSED', 'the registry refuses this one');
  }
}

@Module({ controllers: [DeathHandlers] })
class TestModule {}

describe('KafkaInboxServer (Nest custom transport)', () => {
  let f: Fixture;
  const kafka = testKafka('nest-test');
  beforeAll(async () => {
    f = await fixture('nest');
  });
  afterAll(() => f.close());

  it('routes @EventPattern handlers inside the inbox transaction, ignores, dead-letters no-handler, drains on close', async () => {
    const topic = uniqueName('nest.events');
    const groupId = uniqueName('nest-group');
    await createTopics(kafka, [topic, `${topic}.dlq`]);
    const server = new KafkaInboxServer({
      kafka,
      groupId,
      topics: [topic],
      store: f.store,
      decode: testDecode,
      ignore: ['GoodButIgnored'],
      retry: { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 },
      logger: silentLogger,
      consumerConfig: fastGroup,
    });
    const app = await NestFactory.createMicroservice(TestModule, { strategy: server, logger: false });
    app.useGlobalFilters(new InboxErrorFilter());
    await app.listen();
    expect(server.isReady()).toBe(true);

    const [death, , unhandled, refused] = await produce(kafka, topic, [
      { key: 'app-1', type: 'GoodDeathRegistered', data: { deceased: 'd-1' } },
      { key: 'app-2', type: 'GoodButIgnored', data: {} },
      { key: 'app-3', type: 'GoodNobodyHandles', data: {} },
      { key: 'app-4', type: 'GoodRefused', data: {} },
    ]);
    await waitUntil(async () => (await committedOffset(kafka, groupId, topic)) === 4);
    expect(handled).toEqual(['GoodDeathRegistered:d-1']);
    expect(markedDecoded).toEqual([true]);
    expect((await f.store.readStream('effects-app-1')).map((e) => e.data)).toEqual([{ deceased: 'd-1' }]);
    const dead = await listDeadLetters(f.store, { groupId });
    expect(dead.map((d) => [d.messageId, d.errorCode, d.attempts])).toEqual([
      [unhandled, 'no-handler', 0],
      [refused, 'REFUSED', 1],
    ]);
    expect(death).toBeDefined();
    const dry = await server.replay({ all: true }, true);
    expect(dry.keys.map((k) => [k.key, k.remaining.map((m) => m.messageId)])).toEqual([
      ['app-3', [unhandled]],
      ['app-4', [refused]],
    ]);
    const stillRefused = await server.replay({ key: 'app-4' });
    expect(stillRefused.keys[0]).toMatchObject({ replayed: [], error: 'the registry refuses this one' });

    // Close while a handler runs: it finishes, commits its transaction and its offset.
    await produce(kafka, topic, [{ key: 'app-5', type: 'GoodSlow', data: {} }]);
    await waitUntil(() => slowStarted);
    await app.close();
    expect(handled).toContain('slow');
    expect(await f.store.readStream('effects-app-5')).toHaveLength(1);
    expect(await committedOffset(kafka, groupId, topic)).toBe(5);
  });
});
