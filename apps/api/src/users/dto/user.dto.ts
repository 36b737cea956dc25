import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { type Role, ROLES } from '@gridflow/domain';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { IsOrgCode, IsPhone } from '../../common/validators.js';

export class CreateUserDto {
  @ApiProperty()
  @Matches(/^[A-Za-z0-9_.-]{3,64}$/, { message: 'must be 3–64 letters, digits, _ . or -' })
  username: string;

  @ApiProperty({ minLength: 10 })
  @IsString()
  @Length(10, 256, { message: 'password must be at least 10 characters' })
  password: string;

  @ApiProperty()
  @IsString()
  @Length(1, 100)
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiProperty({ example: '140213001001' })
  @IsOrgCode()
  scopeCode: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsPhone()
  phone?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 100)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsOrgCode()
  scopeCode?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsPhone()
  phone?: string;

  @ApiPropertyOptional({ description: 'true disables the account and revokes its tokens' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: 10 })
  @IsString()
  @Length(10, 256, { message: 'password must be at least 10 characters' })
  password: string;
}

export class ListUsersQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @IsOrgCode()
  scopeCode?: string;
}
