import { Logger } from '@nestjs/common';

/**
 * A task that never runs twice at once. `run()` starts it, or — if it is under way — asks for
 * exactly one more run right after it (the run under way may have looked before what changed
 * since): every caller meanwhile shares that one promise. A failure is logged, never thrown:
 * the next run is the retry. Used by every timer of the worker and by the outbox relay.
 */
export class SingleFlight {
  private running: Promise<void> | null = null;
  private next: Promise<void> | null = null;
  private readonly logger: Logger;

  constructor(
    private readonly name: string,
    private readonly task: () => Promise<unknown>,
  ) {
    this.logger = new Logger(name);
  }

  run(): Promise<void> {
    if (this.running) {
      this.next ??= this.running.then(() => {
        this.next = null;
        return this.run();
      });
      return this.next;
    }
    this.running = (async () => {
      try {
        await this.task();
      } catch (err) {
        this.logger.error(`${this.name} failed: ${String(err)}`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Resolves when no run is under way or asked for (at shutdown). */
  async idle(): Promise<void> {
    while (this.next ?? this.running) await (this.next ?? this.running);
  }
}
