import type { OutboxTicketEvent } from './outbox.js';
/**
 * WARNING: these values are persisted — in Redis (queue keys, job names of delayed jobs)
 * and in PostgreSQL (job_failure rows, the outbox). Renaming one orphans every job already
 * queued under the old name. Add new names; never rename or reuse old ones.
 */
export enum QueueName {
  /** Operational jobs: the queue round-trip probe. */
  System = 'system',
  /** Ticket timeline events relayed from the outbox: fan-out to timers, dispatch, notifications, webhooks. */
  TicketEvents = 'ticket-events',
  /** Delayed warning/escalation timers (the clock of 时限、超期、督办). */
  Deadlines = 'deadlines',
  /** Candidate ranking and auto-dispatch (村社派单). */
  Dispatch = 'dispatch',
  /** Outgoing webhook deliveries. */
  Webhooks = 'webhooks',
  /** Bulk imports (hotline 12345 exports): long jobs that stream a file. */
  Imports = 'imports',
  /** Residents' SMS (tracking code on filing, result on verification), one send per job. */
  Sms = 'sms',
}

/** WARNING: persisted in Redis and PostgreSQL — see QueueName. */
export enum JobName {
  /** Proves that a worker consumes the queues (GET /health/queue). */
  HealthProbe = 'health-probe',
  /** One outbox row: a ticket timeline event. */
  TicketEvent = 'ticket-event',
  /** A ticket step's warning (80 %) or its n-th escalation (100 %, 200 %, …) is due. */
  Deadline = 'ticket-deadline',
  /** Rank the candidate handlers of an accepted ticket. */
  RankCandidates = 'rank-candidates',
  /** Nobody dispatched within the community's N minutes: assign the top candidate. */
  AutoDispatch = 'auto-dispatch',
  /** POST one event to one webhook. */
  WebhookDelivery = 'webhook-delivery',
  /** Import (or continue importing) one uploaded hotline file. */
  HotlineImport = 'hotline-import',
  /** Send one resident's SMS (a sms_message row). */
  SmsSend = 'sms-send',
  /** Import (or import again) one uploaded address register file (标准地址库). */
  AddressImport = 'address-import',
}

/** Which queue each job runs on. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.HealthProbe]: QueueName.System,
  [JobName.TicketEvent]: QueueName.TicketEvents,
  [JobName.Deadline]: QueueName.Deadlines,
  [JobName.RankCandidates]: QueueName.Dispatch,
  [JobName.AutoDispatch]: QueueName.Dispatch,
  [JobName.WebhookDelivery]: QueueName.Webhooks,
  [JobName.HotlineImport]: QueueName.Imports,
  [JobName.SmsSend]: QueueName.Sms,
  [JobName.AddressImport]: QueueName.Imports,
};

export interface HealthProbePayload {
  requestedAt: string;
  requestedBy: string;
}

export interface HealthProbeResult {
  processedBy: string;
  processedAt: string;
}

/** A ticket timeline event as the relay hands it to the worker: the outbox row's payload and its id. */
export interface TicketEventPayload extends OutboxTicketEvent {
  outboxId: string;
}

/** WARNING: persisted in Redis job data. */
export type DeadlineKind = 'warning' | 'escalation';

/** Fires for one step of one ticket; a no-op if the ticket moved on (another step_seq). */
export interface DeadlinePayload {
  ticketId: string;
  stepSeq: number;
  kind: DeadlineKind;
  /** for escalations: the n-th escalation of this step */
  n: number;
}

export interface RankCandidatesPayload {
  ticketId: string;
  stepSeq: number;
}

export interface AutoDispatchPayload {
  ticketId: string;
  stepSeq: number;
}

export interface WebhookDeliveryPayload {
  deliveryId: string;
}

/** The import record holds the file, the mapping and the progress; the job only names it. */
export interface HotlineImportPayload {
  importId: string;
}

/** The address_import record holds the file and the progress; the job only names it. */
export interface AddressImportPayload {
  importId: string;
}

/** The sms_message row holds the phone (encrypted) and the text; the job only names it. */
export interface SmsSendPayload {
  smsId: string;
}

/** Payload and result type of every job: ids and the state they expect, never snapshots. */
export interface JobTypes {
  [JobName.HealthProbe]: { payload: HealthProbePayload; result: HealthProbeResult };
  [JobName.TicketEvent]: { payload: TicketEventPayload; result: void };
  [JobName.Deadline]: { payload: DeadlinePayload; result: string };
  [JobName.RankCandidates]: { payload: RankCandidatesPayload; result: void };
  [JobName.AutoDispatch]: { payload: AutoDispatchPayload; result: string };
  [JobName.WebhookDelivery]: { payload: WebhookDeliveryPayload; result: void };
  [JobName.HotlineImport]: { payload: HotlineImportPayload; result: string };
  [JobName.SmsSend]: { payload: SmsSendPayload; result: string };
  [JobName.AddressImport]: { payload: AddressImportPayload; result: string };
}

export type JobPayload<J extends JobName> = JobTypes[J]['payload'];
export type JobResult<J extends JobName> = JobTypes[J]['result'];

/** Deterministic job ids: the same work always has the same id, so Redis keeps one copy. */
export const jobIds = {
  ticketEvent: (outboxId: string) => `outbox-${outboxId}`,
  /** The due time is part of the id: a moved deadline (extension, resume) is a new job, not one Redis ignores. */
  deadline: (p: DeadlinePayload, at: Date) => `deadline-${p.ticketId}-${p.stepSeq}-${p.kind}-${p.n}-${at.getTime()}`,
  rank: (p: RankCandidatesPayload) => `rank-${p.ticketId}-${p.stepSeq}`,
  autoDispatch: (p: AutoDispatchPayload) => `autodispatch-${p.ticketId}-${p.stepSeq}`,
  webhook: (deliveryId: string) => `webhook-${deliveryId}`,
  hotlineImport: (importId: string) => `hotline-import-${importId}`,
  sms: (smsId: string) => `sms-${smsId}`,
  addressImport: (importId: string) => `address-import-${importId}`,
};
