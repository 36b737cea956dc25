import type { BeforeApplicationShutdown } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import { AppConfig } from '@gridflow/config';
import { AddressImportsService, HotlineImporter, ImportInterrupted } from '@gridflow/imports';
import { type AddressImportPayload, type HotlineImportPayload, JobHandler, JobName, QueueName } from '@gridflow/queue';
import { JobDispatchingProcessor } from './job-dispatching.processor.js';
import { JobFailureRecorder } from './job-failure.recorder.js';

/** Imports are long and each files several tickets at once: a couple per process is plenty. */
const IMPORTS_PER_WORKER = 2;
/** After a shutdown the job waits this long before another worker (or this one, restarted) continues it. */
const RESUME_DELAY_MS = 1_000;

/**
 * Bulk imports on the imports queue: hotline (12345) files (HotlineImporter) and address
 * register files (AddressImportsService). Hotline imports: On shutdown a running import stops
 * after its current batch and its job goes back to the delayed set without spending an
 * attempt; whoever picks it up continues through the dedupe. A crashed worker's job is
 * found stalled by BullMQ and continues the same way.
 */
@Processor(QueueName.Imports)
export class HotlineImportProcessor extends JobDispatchingProcessor implements BeforeApplicationShutdown {
  readonly queueName = QueueName.Imports;
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    failureRecorder: JobFailureRecorder,
    private readonly config: AppConfig,
    private readonly importer: HotlineImporter,
    private readonly addressImports: AddressImportsService,
  ) {
    super(failureRecorder, config);
  }

  override onApplicationBootstrap() {
    this.worker.concurrency = Math.min(this.config.workerConcurrency, IMPORTS_PER_WORKER);
  }

  /** Returns a one-line outcome, kept on the job. */
  @JobHandler(JobName.HotlineImport)
  async hotlineImport(job: Job<HotlineImportPayload>, token?: string): Promise<string> {
    const run = this.runImport(job, token);
    this.running.add(run);
    try {
      return await run;
    } finally {
      this.running.delete(run);
    }
  }

  /**
   * An address register file (标准地址库): one transaction, so a shutdown midway rolls it back
   * and the job is retried from the top (the upserts make that harmless).
   */
  @JobHandler(JobName.AddressImport)
  async addressImport(job: Job<AddressImportPayload>): Promise<string> {
    const { importId } = job.data;
    try {
      const done = await this.addressImports.run(importId, (percent) => job.updateProgress(percent));
      return done.status === 'done'
        ? `done: ${done.created_count} created, ${done.updated_count} updated, ${done.failed_count} rejected`
        : `${done.status}: ${done.error ?? ''}`;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.addressImports.markFailed(importId, message);
      else await this.addressImports.markRetrying(importId, message);
      throw err;
    }
  }

  /** Before the workers close: stop the running imports at their next batch boundary. */
  async beforeApplicationShutdown() {
    this.stopping.abort();
    await Promise.allSettled([...this.running]);
  }

  private async runImport(job: Job<HotlineImportPayload>, token?: string): Promise<string> {
    const { importId } = job.data;
    try {
      // Picked up while this worker is stopping: leave it to the next one at once.
      if (this.stopping.signal.aborted) throw new ImportInterrupted();
      const done = await this.importer.run(importId, {
        signal: this.stopping.signal,
        onProgress: (p) => job.updateProgress(p.percent),
      });
      return done.status === 'done'
        ? `done: ${done.createdCount} created, ${done.duplicateCount} duplicates, ${done.failedCount} failed`
        : `${done.status}: ${done.error ?? ''}`;
    } catch (err) {
      if (err instanceof ImportInterrupted && token) {
        await job.moveToDelayed(Date.now() + RESUME_DELAY_MS, token);
        throw new DelayedError();
      }
      const message = err instanceof Error ? err.message : String(err);
      // attemptsMade counts the attempts that failed before this one.
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await this.importer.markFailed(importId, message);
      else await this.importer.markRetrying(importId, message);
      throw err;
    }
  }
}
