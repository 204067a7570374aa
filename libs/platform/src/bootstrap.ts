import 'reflect-metadata';
import { type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ConfigError, loadConfig } from './config';
import { JsonLogger } from './logger';
import { ProblemDetailsFilter, strictValidationPipe } from './problem';
import { type ServiceConfig } from './service-config';

export interface ServiceDefinition<C extends ServiceConfig> {
  /** Service name, as in DESIGN.md: also the Kafka client id and the `source` header. */
  name: string;
  title: string;
  description: string;
  defaultPort: number;
  configSchema: new () => C;
  /** Builds the root module once the configuration is known and valid. */
  module(config: C, logger: JsonLogger): unknown;
}

/** Creates the Nest application (HTTP, validation, problem+json, OpenAPI) without listening. */
export async function createServiceApp<C extends ServiceConfig>(
  def: ServiceDefinition<C>,
  config: C,
  logger: JsonLogger,
): Promise<INestApplication> {
  const app = await NestFactory.create(def.module(config, logger) as never, { logger, bufferLogs: false });
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter((e) => logger.emit('error', e, 'http')));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const openApi = new DocumentBuilder().setTitle(def.title).setDescription(def.description).setVersion('1').build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}

/**
 * The `main.ts` of every service: validate configuration (a bad value stops the process with
 * one clear message, no stack trace), start HTTP and the Kafka consumer, drain on SIGTERM.
 */
export async function runService<C extends ServiceConfig>(def: ServiceDefinition<C>): Promise<void> {
  let config: C;
  try {
    config = loadConfig(def.name, def.configSchema);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(e.message + '\n');
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const logger = new JsonLogger(def.name, (config.LOG_LEVEL ?? 'log') as LogLevel);
  const port = config.PORT ?? def.defaultPort;
  const host = config.HOST ?? '127.0.0.1';
  try {
    const app = await createServiceApp(def, config, logger);
    await app.startAllMicroservices();
    await app.listen(port, host);
    logger.emit('log', `${def.name} listening on http://${host}:${port}`, 'bootstrap', { port });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const message =
      err.code === 'EADDRINUSE'
        ? `${def.name}: port ${port} is already in use; stop what holds it or set PORT.`
        : err.code === 'ECONNREFUSED'
          ? `${def.name}: cannot reach ${err.message.replace(/^connect ECONNREFUSED /, '')}; check DATABASE_URL and KAFKA_BROKERS.`
          : `${def.name}: failed to start: ${err.message}`;
    logger.emit('fatal', message, 'bootstrap');
    process.stderr.write(message + '\n');
    process.exit(1);
  }
}
