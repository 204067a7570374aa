import 'reflect-metadata';
import { type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { withSecurity } from './auth/openapi';
import { ConfigError, loadConfig } from './config';
import type { NextFunction, Request, Response } from 'express';
import { EdgeInputGuard } from './edge-input';
import { hardenHttp } from './hardening';
import { JsonLogger } from './logger';
import { httpObservability, metricsPathOf } from './metrics';
import { ProblemDetailsFilter, strictValidationPipe } from './problem';
import { type ServiceDefinition, type ServiceRuntime, createServiceRuntime, serviceModule } from './runtime';
import { type ServiceConfig } from './service-config';

/**
 * Creates the Nest application of a service (HTTP with validation, problem+json and OpenAPI;
 * the Kafka inbox as its microservice transport) without listening.
 */
export async function createServiceApp(runtime: ServiceRuntime): Promise<INestApplication> {
  const { definition: def, logger } = runtime;
  const app = await NestFactory.create(serviceModule(runtime), { logger, bodyParser: false });
  // First: /metrics, and each request's trace context (log lines and appended events carry it).
  app.use(httpObservability(runtime.metrics, metricsPathOf(runtime.config.METRICS_PATH)));
  // Security headers, CORS, the JSON body limit (413), trust proxy (issue "Security").
  hardenHttp(app, runtime.config);
  // LOG_LEVEL=debug: one line per answered request (method, path without its query, status, time).
  app.use((req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.emit('debug', `${req.method} ${req.path} ${res.statusCode} ${ms.toFixed(1)} ms`, 'http', { method: req.method, path: req.path, status: res.statusCode, durationMs: Math.round(ms) });
    });
    next();
  });
  app.useGlobalPipes(strictValidationPipe());
  // Issue 19: NUL and lone surrogates in a path id or the query are refused (400) before any other guard.
  app.useGlobalGuards(new EdgeInputGuard());
  app.useGlobalFilters(new ProblemDetailsFilter((e) => logger.emit('error', e, 'http')));
  app.connectMicroservice({ strategy: runtime.inbox }, { inheritAppConfig: true });
  const openApi = new DocumentBuilder()
    .setTitle(def.title)
    .setDescription(def.description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token from the identity provider (dev: npm run token)' }, 'bearer')
    .build();
  SwaggerModule.setup('api/docs', app, () => withSecurity(SwaggerModule.createDocument(app, openApi)), {
    jsonDocumentUrl: 'api/docs/openapi.json',
  });
  return app;
}

/**
 * SIGTERM or SIGINT (or the launcher going away): stop taking work, let in-flight HTTP
 * requests and Kafka handlers finish, commit, leave the group, close the store; exit 0.
 * A drain that overruns its time exits 1 so the orchestrator sees it.
 */
function drainOnSignals(app: INestApplication, logger: JsonLogger, timeoutMs: number): void {
  let draining = false;
  const drain = (reason: string) => {
    if (draining) return;
    draining = true;
    logger.emit('log', `draining (${reason})`, 'shutdown');
    const overrun = setTimeout(() => {
      logger.emit('error', `drain did not finish within ${timeoutMs} ms; exiting`, 'shutdown');
      process.exit(1);
    }, timeoutMs);
    overrun.unref();
    app.close().then(
      () => {
        logger.emit('log', 'stopped', 'shutdown');
        process.exit(0);
      },
      (e: unknown) => {
        logger.emit('error', e, 'shutdown');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => drain('SIGTERM'));
  process.once('SIGINT', () => drain('SIGINT'));
  // Started by the launcher with an IPC channel: drain when the launcher goes away.
  if (process.send) process.once('disconnect', () => drain('launcher gone'));
}

const startFailure = (service: string, port: number, e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'EADDRINUSE') return `${service}: port ${port} is already in use; stop what holds it or set PORT.`;
  if (err.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(err.message)) {
    return `${service}: cannot connect (${err.message}); check DATABASE_URL and KAFKA_BROKERS.`;
  }
  return `${service}: failed to start: ${err.message}`;
};

/**
 * The `main.ts` of every service: validate configuration (a bad value stops the process with
 * one clear message, no stack trace), migrate, start HTTP and the Kafka consumer, drain on SIGTERM.
 */
export async function runService<C extends ServiceConfig>(def: ServiceDefinition<C>): Promise<void> {
  let config: C;
  try {
    config = loadConfig(def.name, def.configSchema);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(e.message + '\n');
    process.exit(78); // EX_CONFIG
  }
  const logger = new JsonLogger(def.name, (config.LOG_LEVEL ?? 'log') as LogLevel);
  const port = config.PORT ?? def.defaultPort;
  const host = config.HOST ?? '127.0.0.1';
  try {
    const runtime = await createServiceRuntime(def, config, logger);
    const app = await createServiceApp(runtime);
    await app.listen(port, host);
    await app.startAllMicroservices();
    logger.emit('log', `${def.name} listening on http://${host}:${port}`, 'bootstrap', { port });
    drainOnSignals(app, logger, config.SHUTDOWN_TIMEOUT_MS ?? 10_000);
  } catch (e) {
    const message = startFailure(def.name, port, e);
    logger.emit('fatal', message, 'bootstrap');
    process.stderr.write(message + '\n');
    process.exit(1);
  }
}
