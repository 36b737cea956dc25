import { Module } from '@nestjs/common';
import { TopicsService } from './topics.service.js';

/** Governance topics (未诉先办, 每月一题): detection, adopt/close, the monthly ranking. */
@Module({ providers: [TopicsService], exports: [TopicsService] })
export class TopicsModule {}
