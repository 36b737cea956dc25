import { createServer, type Server } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@gridflow/config';
import { ErrorCode } from '@gridflow/domain';
import { errorBody } from '../common/error-body.js';
import { metricsAccess } from './metrics-access.js';
import { MetricsService } from './metrics.service.js';

const UNAUTHENTICATED_MESSAGE = 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>';

/** With METRICS_PORT set: a listener of its own that serves only GET /metrics, for the scraper's network. */
@Injectable()
export class MetricsPortServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MetricsPortServer');
  private server?: Server;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap() {
    if (this.config.metricsPort === null) return;
    const server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      if (req.method !== 'GET' || path !== '/metrics') {
        res
          .writeHead(404, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(errorBody(404, ErrorCode.NotFound, 'Not found')));
        return;
      }
      if (metricsAccess(this.config, req.headers.authorization, 'internal') !== 'serve') {
        res
          .writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Bearer realm="metrics"' })
          .end(JSON.stringify(errorBody(401, ErrorCode.Unauthenticated, UNAUTHENTICATED_MESSAGE)));
        return;
      }
      this.metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text),
        (err: unknown) => {
          this.logger.error(`metrics scrape failed: ${String(err)}`);
          res.writeHead(500).end();
        },
      );
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.metricsPort!, () => resolve());
    });
    this.logger.log(`/metrics served on port ${this.config.metricsPort}`);
  }

  async onApplicationShutdown() {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
