import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { COMMAND_BY, type CommandBy } from '@gridflow/stats';
import { IsOrgCode } from '../../common/validators.js';

export class OpenTicketsQuery {
  @ApiPropertyOptional({ description: 'default: the caller’s scope' })
  @IsOptional()
  @IsOrgCode()
  scopeCode?: string;

  @ApiPropertyOptional({ enum: COMMAND_BY, default: 'township' })
  @IsOptional()
  @IsIn(COMMAND_BY)
  by?: CommandBy;
}

export class EscalationsQuery {
  @ApiPropertyOptional({
    example: '2026-12-06T04:00:00.000Z',
    description: 'only escalations after this instant (the newest `at` a poll has seen)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

class OpenCountsView {
  @ApiProperty() open: number;
  @ApiProperty({ description: '超时' }) overdue: number;
  @ApiProperty({ description: '临期 (warned, not yet overdue)' }) warning: number;
}

class OpenTicketsRowView extends OpenCountsView {
  @ApiProperty({ description: 'the county or township code' }) key: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class OpenTicketsView {
  @ApiProperty() scopeCode: string;
  @ApiProperty({ enum: COMMAND_BY }) by: CommandBy;
  @ApiProperty({ type: OpenCountsView }) total: OpenCountsView;
  @ApiProperty({ type: [OpenTicketsRowView], description: 'most overdue first; units without open tickets too' })
  rows: OpenTicketsRowView[];
}

class EscalationItemView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty() number: string;
  @ApiProperty({ type: String, nullable: true }) gridCode: string | null;
  @ApiProperty({ type: String, nullable: true }) gridName: string | null;
  @ApiProperty() itemCode: string;
  @ApiProperty({ type: String, nullable: true }) itemName: string | null;
  @ApiProperty({ enum: ['auto', 'manual'], description: 'auto: the time limit ran out (督办); manual: 报大事' })
  kind: 'auto' | 'manual';
  @ApiProperty() fromLevel: string;
  @ApiProperty() toLevel: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ format: 'date-time' }) at: string;
}

export class EscalationsView {
  @ApiProperty({ type: [EscalationItemView], description: 'newest first' })
  items: EscalationItemView[];
}
