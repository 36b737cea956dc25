import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsLatitude,
  IsLongitude,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsGridCode, IsPhone } from '../../common/validators.js';

/** Whether lng/lat are to be checked: always, unless the location is an address alone. */
const hasPoint = (o: LocationDto) => o.lng !== undefined || o.lat !== undefined || o.address === undefined;

/**
 * A point (lng, lat) with an optional address, or an address alone (no GPS on the phone) —
 * the latter only next to a gridCode, which then places the ticket.
 */
export class LocationDto {
  @ApiPropertyOptional({ example: 113.292 })
  @ValidateIf(hasPoint)
  @IsLongitude()
  lng?: number;

  @ApiPropertyOptional({ example: 40.072 })
  @ValidateIf(hasPoint)
  @IsLatitude()
  lat?: number;

  @ApiPropertyOptional({ example: '和平小区3号楼东侧' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  address?: string;
}

export class ReporterDto {
  @ApiPropertyOptional({ example: '王女士' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  name?: string;

  @ApiPropertyOptional({ example: '13812345678' })
  @IsOptional()
  @IsPhone()
  phone?: string;
}

/** 群众点单: the body of POST /tickets and POST /public/tickets (API.md). */
export class FileTicketDto {
  @ApiProperty({ example: 'B01' })
  @Matches(/^[A-Z]\d{2,4}$/, { message: 'must be a catalogue item code such as B01' })
  itemCode: string;

  @ApiProperty({ example: '楼上漏水，与邻居协商未果', minLength: 1, maxLength: 2000 })
  @IsString()
  @Length(1, 2000)
  description: string;

  @ApiPropertyOptional({ description: 'gridCode or location is required' })
  @IsOptional()
  @IsGridCode()
  gridCode?: string;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ type: ReporterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;

  @ApiPropertyOptional({ description: 'default: the item’s urgent flag' })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}
