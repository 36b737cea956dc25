import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthUser, DomainException, type ErrorCode, type TicketAction } from '@gridflow/domain';
import { IdempotencyService } from './idempotency.service.js';
import { type ActionBody, TicketActionsService } from './ticket-actions.service.js';

/** One ticket's answer in a batch: 200 with the ticket, or the error the single action would have answered. */
export interface BatchResult {
  id: string;
  status: number;
  code?: ErrorCode;
  message?: string;
  ticket?: unknown;
}

export interface BatchAnswer {
  results: BatchResult[];
}

/**
 * 批量派单 / 批量归档 …: each ticket goes through TicketActionsService.act, the single action's
 * own path (scope → 404, role → 403, compare-and-set → 409, the body's rules), one after the
 * other in the order given, each in its own transaction; a ticket that fails does not stop the
 * others. An unexpected error (a bug, an outage) is not a ticket's answer: it fails the request
 * (500/503), and a retry finds the tickets already moved answering 409.
 */
@Injectable()
export class TicketBatchService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly actions: TicketActionsService,
    private readonly idempotency: IdempotencyService,
  ) {}

  async act(
    actor: AuthUser,
    action: TicketAction,
    ids: readonly string[],
    body: ActionBody,
    idempotencyKey?: string,
  ): Promise<BatchAnswer> {
    // The key is claimed and committed before the first ticket moves (no transaction is held
    // over the batch; see IdempotencyService.claimAhead), completed after the last.
    return this.idempotency.once(this.db, `user:${actor.id}`, idempotencyKey, { batch: action, ids, body }, () =>
      this.actOnEach(actor, action, ids, body),
    );
  }

  private async actOnEach(actor: AuthUser, action: TicketAction, ids: readonly string[], body: ActionBody) {
    const results: BatchResult[] = [];
    for (const id of ids) {
      try {
        const ticket = await this.actions.act(actor, id, action, body);
        results.push({ id, status: 200, ticket });
      } catch (error) {
        if (!(error instanceof DomainException)) throw error;
        results.push({ id, status: error.status, code: error.code, message: error.message });
      }
    }
    return { results };
  }
}
