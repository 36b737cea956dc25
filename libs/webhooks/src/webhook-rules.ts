import { invalidField, SYSTEM_EVENT_TYPES, TRANSITION_EVENT_TYPES } from '@gridflow/domain';

/** Every ticket timeline event type a webhook may subscribe to (the ticket_event.type values). */
export const WEBHOOK_EVENT_TYPES: readonly string[] = [
  ...new Set<string>([...SYSTEM_EVENT_TYPES, ...TRANSITION_EVENT_TYPES]),
];

/** Subscribes to every event type, now and future. WARNING: persisted in webhook.event_types. */
export const ALL_EVENTS = '*';

/** A webhook posts to http or https only; anything else (file:, ftp:, javascript:, …) is a 400. */
export function checkWebhookUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidField('url', 'must be an absolute http or https URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw invalidField('url', 'must use http or https');
  }
  if (!parsed.hostname) throw invalidField('url', 'must name a host');
  return url;
}

/** A non-empty set of known event types without repeats, or exactly ['*']. */
export function checkEventTypes(eventTypes: string[]): string[] {
  if (eventTypes.length === 0) throw invalidField('eventTypes', 'must name at least one event type, or "*"');
  if (eventTypes.includes(ALL_EVENTS)) {
    if (eventTypes.length > 1) throw invalidField('eventTypes', '"*" stands alone: it already means every event type');
    return [ALL_EVENTS];
  }
  const unknown = eventTypes.filter((t) => !WEBHOOK_EVENT_TYPES.includes(t));
  if (unknown.length) {
    throw invalidField(
      'eventTypes',
      `unknown event type(s) ${unknown.join(', ')}; allowed: ${WEBHOOK_EVENT_TYPES.join(', ')} or "*"`,
    );
  }
  return [...new Set(eventTypes)];
}
