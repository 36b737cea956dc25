import { DomainException, ErrorCode } from '@gridflow/domain';
import {
  assertLiteralTargetAllowed,
  blockedAddressReason,
  checkWebhookTarget,
  pinnedLookup,
} from './webhook-target.js';

async function refusedUrl(url: string) {
  const err = await checkWebhookTarget(url, false).then(
    () => null,
    (e: unknown) => e,
  );
  expect({ url, refused: err instanceof DomainException }).toEqual({ url, refused: true });
  expect((err as DomainException).code).toBe(ErrorCode.ValidationFailed);
  expect((err as DomainException).details[0].field).toBe('url');
}

const HOSTILE_URLS = [
  'http://127.0.0.1/',
  'http://127.1/',
  'http://2130706433/',
  'http://0x7f.1/',
  'http://0x7f000001/',
  'http://017700000001/',
  'http://0177.0.0.1/',
  'http://localhost:8080/x',
  'http://LOCALHOST./x',
  'http://api.localhost/x',
  'http://10.0.0.5/',
  'http://172.16.3.4/',
  'http://192.168.1.1/',
  'http://100.64.1.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://0.0.0.0/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://[::1]/',
  'http://[::]/',
  'http://[fc00::1]/',
  'http://[fd12:3456::1]/',
  'http://[fe80::1]/',
  'http://[ff02::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:10.0.0.1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[2002:7f00:1::]/',
];

describe('webhook target addresses', () => {
  it.each(HOSTILE_URLS)('refuses %s', (url) => refusedUrl(url));

  it('accepts public unicast addresses', async () => {
    for (const url of ['http://8.8.8.8/hook', 'https://93.184.215.14/x', 'http://[2606:4700::1111]/']) {
      await expect(checkWebhookTarget(url, false)).resolves.toBeUndefined();
    }
    expect(blockedAddressReason('8.8.8.8')).toBeNull();
  });

  it('WEBHOOK_ALLOW_PRIVATE_TARGETS lifts the check', async () => {
    await expect(checkWebhookTarget('http://127.0.0.1:9/', true)).resolves.toBeUndefined();
  });

  it('at delivery, an IP literal in a blocked range throws before any connection', () => {
    expect(() => assertLiteralTargetAllowed('169.254.169.254')).toThrow(/refused/);
    expect(() => assertLiteralTargetAllowed('[::ffff:7f00:1]')).toThrow(/refused/);
    expect(() => assertLiteralTargetAllowed('8.8.8.8')).not.toThrow();
  });

  it('the pinned lookup refuses a name that resolves to loopback, in both callback forms', async () => {
    for (const all of [false, true]) {
      const err = await new Promise<unknown>((resolve) => pinnedLookup('localhost', { all }, (e) => resolve(e)));
      expect((err as { code?: string }).code).toBe('EBLOCKEDTARGET');
    }
  });
});
