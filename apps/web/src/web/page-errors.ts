/** The page needs a signed-in person: the browser is sent to sign in, and brought back to `returnTo` afterwards. */
export class SignInRequired extends Error {
  constructor(readonly returnTo: string) {
    super('Sign in required');
  }
}

/** The signed-in person's role may not open this page. */
export class PageForbidden extends Error {}

/** A form came back without this session's CSRF token: most often one left open across a sign-in. */
export class FormExpired extends Error {}
