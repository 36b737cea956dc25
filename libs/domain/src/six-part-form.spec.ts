import { sixParts } from './six-part-form.js';

const ev = (seq: number, type: string) => ({ seq, type });

describe('sixParts (the printed 六联单)', () => {
  it('fills each reached part with the event that completed it, the result with 党员接单', () => {
    const timeline = [
      ev(1, 'filed'),
      ev(2, 'accepted'),
      ev(3, 'dispatched'),
      ev(4, 'claimed'),
      ev(5, 'resolved'),
      ev(6, 'verified'),
      ev(7, 'archived'),
    ];
    const parts = sixParts(timeline);
    expect(parts.map((p) => [p.title, p.event?.seq, p.result?.seq ?? null])).toEqual([
      ['群众点单', 1, null],
      ['网格接单', 2, null],
      ['村社派单', 3, null],
      ['党员接单', 4, 5],
      ['督查兑单', 6, null],
      ['归档销单', 7, null],
    ]);
  });

  it('leaves the parts not reached blank; a decline and a new dispatch: the last dispatch stands', () => {
    const parts = sixParts([
      ev(1, 'filed'),
      ev(2, 'accepted'),
      ev(3, 'dispatched'),
      ev(4, 'declined'),
      ev(5, 'auto_dispatched'),
      ev(6, 'commented'),
    ]);
    expect(parts.map((p) => p.event?.seq ?? null)).toEqual([1, 2, 5, null, null, null]);
  });

  it('a rework: the result reported after the last claim', () => {
    const parts = sixParts([
      ev(1, 'filed'),
      ev(2, 'accepted_self'),
      ev(3, 'claimed'),
      ev(4, 'resolved'),
      ev(5, 'rework'),
      ev(6, 'claimed'),
    ]);
    expect(parts.map((p) => p.event?.seq ?? null)).toEqual([1, 2, 2, 6, null, null]);
    expect(parts[3].result).toBeNull();
  });
});
