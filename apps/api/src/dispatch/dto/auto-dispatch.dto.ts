import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AUTO_DISPATCH_MAX_MINUTES } from '@gridflow/dispatch';

export class AutoDispatchDto {
  @ApiProperty({ description: 'assign the top candidate when nobody dispatched within `minutes`' })
  @IsBoolean()
  enabled: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: AUTO_DISPATCH_MAX_MINUTES, description: 'required when enabled' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(AUTO_DISPATCH_MAX_MINUTES)
  minutes?: number;
}
