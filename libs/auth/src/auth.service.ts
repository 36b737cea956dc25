import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { DomainException, ErrorCode } from '@gridflow/domain';
import { LoginLockoutService } from './login-lockout.service.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { ACCESS_TOKEN_TTL_SECONDS, JWT_ALGORITHM, type AccessTokenPayload } from './token.js';
import { toAuthUser, User } from './user.entity.js';

@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly jwt: JwtService,
    private readonly lockout: LoginLockoutService,
  ) {}

  /**
   * → {accessToken, expiresIn, user}; 401 for a wrong login, 429 (with retryAfterSeconds,
   * sent as Retry-After) while the username is locked for this client address or for all.
   */
  async login(username: string, password: string, clientAddress: string) {
    const lock = await this.lockout.lockOf(username, clientAddress);
    if (lock) {
      const from = lock.by === 'address' ? 'from this address' : 'from any address';
      throw new DomainException(
        ErrorCode.RateLimited,
        `Too many failed logins for this username ${from}; try again in ${Math.ceil(lock.seconds / 60)} minute(s)`,
        [{ field: 'username', problem: 'locked', retryAfterSeconds: lock.seconds }],
      );
    }
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user || !ok || user.disabledAt) {
      await this.lockout.recordFailure(username, clientAddress);
      throw new DomainException(ErrorCode.Unauthenticated, 'Wrong username or password');
    }
    await this.lockout.clear(username, clientAddress);
    const payload: AccessTokenPayload = {
      sub: user.id,
      role: user.role,
      scopeCode: user.scopeCode,
      ver: user.tokenVersion,
    };
    const accessToken = await this.jwt.signAsync(payload, {
      algorithm: JWT_ALGORITHM,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    });
    return { accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS, user: toAuthUser(user) };
  }
}
