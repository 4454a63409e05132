import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { CsrfSync } from 'csrf-sync';
import type { Request } from 'express';
import { FormExpired } from './page-errors';
import { CSRF } from './tokens';

/**
 * Every form posts this session's synchroniser token (csrf-sync keeps it in the session, the form in `_csrf`), so
 * another site cannot make a signed-in browser give a command.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(@Inject(CSRF) private readonly csrf: CsrfSync) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<Request>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return true;
    if (!this.csrf.isRequestValid(request)) throw new FormExpired('The form did not carry this session’s token');
    return true;
  }
}
