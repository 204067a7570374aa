import { join } from 'node:path';
import { Controller, Get, Header, Inject, type OnModuleInit } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles, SERVICE_CONFIG, browserScripts } from '@lienthong/platform';
import { OpsConsoleConfig } from '../config';

/** The browser code lives with the counter app's (services/counter/web, one tsconfig with the DOM library). */
export const SIGNIN_ENTRY = { signin: join(__dirname, '..', '..', '..', 'counter', 'web', 'console-signin.ts') };
export const SIGNIN_DIST = join(__dirname, '..', '..', 'dist-web');

/** The console's sign-in script and where it signs in (public: no token before sign-in). */
@ApiExcludeController()
@Controller('ui')
export class SignInController implements OnModuleInit {
  private script = '';

  constructor(@Inject(SERVICE_CONFIG) private readonly config: OpsConsoleConfig) {}

  async onModuleInit(): Promise<void> {
    if (this.config.OPS_CONSOLE_OIDC_URL) this.script = (await browserScripts(SIGNIN_ENTRY, SIGNIN_DIST)).get('signin.js') ?? '';
  }

  @Get('signin.js')
  @Roles('public')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  signinScript(): string {
    return this.script;
  }

  @Get('signin-config.json')
  @Roles('public')
  @Header('cache-control', 'no-cache')
  signinConfig(): object {
    const url = this.config.OPS_CONSOLE_OIDC_URL?.replace(/\/$/, '');
    if (!url) return { enabled: false };
    return { enabled: true, identityUrl: url, issuer: this.config.OPS_CONSOLE_OIDC_ISSUER ?? url, clientId: this.config.OPS_CONSOLE_OIDC_CLIENT_ID };
  }
}
