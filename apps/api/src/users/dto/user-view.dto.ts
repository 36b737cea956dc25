import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '@gridflow/domain';

/** API.md `user`: who is signed in (login, /auth/me). */
export class AuthUserView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty()
  displayName: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty({ description: 'an org code (DOMAIN.md)' })
  scopeCode: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'department_staff: their department (职能部门); null for every other role',
  })
  departmentCode: string | null;
}

/** A user as the admins' routes show it (libs/auth `toUserView`). */
export class UserView extends AuthUserView {
  @ApiProperty({ type: String, nullable: true })
  phone: string | null;

  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class UserPageView {
  @ApiProperty({ type: [UserView] })
  items: UserView[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class LoginView {
  @ApiProperty()
  accessToken: string;

  @ApiProperty({ description: 'seconds' })
  expiresIn: number;

  @ApiProperty({ type: AuthUserView })
  user: AuthUserView;
}
