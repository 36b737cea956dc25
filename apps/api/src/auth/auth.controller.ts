import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags, ApiOkResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService, CurrentUser, Public, RateLimited } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { LoginDto } from './dto/login.dto.js';
import { AuthUserView, LoginView } from '../users/dto/user-view.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @RateLimited()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log in → {accessToken (JWT, 8 h), expiresIn, user}; 5 failures lock the username for that client address (15 min window), 50 an hour lock it for all',
  })
  @ApiErrors(400, 401, 429)
  @ApiOkResponse({ type: LoginView })
  login(@Body() body: LoginDto, @Req() req: Request) {
    // req.ip honours TRUST_PROXY (X-Forwarded-For only from trusted proxies).
    return this.auth.login(body.username, body.password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiErrors(401)
  @ApiOkResponse({ type: AuthUserView })
  me(@CurrentUser() user: AuthUser) {
    return user;
  }
}
