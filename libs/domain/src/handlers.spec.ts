import { isEligibleHandler } from './handlers.js';

const grid = { gridCode: '140213001001003' };
const ok = { role: 'party_member', scopeCode: '140213001001', disabled: false, stoodDown: false };

describe('isEligibleHandler: one rule for dispatch, suggestions and auto-dispatch', () => {
  it('takes an active party member of the community and a grid worker of the grid', () => {
    expect(isEligibleHandler(ok, grid)).toBe(true);
    expect(isEligibleHandler({ ...ok, role: 'grid_worker', scopeCode: grid.gridCode }, grid)).toBe(true);
  });

  it('never a stood-down worker or a disabled account', () => {
    expect(isEligibleHandler({ ...ok, stoodDown: true }, grid)).toBe(false);
    expect(isEligibleHandler({ ...ok, disabled: true }, grid)).toBe(false);
  });

  it('never another grid or community, nor a role that does not handle tickets', () => {
    expect(isEligibleHandler({ ...ok, role: 'grid_worker', scopeCode: '140213001001004' }, grid)).toBe(false);
    expect(isEligibleHandler({ ...ok, scopeCode: '140213001002' }, grid)).toBe(false);
    for (const role of ['dispatcher', 'supervisor', 'admin'])
      expect(isEligibleHandler({ ...ok, role }, grid)).toBe(false);
  });
});
