import { verifyBearer } from '@cls/auth';
import type { Actor } from '@cls/domain';
import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { ReportingConfig } from '../config';
import { REPORTING_CONFIG } from '../tokens';

const PUBLIC_ROUTE = 'cls:public-route';

/** Marks a route that needs no token (the readiness probe). Everything else is authenticated. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export type AuthenticatedRequest = Request & { actor?: Actor };

/** The API's tokens, verified the same way: a reader of the read models is the same actor as in the API. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(REPORTING_CONFIG) private readonly config: ReportingConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.actor = await verifyBearer(request.headers.authorization, {
      secret: this.config.JWT_SECRET,
      issuer: this.config.JWT_ISSUER,
      audience: this.config.JWT_AUDIENCE,
    });
    return true;
  }
}
