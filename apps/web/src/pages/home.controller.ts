import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { homeOf } from '../web/access';

@Controller()
export class HomeController {
  @Get()
  home(@Req() request: Request, @Res() response: Response): void {
    const { user } = request.session;
    if (user) response.redirect(303, homeOf(user.role));
    else response.render('start', { pageTitle: 'Contract Lifecycle Service' });
  }

  /** Whether the console is up: it answers pages whether or not the issuer and the services do. */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
