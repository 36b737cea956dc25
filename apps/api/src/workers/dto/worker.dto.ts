import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateBy,
} from 'class-validator';
import { WORKER_TYPES, type WorkerType } from '@gridflow/org';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { IsGridCode, IsPhone } from '../../common/validators.js';

export class CreateWorkerDto {
  @ApiProperty({ example: '李明' })
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiProperty({ example: '13812345678' })
  @IsPhone()
  phone: string;

  @ApiProperty({ enum: WORKER_TYPES })
  @IsIn(WORKER_TYPES)
  type: WorkerType;

  @ApiProperty({ example: ['140213001001001'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsGridCode({ each: true })
  gridCodes: string[];

  @ApiProperty()
  @IsBoolean()
  partyMember: boolean;

  @ApiPropertyOptional({ description: 'link to a user account' })
  @IsOptional()
  @IsUUID()
  userId?: string;

  @ApiPropertyOptional({ description: 'micro workers (微网格员): their micro-grid, e.g. "3号楼"' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  microGridName?: string;
}

export class UpdateWorkerDto extends PartialType(CreateWorkerDto) {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListWorkersQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsGridCode()
  gridCode?: string;

  @ApiPropertyOptional({ enum: WORKER_TYPES })
  @IsOptional()
  @IsIn(WORKER_TYPES)
  type?: WorkerType;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  partyMember?: boolean;
}

/** A calendar day (the date column refuses other ISO 8601 forms, e.g. week dates `2026-W47`: a 500). */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Hours in tenths (3.5). Not `IsNumber({ maxDecimalPlaces })`: class-validator 0.15 throws on a
 * number it prints in exponent form (1e-7), a 500 instead of a 400.
 */
const AtMostOneDecimal = () =>
  ValidateBy({
    name: 'atMostOneDecimal',
    validator: {
      validate: (v: unknown) => typeof v === 'number' && Math.abs(v * 10 - Math.round(v * 10)) < 1e-9,
      defaultMessage: () => '$property must have at most one decimal place',
    },
  });

export class AddTrainingDto {
  @ApiProperty({ example: '矛盾纠纷调解实务培训' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ example: '2026-10-12' })
  @IsISO8601({ strict: true })
  @Matches(DAY, { message: '$property must be a date YYYY-MM-DD' })
  heldOn: string;

  @ApiProperty({ example: 3.5 })
  @Type(() => Number)
  @IsNumber()
  @AtMostOneDecimal()
  @Min(0.5)
  @Max(1000)
  hours: number;
}

export class AddHonourDto {
  @ApiProperty({ example: '岗位之星' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ example: '2026-09-30' })
  @IsISO8601({ strict: true })
  @Matches(DAY, { message: '$property must be a date YYYY-MM-DD' })
  awardedOn: string;

  @ApiPropertyOptional({ example: '平城区委政法委' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  awardedBy?: string;
}

export class AddLiaisonHouseholdDto {
  @ApiProperty()
  @IsGridCode()
  gridCode: string;

  @ApiProperty({ example: '和平小区3号楼2单元401' })
  @IsString()
  @Length(1, 200)
  address: string;

  @ApiPropertyOptional({ example: '王秀英' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  householder?: string;
}
