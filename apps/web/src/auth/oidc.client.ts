import * as oidc from 'openid-client';
import type { SessionData } from 'express-session';
import type { SessionTokens } from './session';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  /** Where the console is reached: the callback and the page after signing out are under it. */
  publicUrl: string;
  timeoutMs: number;
}

/** The issuer could not be reached or did not answer as one: signing in waits for it; nothing else is wrong. */
export class IssuerUnavailable extends Error {}

/** The issuer refused the refresh: its session ended (idle, signed out elsewhere), so the person signs in again. */
export class SessionEnded extends Error {}

const tokensOf = (response: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers, previous?: SessionTokens): SessionTokens => ({
  accessToken: response.access_token,
  // An issuer may keep the refresh token it issued before, and the ID token from sign-in stays the hint for sign-out.
  ...((response.refresh_token ?? previous?.refreshToken) ? { refreshToken: response.refresh_token ?? previous?.refreshToken } : {}),
  ...((response.id_token ?? previous?.idToken) ? { idToken: response.id_token ?? previous?.idToken } : {}),
  expiresAt: Date.now() + (response.expiresIn() ?? 60) * 1000,
});

/**
 * The console as a public OpenID Connect client: Authorization Code with PKCE (S256), state and nonce, through
 * openid-client. The issuer's discovery document is read on first use (and again after a failure), so the console
 * starts and stays up while the issuer is away.
 */
export class OidcClient {
  private configuration: Promise<oidc.Configuration> | undefined;

  constructor(private readonly settings: OidcSettings) {}

  get callbackUrl(): string {
    return `${this.settings.publicUrl}/auth/callback`;
  }

  /** Where to send the browser to sign in, and what the callback must check when it comes back. */
  async startSignIn(returnTo: string): Promise<{ url: string; pending: NonNullable<SessionData['signIn']> }> {
    const config = await this.config();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier, returnTo };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /** Redeems the code the issuer sent back (with the verifier only this session holds) for the person's tokens. */
  async completeSignIn(callbackPath: string, pending: NonNullable<SessionData['signIn']>): Promise<{ tokens: SessionTokens; claims: unknown }> {
    const config = await this.config();
    const response = await oidc.authorizationCodeGrant(config, new URL(callbackPath, this.settings.publicUrl), {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    return { tokens: tokensOf(response), claims: response.claims() };
  }

  /** Fresh tokens for a session whose access token is about to expire. */
  async refresh(tokens: SessionTokens): Promise<SessionTokens> {
    if (!tokens.refreshToken) throw new SessionEnded('The session has no refresh token');
    const config = await this.config();
    try {
      return tokensOf(await oidc.refreshTokenGrant(config, tokens.refreshToken), tokens);
    } catch (error) {
      if (error instanceof oidc.ResponseBodyError) throw new SessionEnded(error.error_description ?? error.error);
      throw new IssuerUnavailable(`The issuer did not refresh the session: ${(error as Error).message}`);
    }
  }

  /** The issuer's end-session endpoint (RP-Initiated Logout), which ends its session too and returns to the console. */
  async signOutUrl(idToken: string | undefined): Promise<string> {
    const config = await this.config();
    return oidc.buildEndSessionUrl(config, {
      post_logout_redirect_uri: `${this.settings.publicUrl}/signed-out`,
      client_id: this.settings.clientId,
      ...(idToken ? { id_token_hint: idToken } : {}),
    }).href;
  }

  private config(): Promise<oidc.Configuration> {
    this.configuration ??= this.discover().catch((error: unknown) => {
      this.configuration = undefined;
      throw error;
    });
    return this.configuration;
  }

  private async discover(): Promise<oidc.Configuration> {
    const { issuer, clientId, timeoutMs } = this.settings;
    try {
      return await oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), {
        // The configuration allows plain http on loopback only (the development Keycloak). openid-client marks this
        // deprecated only to make it stand out; it is the documented way to reach such an issuer.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        ...(new URL(issuer).protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
        timeout: Math.ceil(timeoutMs / 1000),
      });
    } catch (error) {
      throw new IssuerUnavailable(`The issuer ${issuer} could not be discovered: ${(error as Error).message}`);
    }
  }
}
