import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from 'class-validator';
import type { PairingKind } from '@gridflow/org';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { IsGridCode, IsPhone } from '../../common/validators.js';

export class OfficerDto {
  @ApiProperty({ example: '赵警官' })
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiProperty({ example: '13900001111' })
  @IsPhone()
  phone: string;
}

export class VolunteerDto {
  @ApiProperty()
  @IsString()
  @Length(1, 50)
  name: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsPhone()
  phone?: string;
}

export class CreatePolicePairingDto {
  @ApiProperty({ enum: ['urban', 'rural'], description: 'urban "1+2+N", rural "1+N"' })
  @IsIn(['urban', 'rural'])
  kind: PairingKind;

  @ApiProperty()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsGridCode({ each: true })
  gridCodes: string[];

  @ApiProperty({ type: OfficerDto })
  @ValidateNested()
  @Type(() => OfficerDto)
  officer: OfficerDto;

  @ApiProperty({ description: 'grid workers (urban: exactly two)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  workerIds: string[];

  @ApiProperty({ type: [VolunteerDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => VolunteerDto)
  volunteers: VolunteerDto[];
}

export class ListPairingsQuery extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsGridCode()
  gridCode?: string;
}
