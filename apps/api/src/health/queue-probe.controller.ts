import { Public, RateLimited } from '@gridflow/auth';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { QueueProbeService } from './queue-probe.service.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

export class QueueProbeQuery {
  @ApiProperty({ required: false, minimum: 100, maximum: 10_000, default: 5_000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(10_000)
  timeoutMs?: number;
}

@ApiTags('operations')
@Public()
@Controller('health')
export class QueueProbeController {
  constructor(private readonly probe: QueueProbeService) {}

  // Each call enqueues a job and holds a connection for up to timeoutMs: limited per address.
  @RateLimited()
  @Get('queue')
  @ApiOperation({
    summary: 'Queue round trip: a probe job is enqueued and a worker must finish it in time (503 otherwise)',
  })
  @ApiErrors(400, 429)
  async queue(@Query() query: QueueProbeQuery) {
    return { status: 'ok', ...(await this.probe.probe(query.timeoutMs ?? 5_000)) };
  }
}
