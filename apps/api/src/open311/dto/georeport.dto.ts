import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsLatitude, IsLongitude, IsObject, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { GEOREPORT_DESCRIPTION_MAX } from '@gridflow/open311';
import { toOptionalNumber } from '../../common/validators.js';

// Shapes only (the spec's snake_case names); what the values mean is checked by @gridflow/open311.

/** "A null parameter should be treated as equivalent to a non-declared parameter" (Optional Arguments). */
const blankToUndefined = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** "can be declared multiple times, comma delimited": ?status=open&status=closed reads as "open,closed". */
const joinRepeated = ({ value }: { value: unknown }) => {
  const v = Array.isArray(value) && value.every((x) => typeof x === 'string') ? value.join(',') : value;
  return blankToUndefined({ value: v });
};

const OptionalText = (max: number) =>
  applyDecorators(Transform(blankToUndefined), IsOptional(), IsString(), MaxLength(max));

export class GeoReportRequestsQueryDto {
  @ApiPropertyOptional({ description: 'accepted and ignored: this endpoint serves one jurisdiction' })
  @OptionalText(200)
  jurisdiction_id?: string;

  @ApiPropertyOptional({ description: 'accepted and ignored: reading needs no key' })
  @OptionalText(200)
  api_key?: string;

  @ApiPropertyOptional({
    example: '20261122000001,20261122000002',
    description: 'ticket numbers, comma delimited (at most 100); overrides every other filter',
  })
  @Transform(joinRepeated)
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  service_request_id?: string;

  @ApiPropertyOptional({ example: 'B01,E01', description: 'catalogue item codes, comma delimited' })
  @Transform(joinRepeated)
  @IsOptional()
  @IsString()
  @MaxLength(500)
  service_code?: string;

  @ApiPropertyOptional({
    example: '2026-11-01T00:00:00+08:00',
    description:
      'W3C date-time (no zone: Asia/Shanghai); with end_date at most 90 days apart; default: the last 90 days',
  })
  @OptionalText(40)
  start_date?: string;

  @ApiPropertyOptional({ example: '2026-11-30T23:59:59+08:00' })
  @OptionalText(40)
  end_date?: string;

  @ApiPropertyOptional({ example: 'open', description: 'open, closed, or both comma delimited (default: both)' })
  @Transform(joinRepeated)
  @IsOptional()
  @IsString()
  @MaxLength(20)
  status?: string;
}

/** POST requests (application/x-www-form-urlencoded): the spec's arguments. */
export class GeoReportPostDto {
  @ApiProperty({ description: 'issued by an administrator (POST /api/v1/open311/keys)' })
  @OptionalText(200)
  api_key?: string;

  @ApiPropertyOptional({ description: 'accepted and ignored: this endpoint serves one jurisdiction' })
  @OptionalText(200)
  jurisdiction_id?: string;

  @ApiProperty({ example: 'E01', description: 'an active catalogue item (GET services)' })
  @IsString()
  @Length(1, 40)
  service_code: string;

  @ApiPropertyOptional({
    example: 40.072,
    description: 'WGS-84; lat and long are required (the grid is found by them)',
  })
  @Transform(toOptionalNumber)
  @IsOptional()
  @IsLatitude()
  lat?: number;

  @ApiPropertyOptional({ example: 113.292 })
  @Transform(toOptionalNumber)
  @IsOptional()
  @IsLongitude()
  long?: number;

  @ApiPropertyOptional({ example: '和平小区3号楼东侧', description: 'kept as the address; cannot replace lat/long' })
  @OptionalText(200)
  address_string?: string;

  @ApiPropertyOptional({ description: 'not supported: 400 unless lat and long are sent' })
  @OptionalText(100)
  address_id?: string;

  @ApiPropertyOptional({
    example: '小区门口垃圾堆积三天无人清运',
    maxLength: GEOREPORT_DESCRIPTION_MAX,
    description: 'optional (GeoReport v2); absent or blank: the ticket is described by the service name',
  })
  @OptionalText(GEOREPORT_DESCRIPTION_MAX)
  description?: string;

  @ApiPropertyOptional({ example: '芳', description: 'reporter name (given); never shown in GET answers' })
  @OptionalText(50)
  first_name?: string;

  @ApiPropertyOptional({ example: '王', description: 'reporter name (family)' })
  @OptionalText(50)
  last_name?: string;

  @ApiPropertyOptional({
    example: '13812345678',
    description: 'reporter phone, stored encrypted; never shown in GET answers',
  })
  @OptionalText(30)
  phone?: string;

  @ApiPropertyOptional({ description: 'accepted, not stored (a ticket has no e-mail)' })
  @OptionalText(200)
  email?: string;

  @ApiPropertyOptional({ description: 'accepted and ignored' })
  @OptionalText(200)
  device_id?: string;

  @ApiPropertyOptional({ description: 'accepted and ignored (account_id is null in the answer)' })
  @OptionalText(200)
  account_id?: string;

  @ApiPropertyOptional({ description: 'accepted and ignored: media are not fetched from URLs' })
  @OptionalText(2000)
  media_url?: string;

  @ApiPropertyOptional({ description: 'attribute[code]=value: accepted and ignored (no service has attributes)' })
  @IsOptional()
  @IsObject()
  attribute?: Record<string, unknown>;
}
