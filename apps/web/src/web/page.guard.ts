import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { mayOpen, type PageName } from './access';
import { PageForbidden, SignInRequired } from './page-errors';

const PAGE = 'cls:page';

/** Only a signed-in person whose role the page admits (see access.ts) reaches the handler. */
@Injectable()
export class PageGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const page = this.reflector.get<PageName | undefined>(PAGE, context.getHandler());
    const request = context.switchToHttp().getRequest<Request>();
    const { user } = request.session;
    if (!user) throw new SignInRequired(request.originalUrl);
    if (page !== undefined && !mayOpen(page, user.role)) throw new PageForbidden(`The ${user.role} role may not open this page`);
    return true;
  }
}

/** The page a handler renders, for the roles access.ts gives it. */
export const ForPage = (page: PageName) => applyDecorators(SetMetadata(PAGE, page), UseGuards(PageGuard));

/** A handler any signed-in person reaches; the services decide what they may see there. */
export const SignedIn = () => UseGuards(PageGuard);
