import { verifyBearer, type AuthSettings } from '@cls/auth';
import type { Actor } from '@cls/domain';
import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';

/** The token settings every app that reads the API's bearer tokens provides, from its own validated config. */
export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

const PUBLIC_ROUTE = 'cls:public-route';

/** Marks a route that needs no token (health, API documentation). Everything else is authenticated. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

export type AuthenticatedRequest = Request & { actor?: Actor };

/**
 * Puts the verified actor on the request, the same way in every app: the API puts it into every event's metadata,
 * and a reader of the read models is the same actor as in the API.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_SETTINGS) private readonly settings: AuthSettings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.actor = await verifyBearer(request.headers.authorization, this.settings);
    return true;
  }
}

/** The authenticated actor; the global AuthGuard has run before any handler that asks for it. */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route that is not authenticated');
  return actor;
});
