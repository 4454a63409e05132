import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { OidcClient, SessionEnded } from '../auth/oidc.client';
import type { SignedInUser } from '../auth/signed-in-user';
import { Backend } from '../backend/backend.client';
import type { WebConfig } from '../config';
import { SignInRequired } from './page-errors';
import { OIDC_CLIENT, WEB_CONFIG } from './tokens';

/** Refreshed this long before the access token expires, so that a request never reaches a service with a dead one. */
const refreshMarginMs = 60_000;

@Injectable()
export class Sessions {
  constructor(
    @Inject(WEB_CONFIG) private readonly config: WebConfig,
    @Inject(OIDC_CLIENT) private readonly oidc: OidcClient,
  ) {}

  user(request: Request): SignedInUser {
    const { user } = request.session;
    if (!user) throw new SignInRequired(request.originalUrl);
    return user;
  }

  /** The services, called as the signed-in person, with an access token refreshed when it is about to expire. */
  async backend(request: Request): Promise<Backend> {
    let { tokens } = request.session;
    if (!tokens || !request.session.user) throw new SignInRequired(request.originalUrl);
    if (tokens.expiresAt - Date.now() < refreshMarginMs) {
      try {
        tokens = await this.oidc.refresh(tokens);
        request.session.tokens = tokens;
      } catch (error) {
        if (!(error instanceof SessionEnded)) throw error;
        delete request.session.user;
        delete request.session.tokens;
        throw new SignInRequired(request.originalUrl);
      }
    }
    return new Backend({ api: this.config.WEB_API_URL, reporting: this.config.WEB_REPORTING_URL }, tokens.accessToken, this.config.WEB_BACKEND_TIMEOUT_MS);
  }

  /** A confirmation for the next page the person sees. */
  flash(request: Request, message: string): void {
    request.session.flash = message;
  }
}
