import { type CandidateFacts, MAX_CANDIDATES, rankCandidates } from './candidate-ranking.js';

const GRID = '140213001001003';
const COMMUNITY = '140213001001';

const facts = (over: Partial<CandidateFacts>): CandidateFacts => ({
  userId: `u-${over.displayName ?? 'x'}`,
  displayName: 'x',
  role: 'party_member',
  scopeCode: COMMUNITY,
  liaisonHouseholds: 0,
  assignedToGrid: false,
  openLoad: 0,
  ...over,
});

describe('rankCandidates', () => {
  it('puts liaison party members first, then the grid’s own, then the community', () => {
    const ranked = rankCandidates(GRID, [
      facts({ displayName: '社区党员', openLoad: 0 }),
      facts({ displayName: '网格员', role: 'grid_worker', scopeCode: GRID, openLoad: 3 }),
      facts({ displayName: '联系户党员', liaisonHouseholds: 2, openLoad: 5 }),
      facts({ displayName: '驻格党员', assignedToGrid: true, openLoad: 1 }),
    ]);
    expect(ranked.map((c) => [c.displayName, c.group])).toEqual([
      ['联系户党员', 1],
      ['驻格党员', 2],
      ['网格员', 2],
      ['社区党员', 3],
    ]);
    expect(ranked[0].reasons).toEqual(['党员联系户在本网格', '本社区党员', '在办工单 5 件']);
    expect(ranked[1].reasons).toEqual(['本网格党员', '在办工单 1 件']);
    expect(ranked[2].reasons).toEqual(['本网格网格员', '在办工单 3 件']);
    expect(ranked[3].reasons).toEqual(['本社区党员', '在办工单 0 件']);
  });

  it('orders a group by open load, then name, then id', () => {
    const ranked = rankCandidates(GRID, [
      facts({ userId: 'b', displayName: '乙', openLoad: 1 }),
      facts({ userId: 'c', displayName: '甲', openLoad: 1 }),
      facts({ userId: 'a', displayName: '甲', openLoad: 1 }),
      facts({ userId: 'd', displayName: '丙', openLoad: 0 }),
    ]);
    // load first; then names by code point (乙 U+4E59 < 甲 U+7532), the same on every machine; then ids
    expect(ranked.map((c) => c.userId)).toEqual(['d', 'b', 'a', 'c']);
  });

  it('keeps at most MAX_CANDIDATES', () => {
    const many = Array.from({ length: MAX_CANDIDATES + 5 }, (_, i) => facts({ userId: `u${i}`, openLoad: i }));
    const ranked = rankCandidates(GRID, many);
    expect(ranked).toHaveLength(MAX_CANDIDATES);
    expect(ranked.at(-1)!.openLoad).toBe(MAX_CANDIDATES - 1);
  });
});
