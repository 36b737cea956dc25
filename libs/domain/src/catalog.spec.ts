import { DomainException, ErrorCode } from './errors.js';
import {
  assertAdmitted,
  itemCodeProblem,
  limitsFor,
  limitsProblems,
  nextItemStatus,
  type StepLimits,
} from './catalog.js';

const limits: StepLimits = {
  acceptSeconds: 7200,
  dispatchSeconds: 14400,
  claimSeconds: 14400,
  resolveSeconds: 75600,
  verifySeconds: 25200,
  archiveSeconds: 50400,
};

describe('matter catalogue rules', () => {
  it('admits only active items (凭票上车)', () => {
    expect(() => assertAdmitted('B01', { status: 'active' })).not.toThrow();
    for (const item of [null, { status: 'proposed' as const }, { status: 'retired' as const }]) {
      try {
        assertAdmitted('B01', item);
        throw new Error('expected a refusal');
      } catch (err) {
        expect(err).toBeInstanceOf(DomainException);
        expect((err as DomainException).code).toBe(ErrorCode.ItemNotAdmitted);
        expect((err as DomainException).status).toBe(422);
      }
    }
  });

  it('checks item codes against their category', () => {
    expect(itemCodeProblem('A01', 'A')).toBeNull();
    expect(itemCodeProblem('B1203', 'B')).toBeNull();
    expect(itemCodeProblem('B1', 'B')).toMatch(/2–4 digits/);
    expect(itemCodeProblem('B12034', 'B')).toMatch(/2–4 digits/);
    expect(itemCodeProblem('A01', 'B')).toMatch(/"B"/);
    expect(itemCodeProblem('a01', 'a')).toMatch(/capital/);
  });

  it('requires a positive whole number of seconds for every step', () => {
    expect(limitsProblems(limits)).toEqual([]);
    expect(limitsProblems({ ...limits, resolveSeconds: 0 })).toEqual([
      { field: 'limits.resolveSeconds', problem: 'must be a positive whole number of seconds' },
    ]);
    expect(limitsProblems({ ...limits, acceptSeconds: -5 })[0].field).toBe('limits.acceptSeconds');
    expect(limitsProblems({ ...limits, verifySeconds: 1.5 })[0].field).toBe('limits.verifySeconds');
    const { archiveSeconds: _drop, ...missing } = limits;
    expect(limitsProblems(missing)[0].field).toBe('limits.archiveSeconds');
    expect(limitsProblems({ ...limits, lunchSeconds: 5 })).toEqual([
      { field: 'limits.lunchSeconds', problem: 'unknown field' },
    ]);
    expect(limitsProblems(null)).toHaveLength(1);
  });

  it('moves items proposed → active → retired only', () => {
    expect(nextItemStatus('proposed', 'approve')).toBe('active');
    expect(nextItemStatus('proposed', 'retire')).toBe('retired');
    expect(nextItemStatus('active', 'retire')).toBe('retired');
    expect(nextItemStatus('active', 'approve')).toBeNull();
    expect(nextItemStatus('retired', 'approve')).toBeNull();
    expect(nextItemStatus('retired', 'retire')).toBeNull();
  });

  it('uses the urgent limits for urgent tickets', () => {
    const urgentLimits = { ...limits, acceptSeconds: 900 };
    expect(limitsFor({ limits, urgentLimits }, true).acceptSeconds).toBe(900);
    expect(limitsFor({ limits, urgentLimits }, false).acceptSeconds).toBe(7200);
  });
});
