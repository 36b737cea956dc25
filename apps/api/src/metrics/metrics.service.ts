import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { QueueName, QueueProducer } from '@gridflow/queue';
import { ATTACHMENT_DISK_BYTES_SQL } from '@gridflow/tickets';

/** One Prometheus registry per app instance (tests boot several apps in one process). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration in seconds, by method, route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(
    private readonly producer: QueueProducer,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'gridflow_' });
    const producerRef = this.producer;
    new Gauge({
      name: 'gridflow_queue_jobs',
      help: 'Jobs per BullMQ queue and state (read at scrape time)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        for (const name of Object.values(QueueName)) {
          const counts = await producerRef
            .queue(name)
            .getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: name, state }, n);
        }
      },
    });
    const dataSource = this.db;
    new Gauge({
      name: 'gridflow_attachment_disk_bytes',
      help: 'Bytes of stored attachment files under DATA_DIR (each content once; read at scrape time)',
      registers: [this.registry],
      async collect() {
        const [{ bytes }] = await dataSource.query(ATTACHMENT_DISK_BYTES_SQL);
        this.set(Number(bytes));
      },
    });
    new Gauge({
      name: 'gridflow_job_failures_recorded',
      help: 'Jobs that exhausted their attempts (job_failure rows), by queue',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        const rows: { queue_name: string; n: number }[] = await dataSource.query(
          `SELECT queue_name, count(*)::int AS n FROM job_failure GROUP BY queue_name`,
        );
        for (const r of rows) this.set({ queue: r.queue_name }, r.n);
      },
    });
    new Gauge({
      name: 'gridflow_outbox_pending',
      help: 'Outbox rows not yet relayed to the queues',
      registers: [this.registry],
      async collect() {
        const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
        this.set(n);
      },
    });
  }
}
