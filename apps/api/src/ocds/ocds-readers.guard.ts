import type { TokenVerifier } from '@cls/auth';
import { authenticate, type AuthenticatedRequest, TOKEN_VERIFIER } from '@cls/http';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { OCDS_CONFIG, type OcdsConfig } from './ocds.config';

/**
 * The OCDS routes are exempt from the global AuthGuard (they are marked public) so that a deployment can open
 * them to anyone with CLS_OCDS_PUBLIC. Unless it does, this guard asks for the same bearer token the AuthGuard
 * does and puts the actor on the request for the service's tenancy check.
 */
@Injectable()
export class OcdsReadersGuard implements CanActivate {
  constructor(
    @Inject(OCDS_CONFIG) private readonly config: OcdsConfig,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.config.CLS_OCDS_PUBLIC) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    request.actor = await authenticate(this.verifier, request, http.getResponse());
    return true;
  }
}
