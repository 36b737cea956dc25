import {
  defaultTopicThresholds,
  normaliseAddress,
  topicScopeOf,
  topicThresholdProblems,
  DEFAULT_TOPIC_THRESHOLDS,
} from './topics.js';

describe('governance topics (domain)', () => {
  it('normalises addresses: full width to half width, no whitespace, lower case', () => {
    expect(normaliseAddress('幸福路１２号')).toBe('幸福路12号');
    expect(normaliseAddress(' 幸福路 12号　Ａ座 ')).toBe('幸福路12号a座');
    expect(normaliseAddress('幸福路14号')).not.toBe(normaliseAddress('幸福路12号'));
  });

  it('puts a topic at the lowest unit covering its grids', () => {
    expect(topicScopeOf(['140213001001001'])).toBe('140213001001001');
    expect(topicScopeOf(['140213001001001', '140213001001002'])).toBe('140213001001');
    expect(topicScopeOf(['140213001001001', '140213001002001'])).toBe('140213001');
    expect(topicScopeOf(['140213001001001', '140214001001001'])).toBe('1402');
    expect(topicScopeOf([])).toBeNull();
  });

  it('defaults per category, and refuses thresholds out of range or unknown', () => {
    expect(defaultTopicThresholds('E')).toEqual(DEFAULT_TOPIC_THRESHOLDS);
    expect(defaultTopicThresholds('F').clusterWindowDays).toBe(7);
    expect(topicThresholdProblems(DEFAULT_TOPIC_THRESHOLDS)).toEqual([]);
    expect(topicThresholdProblems({ ...DEFAULT_TOPIC_THRESHOLDS, clusterMinTickets: 1 })).toEqual([
      { field: 'clusterMinTickets', problem: 'must be a whole number from 2 to 1000' },
    ]);
    expect(topicThresholdProblems({ ...DEFAULT_TOPIC_THRESHOLDS, radius: 3 }).map((p) => p.field)).toEqual(['radius']);
    expect(topicThresholdProblems(null)).toHaveLength(1);
  });
});
