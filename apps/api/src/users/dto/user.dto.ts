import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN, type Role, ROLES } from '@gridflow/domain';
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

  @ApiPropertyOptional({
    example: '140213D01',
    description: 'department_staff only, and required for them: their department (职能部门), under scopeCode',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'must be a department code such as 140213D01' })
  departmentCode?: string;

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

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '140213D01',
    description: 'department_staff: their department (职能部门); kept when absent, dropped when the role changes',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'must be a department code such as 140213D01' })
  departmentCode?: string | null;

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
