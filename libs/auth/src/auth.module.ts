import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@gridflow/config';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginLockoutService } from './login-lockout.service.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { JWT_ALGORITHM, ACCESS_TOKEN_TTL_SECONDS } from './token.js';
import { UserCache } from './user-cache.service.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, so jsonwebtoken does not re-derive (and first try a public key) per token.
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: JWT_ALGORITHM, expiresIn: ACCESS_TOKEN_TTL_SECONDS },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
  ],
  providers: [
    AuthService,
    UsersService,
    LoginLockoutService,
    AuthGuard,
    RateLimitGuard,
    UserCache,
    AccessTokenVerifier,
  ],
  exports: [
    AuthService,
    UsersService,
    AuthGuard,
    RateLimitGuard,
    UserCache,
    AccessTokenVerifier,
    JwtModule,
    TypeOrmModule,
  ],
})
export class AuthModule {}
