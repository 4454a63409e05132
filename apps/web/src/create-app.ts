import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { CsrfSync } from 'csrf-sync';
import session from 'express-session';
import helmet from 'helmet';
import createMemoryStore from 'memorystore';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { AppModule } from './app.module';
import type { WebConfig } from './config';
import { configureViews, viewsDirectory } from './views';
import { navigationFor } from './web/access';
import { CsrfGuard } from './web/csrf.guard';
import { PageErrorsFilter } from './web/page-errors.filter';
import { CSRF } from './web/tokens';

/** Request logs include headers: cookies and credentials must never reach the log. */
export const webLogger = (level: WebConfig['LOG_LEVEL']): pino.Logger =>
  pino({ name: 'web', level, redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'] });

/** GOV.UK Frontend's compiled styles, scripts, fonts and images, served as the package ships them. */
const govukFrontend = path.dirname(require.resolve('govuk-frontend/package.json'));

/** The console, initialised but not yet listening: main listens. */
export const createWebApp = async (config: WebConfig, logger: pino.Logger = webLogger(config.LOG_LEVEL)): Promise<INestApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), { logger: ['error', 'warn'] });
  app.disable('x-powered-by');
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (request) => ['/assets/', '/govuk/', '/public/', '/health'].some((prefix) => request.url?.startsWith(prefix) ?? false) },
      // A line per page: what was asked and how it was answered; never the headers (cookies, the CSP's nonce).
      serializers: { req: (request: { method: string; url: string }) => ({ method: request.method, url: request.url }), res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }) },
    }),
  );
  app.use((_request: unknown, response: { locals: Record<string, unknown> }, next: () => void) => {
    // GOV.UK's template marks the body as JavaScript-enabled with one inline script, allowed by this nonce only.
    response.locals['cspNonce'] = randomBytes(16).toString('base64');
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          scriptSrc: ["'self'", (_request, response) => `'nonce-${(response as unknown as { locals: { cspNonce: string } }).locals.cspNonce}'`],
          // Forms post to the console; signing out redirects on to the issuer, which browsers hold to form-action too.
          formAction: ["'self'", new URL(config.AUTH_OIDC_ISSUER).origin],
          upgradeInsecureRequests: config.WEB_PUBLIC_URL.startsWith('https:') ? [] : null,
        },
      },
      // Plain http on loopback in development: telling the browser to insist on https would lock it out.
      strictTransportSecurity: config.WEB_PUBLIC_URL.startsWith('https:'),
    }),
  );
  app.useStaticAssets(path.join(govukFrontend, 'dist', 'govuk', 'assets'), { prefix: '/assets', maxAge: '1h' });
  app.useStaticAssets(path.join(govukFrontend, 'dist', 'govuk'), { prefix: '/govuk', maxAge: '1h', index: false });
  app.useStaticAssets(path.resolve(viewsDirectory, '..', 'public'), { prefix: '/public', maxAge: '1h', index: false });

  const MemoryStore = createMemoryStore(session);
  const idleMs = config.WEB_SESSION_IDLE_MINUTES * 60_000;
  app.use(
    session({
      name: 'cls-console',
      secret: config.WEB_SESSION_SECRET,
      // Sessions hold people's tokens, so they stay on the server: the browser holds only the signed id. The store
      // drops sessions idle for longer than the cookie lives.
      store: new MemoryStore({ checkPeriod: 60_000, ttl: idleMs }),
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.WEB_PUBLIC_URL.startsWith('https:'), maxAge: idleMs },
    }),
  );
  const csrf = app.get<CsrfSync>(CSRF);
  app.use((request: Parameters<CsrfSync['generateToken']>[0], response: { locals: Record<string, unknown> }, next: () => void) => {
    const { user, flash } = request.session;
    if (user) {
      response.locals['user'] = user;
      response.locals['navigation'] = navigationFor(user.role).map(({ href, text }) => ({ href, text, active: request.path.startsWith(href) }));
      response.locals['csrfToken'] = csrf.generateToken(request);
    }
    if (flash) {
      response.locals['flash'] = flash;
      delete request.session.flash;
    }
    response.locals['currentPath'] = request.path;
    next();
  });
  configureViews(app);
  app.useGlobalGuards(app.get(CsrfGuard));
  app.useGlobalFilters(new PageErrorsFilter(logger));
  await app.init();
  return app;
};
