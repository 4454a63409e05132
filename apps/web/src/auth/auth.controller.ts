import { Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { homeOf } from '../web/access';
import { OIDC_CLIENT } from '../web/tokens';
import { OidcClient } from './oidc.client';
import { safeReturnPath } from './session';
import { NoServiceRole, userFromClaims } from './signed-in-user';

const regenerate = (request: Request): Promise<void> =>
  new Promise((resolve, reject) => request.session.regenerate((error: Error | undefined) => (error ? reject(error) : resolve())));
const destroy = (request: Request): Promise<void> =>
  new Promise((resolve, reject) => request.session.destroy((error: Error | undefined) => (error ? reject(error) : resolve())));

/** Single sign-on at the organisation's issuer: Authorization Code with PKCE; signing out ends the issuer's session too. */
@Controller()
export class AuthController {
  constructor(@Inject(OIDC_CLIENT) private readonly oidc: OidcClient) {}

  @Get('auth/sign-in')
  async signIn(@Query('returnTo') returnTo: unknown, @Req() request: Request, @Res() response: Response): Promise<void> {
    const { url, pending } = await this.oidc.startSignIn(safeReturnPath(returnTo));
    request.session.signIn = pending;
    response.redirect(303, url);
  }

  @Get('auth/callback')
  async callback(@Req() request: Request, @Res() response: Response): Promise<void> {
    const pending = request.session.signIn;
    // A callback this browser did not start (an old tab, a bookmarked URL) starts a sign-in of its own.
    if (!pending) {
      response.redirect(303, '/auth/sign-in');
      return;
    }
    delete request.session.signIn;
    const { tokens, claims } = await this.oidc.completeSignIn(request.originalUrl, pending);
    let user;
    try {
      user = userFromClaims(claims);
    } catch (error) {
      if (!(error instanceof NoServiceRole)) throw error;
      // The issuer signed them in: its session is ended too, so that another person can sign in on this browser.
      response.status(403).render('no-role', { pageTitle: 'You cannot use this service', reason: error.message, signOutUrl: await this.oidc.signOutUrl(tokens.idToken) });
      return;
    }
    // A new session id once signed in, so that one fixed before sign-in is worth nothing.
    await regenerate(request);
    request.session.user = user;
    request.session.tokens = tokens;
    response.redirect(303, pending.returnTo === '/' ? homeOf(user.role) : pending.returnTo);
  }

  @Post('auth/sign-out')
  async signOut(@Req() request: Request, @Res() response: Response): Promise<void> {
    const idToken = request.session.tokens?.idToken;
    await destroy(request);
    response.clearCookie('cls-console');
    response.redirect(303, await this.oidc.signOutUrl(idToken));
  }

  @Get('signed-out')
  signedOut(@Res() response: Response): void {
    response.render('signed-out', { pageTitle: 'You have signed out' });
  }
}
