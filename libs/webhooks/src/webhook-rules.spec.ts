import { DomainException, ErrorCode } from '@gridflow/domain';
import { checkEventTypes, checkWebhookUrl, WEBHOOK_EVENT_TYPES } from './webhook-rules.js';

function refused(fn: () => unknown, field: string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DomainException);
    expect((err as DomainException).code).toBe(ErrorCode.ValidationFailed);
    expect((err as DomainException).details[0].field).toBe(field);
    return;
  }
  throw new Error('expected a VALIDATION_FAILED exception');
}

describe('webhook rules', () => {
  it('knows every ticket timeline event type', () => {
    expect([...WEBHOOK_EVENT_TYPES].sort()).toEqual(
      [
        'filed',
        'accepted',
        'accepted_self',
        'dispatched',
        'auto_dispatched',
        'claimed',
        'declined',
        'resolved',
        'verified',
        'rework',
        'archived',
        'rejected',
        'escalated',
        'warning',
        'overdue',
        'commented',
        'rated',
        'extension_requested',
        'extension_approved',
        'extension_refused',
        'suspension_requested',
        'suspended',
        'suspension_refused',
        'resumed',
        'located',
      ].sort(),
    );
  });

  it('takes http and https URLs', () => {
    expect(checkWebhookUrl('https://hooks.example.com/gridflow?token=x')).toBe(
      'https://hooks.example.com/gridflow?token=x',
    );
    expect(checkWebhookUrl('http://127.0.0.1:8080/in')).toBe('http://127.0.0.1:8080/in');
  });

  it.each(['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'example.com/hook', '', 'http://'])(
    'refuses %j',
    (url) => refused(() => checkWebhookUrl(url), 'url'),
  );

  it('takes a subset of the event types, without repeats, or "*" alone', () => {
    expect(checkEventTypes(['filed', 'resolved', 'filed'])).toEqual(['filed', 'resolved']);
    expect(checkEventTypes(['*'])).toEqual(['*']);
  });

  it('refuses unknown types, an empty list and "*" mixed with types', () => {
    refused(() => checkEventTypes(['filed', 'exploded']), 'eventTypes');
    refused(() => checkEventTypes([]), 'eventTypes');
    refused(() => checkEventTypes(['*', 'filed']), 'eventTypes');
  });
});
