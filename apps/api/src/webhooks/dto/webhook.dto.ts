import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { ALL_EVENTS, WEBHOOK_EVENT_TYPES } from '@gridflow/webhooks';
import { IsOrgCode } from '../../common/validators.js';

// Shapes only; which URLs and event types are acceptable is the webhooks service's rule.

const EVENT_TYPES_DOC: ApiPropertyOptions = {
  type: [String],
  example: ['filed', 'resolved'],
  description: `a subset of ${WEBHOOK_EVENT_TYPES.join(', ')} — or ["${ALL_EVENTS}"] for every event`,
};

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://hooks.example.com/gridflow', description: 'http or https' })
  @IsString()
  @Length(1, 2000)
  url: string;

  @ApiProperty(EVENT_TYPES_DOC)
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  eventTypes: string[];

  @ApiPropertyOptional({ example: '140213001', description: "default: the admin's own scope; must be within it" })
  @IsOptional()
  @IsOrgCode()
  scopeCode?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ description: 'false stops deliveries (pending ones are skipped)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional(EVENT_TYPES_DOC)
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  eventTypes?: string[];

  @ApiPropertyOptional({ example: 'https://hooks.example.com/gridflow' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  url?: string;
}
