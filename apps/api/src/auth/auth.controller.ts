import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthService, CurrentUser, Public, RateLimited } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { LoginDto } from './dto/login.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @RateLimited()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Log in → {accessToken (JWT, 8 h), expiresIn, user}; 5 failures lock the username for 15 min',
  })
  login(@Body() body: LoginDto) {
    return this.auth.login(body.username, body.password);
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentUser() user: AuthUser) {
    return user;
  }
}
