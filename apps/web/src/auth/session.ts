import type { SignedInUser } from './signed-in-user';

/** What the console keeps for a browser between requests, on the server: never sent to the browser itself. */
declare module 'express-session' {
  interface SessionData {
    /** A sign-in under way: what the callback must check the issuer's answer against (RFC 7636, OIDC Core 3.1.2). */
    signIn?: { state: string; nonce: string; codeVerifier: string; returnTo: string };
    user?: SignedInUser;
    tokens?: SessionTokens;
    /** A confirmation shown once, on the next page (a command taken). */
    flash?: string;
  }
}

export interface SessionTokens {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number;
}

/** A path on this console to return to after signing in; anything else (another origin) returns home. */
export const safeReturnPath = (candidate: unknown): string =>
  typeof candidate === 'string' && candidate.startsWith('/') && !candidate.startsWith('//') && !candidate.startsWith('/\\') ? candidate : '/';
