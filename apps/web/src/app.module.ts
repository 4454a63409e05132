import { type DynamicModule, Module } from '@nestjs/common';
import { csrfSync } from 'csrf-sync';
import { OidcClient } from './auth/oidc.client';
import { AuthController } from './auth/auth.controller';
import type { WebConfig } from './config';
import { ContractController } from './pages/contract.controller';
import { ContractFormsController } from './pages/contract-forms.controller';
import { GovernanceController } from './pages/governance.controller';
import { HomeController } from './pages/home.controller';
import { ProviderController } from './pages/provider.controller';
import { RegisterController } from './pages/register.controller';
import { WorkQueueController } from './pages/work-queue.controller';
import { CsrfGuard } from './web/csrf.guard';
import { PageGuard } from './web/page.guard';
import { Sessions } from './web/sessions.service';
import { CSRF, OIDC_CLIENT, WEB_CONFIG } from './web/tokens';

@Module({})
export class AppModule {
  static register(config: WebConfig): DynamicModule {
    return {
      module: AppModule,
      controllers: [
        HomeController,
        AuthController,
        WorkQueueController,
        RegisterController,
        ProviderController,
        ContractController,
        ContractFormsController,
        GovernanceController,
      ],
      providers: [
        { provide: WEB_CONFIG, useValue: config },
        {
          provide: OIDC_CLIENT,
          useValue: new OidcClient({
            issuer: config.AUTH_OIDC_ISSUER,
            clientId: config.WEB_OIDC_CLIENT_ID,
            publicUrl: config.WEB_PUBLIC_URL,
            timeoutMs: config.WEB_BACKEND_TIMEOUT_MS,
          }),
        },
        // Forms carry the token in the field `_csrf`; the session keeps its copy.
        { provide: CSRF, useValue: csrfSync({ getTokenFromRequest: (request) => (request.body as Record<string, string> | undefined)?.['_csrf'] }) },
        Sessions,
        CsrfGuard,
        PageGuard,
      ],
    };
  }
}
