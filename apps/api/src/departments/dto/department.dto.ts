import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { DEPARTMENT_CODE_PATTERN, DEPARTMENT_NAME_MAX } from '@gridflow/domain';

const COUNTY_OR_CITY = /^(\d{4}|\d{6})$/;

export class CreateDepartmentDto {
  @ApiProperty({ example: '140213', description: 'the county (6 digits) or city (4 digits) it sits under' })
  @Matches(COUNTY_OR_CITY, { message: 'must be a county (6 digits) or city (4 digits) code' })
  parentCode: string;

  @ApiProperty({ example: '城管局', maxLength: DEPARTMENT_NAME_MAX })
  @IsString()
  @Length(1, DEPARTMENT_NAME_MAX)
  name: string;

  @ApiPropertyOptional({
    example: '140213D01',
    description: 'parentCode, D and 2–3 digits; absent: the next free one',
  })
  @IsOptional()
  @Matches(DEPARTMENT_CODE_PATTERN, { message: 'must be parentCode, D and 2–3 digits, e.g. 140213D01' })
  code?: string;
}

export class UpdateDepartmentDto {
  @ApiPropertyOptional({ example: '城市管理综合执法局', maxLength: DEPARTMENT_NAME_MAX })
  @IsOptional()
  @IsString()
  @Length(1, DEPARTMENT_NAME_MAX)
  name?: string;

  @ApiPropertyOptional({ description: 'true: no new dispatches to it (its open tickets stay with it)' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ListDepartmentsQuery {
  @ApiPropertyOptional({ example: '140213', description: 'only the departments of this county or city' })
  @IsOptional()
  @Matches(COUNTY_OR_CITY, { message: 'must be a county (6 digits) or city (4 digits) code' })
  parentCode?: string;

  @ApiPropertyOptional({ description: 'list disabled departments too (default false)' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  includeDisabled?: boolean;
}

export class DepartmentView {
  @ApiProperty({ example: '140213D01' })
  code: string;

  @ApiProperty({ example: '140213' })
  parentCode: string;

  @ApiProperty({ example: '城管局' })
  name: string;

  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;
}

export class DepartmentPageView {
  @ApiProperty({ type: [DepartmentView] })
  items: DepartmentView[];

  @ApiProperty({ type: String, nullable: true, description: 'always null: a county has a handful of departments' })
  nextCursor: string | null;
}
