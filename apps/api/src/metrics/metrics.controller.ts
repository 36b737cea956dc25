import { Public } from '@gridflow/auth';
import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '@gridflow/config';
import { DomainException, ErrorCode } from '@gridflow/domain';
import { metricsAccess } from './metrics-access.js';
import { MetricsService } from './metrics.service.js';

@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() res: Response) {
    const verdict = metricsAccess(this.config, authorization, 'main');
    if (verdict === 'not-found') throw new DomainException(ErrorCode.NotFound, 'Not found');
    if (verdict === 'unauthenticated') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainException(ErrorCode.Unauthenticated, 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
    }
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
