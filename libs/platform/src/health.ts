import { Controller, Get, HttpCode, HttpStatus, Inject, Injectable, Module, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from './roles';

/** One thing the service needs before it can take work: the database, the Kafka consumer... */
export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

const CHECK_TIMEOUT_MS = 2000;

const withTimeout = async (check: ReadinessCheck): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check.check().catch(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
};

@Injectable()
export class HealthService {
  constructor(@Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[]) {}

  async readiness(): Promise<{ ready: boolean; checks: Record<string, 'up' | 'down'> }> {
    const results = await Promise.all(this.checks.map(async (c) => [c.name, await withTimeout(c)] as const));
    return {
      ready: results.every(([, ok]) => ok),
      checks: Object.fromEntries(results.map(([name, ok]) => [name, ok ? 'up' : 'down'])),
    };
  }
}

@ApiTags('health')
@Roles('public')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ description: 'The process is running.' })
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'The database is reachable and the Kafka consumer has joined its group.' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is not ready; `checks` says which.' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<{ status: 'up' | 'down'; checks: Record<string, 'up' | 'down'> }> {
    const { ready, checks } = await this.health.readiness();
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ready ? 'up' : 'down', checks };
  }
}

/** Needs READINESS_CHECKS from a global module (the service's infrastructure module). */
@Module({ controllers: [HealthController], providers: [HealthService] })
export class HealthModule {}
