import { isDialable, isMobilePhone, isValidPhone, normalizePhone, seesPhoneInFull } from './phone.js';

describe('who sees the phone in full (seesPhoneInFull)', () => {
  const grid = '110101001001001';
  const ticket = (status: string, assigneeId: string | null = null) => ({ assigneeId, gridCode: grid, status });
  const user = (role: string, scopeCode: string, id = 'u1') => ({ id, role, scopeCode }) as never;

  it('gives it to supervisors and to the assigned handler', () => {
    expect(seesPhoneInFull(user('supervisor', '110101'), ticket('submitted'))).toBe(true);
    expect(seesPhoneInFull(user('party_member', '110101001001', 'p1'), ticket('claimed', 'p1'))).toBe(true);
    expect(seesPhoneInFull(user('party_member', '110101001001', 'p2'), ticket('claimed', 'p1'))).toBe(false);
  });

  it("gives it to the ticket grid's own worker from acceptance on, not before and not after a rejection", () => {
    const worker = user('grid_worker', grid);
    expect(seesPhoneInFull(worker, ticket('submitted'))).toBe(false);
    for (const s of ['accepted', 'dispatched', 'claimed', 'resolved', 'verified', 'archived'])
      expect({ s, full: seesPhoneInFull(worker, ticket(s)) }).toEqual({ s, full: true });
    expect(seesPhoneInFull(worker, ticket('rejected'))).toBe(false);
  });

  it('keeps it masked for another grid, a wider-scoped grid worker, dispatchers, admins and no one', () => {
    expect(seesPhoneInFull(user('grid_worker', '110101001001002'), ticket('accepted'))).toBe(false);
    expect(seesPhoneInFull(user('grid_worker', '110101001001'), ticket('accepted'))).toBe(false);
    expect(seesPhoneInFull(user('dispatcher', grid), ticket('accepted'))).toBe(false);
    expect(seesPhoneInFull(user('admin', '1101'), ticket('accepted'))).toBe(false);
    expect(seesPhoneInFull(null, ticket('accepted'))).toBe(false);
  });

  it('dials only complete numbers', () => {
    expect(isDialable('13800138000')).toBe(true);
    expect(isDialable('138****8000')).toBe(false);
    expect(isDialable('tel:1;evil')).toBe(false);
    expect(isDialable(null)).toBe(false);
  });
});

describe('normalizePhone, before any check', () => {
  it.each([
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-13800138000', '13800138000'],
    ['0086 13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['１３８ ００１３ ８０００', '13800138000'],
    ['(010) 6512 3456', '01065123456'],
    ['0352-1234567', '03521234567'],
  ])('%s → %s, accepted', (input, out) => {
    expect(normalizePhone(input)).toBe(out);
    expect(isValidPhone(input)).toBe(true);
  });

  it('refuses what is no phone number, and leaves oversized input as it is', () => {
    for (const bad of ['138 0013 800', '138****8000', '2380013800', '+1 415 555 0100', '1380013800a'])
      expect({ bad, ok: isValidPhone(bad) }).toEqual({ bad, ok: false });
    const huge = '1'.repeat(5000);
    expect(normalizePhone(huge)).toBe(huge);
    expect(isValidPhone(` ${'1 '.repeat(30)}`)).toBe(false);
  });
});

describe('isMobilePhone', () => {
  it('knows a mobile (which can get an SMS) from a landline', () => {
    expect(isMobilePhone('13812345678')).toBe(true);
    expect(isMobilePhone('01065123456')).toBe(false);
    expect(isMobilePhone('010-65123456')).toBe(false);
    expect(isMobilePhone('1381234567')).toBe(false);
  });
});
