import { Injectable } from '@nestjs/common';
import { TopicsService } from '@gridflow/topics';
import { Cron } from './cron.js';

/**
 * Governance topics (未诉先办): at start and every hour, the detection over every ticket. Runs
 * in several workers queue up on the detection's advisory lock and find nothing new; a run
 * missed (a restart) is made up by the next, since the detection reads PostgreSQL only.
 */
@Injectable()
export class TopicDetection extends Cron {
  protected readonly everyMs = 60 * 60_000;

  constructor(private readonly topics: TopicsService) {
    super();
  }

  protected task() {
    return this.topics.detect(null);
  }
}
