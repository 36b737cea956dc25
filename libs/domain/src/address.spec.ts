import {
  ADDRESS_MATCH_THRESHOLD,
  addressNumbers,
  addressPrefixes,
  chineseNumeralToInt,
  containerKeys,
  fuzzyCandidateAllowed,
  normalizeAddress,
} from './address.js';

const prefixes = addressPrefixes(['大同市', '平城区', '新建南路街道', '南关街道']);
const key = (text: string) => normalizeAddress(text, prefixes);

describe('Chinese numerals (chineseNumeralToInt)', () => {
  it.each([
    ['一', 1],
    ['三', 3],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['二十一', 21],
    ['一百零五', 105],
    ['两百零五', 205],
    ['一〇一', 101],
    ['一零二', 102],
    ['一千二百', 1200],
  ])('%s → %d', (text, n) => expect(chineseNumeralToInt(text)).toBe(n));

  it('refuses what is not a numeral', () => {
    expect(chineseNumeralToInt('')).toBeNull();
    expect(chineseNumeralToInt('三里')).toBeNull();
    expect(chineseNumeralToInt('12')).toBeNull();
  });
});

describe('the address key (normalizeAddress)', () => {
  const canonical = '振华南街12号3栋2单元101';
  it.each([
    ['振华南街12号3栋2单元101室'],
    ['振华南街12号3幢2单元101'],
    ['振华南街12号3号楼2单元101室'],
    ['振华南街12号三栋二单元101室'],
    ['振华南街十二号三号楼二单元101'],
    ['振华南街12号3座2单元101房'],
    ['振华南街12号3#2单元101'],
    ['振华南街12号3#楼2单元101'],
    ['振华南街１２号３栋２单元１０１室'],
    ['振华南街 12 号 3 栋 2 单元 101 室'],
    ['振华南街12号　3栋　2单元　101室'],
    ['振华南街12号3-2-101'],
    ['振华南街12号3－2－101'],
    ['振华南街12号3栋2-101'],
    ['振华南街12号3栋2门101'],
    ['振华南街12号第3栋2单元101室'],
    ['振华南街12号3栋2单元101号房'],
    ['大同市振华南街12号3栋2单元101室'],
    ['大同市平城区振华南街12号3栋2单元101室'],
    ['山西省大同市平城区振华南街12号3栋2单元101室'],
    ['山西省 大同市 平城区 新建南路街道 振华南街12号3栋2单元101室'],
    ['平城区新建南路街道振华南街12号3栋2单元101'],
    ['（平城区）振华南街12号，3栋2单元101室。'],
  ])('%s', (text) => expect(key(text)).toBe(canonical));

  it('keeps what tells addresses apart', () => {
    expect(key('振华南街12号')).not.toBe(key('振华南街13号'));
    expect(key('振华南街12号3栋')).not.toBe(key('振华南街12号4栋'));
    expect(key('振华南街12号3栋2单元101')).not.toBe(key('振华南街12号3栋2单元102'));
    expect(key('振华南街12 3栋')).not.toBe(key('振华南街123栋'));
    expect(key('南关南街5号')).not.toBe(key('南关北街5号'));
  });

  it('leaves numerals that are part of a name alone', () => {
    expect(key('五一路3号')).toBe('五一路3号');
    expect(key('三里河一号')).toBe('三里河1号');
    expect(key('十里店村二组')).toBe('十里店村2组');
    expect(key('一二九街五号')).toBe('一二九街5号');
  });

  it('strips only whole prefixes, never the whole address, and not a street named like a township', () => {
    expect(key('新建南路街道新建南路8号')).toBe('新建南路8号');
    expect(key('新建南路8号')).toBe('新建南路8号');
    expect(key('平城区')).toBe('平城区');
    expect(key('大同路5号')).toBe('大同路5号');
    expect(normalizeAddress('大同市振华南街12号')).toBe('大同市振华南街12号');
  });

  it('folds width and case of letters (A座 = a座 = Ａ座)', () => {
    expect(key('振华南街12号A座')).toBe('振华南街12号a栋');
    expect(key('振华南街12号Ａ座')).toBe('振华南街12号a栋');
    expect(key('振华南街12号a座')).toBe('振华南街12号a栋');
  });

  it('drops invisible characters', () => {
    expect(key('振华\u200b南街\ufeff12号')).toBe('振华南街12号');
  });
});

describe('containers (containerKeys)', () => {
  it('walks from the room up to the door plate', () => {
    expect(containerKeys('振华南街12号3栋2单元101')).toEqual([
      '振华南街12号3栋2单元',
      '振华南街12号3栋',
      '振华南街12号',
    ]);
    expect(containerKeys('振华南街12号3栋')).toEqual(['振华南街12号']);
    expect(containerKeys('和平小区3栋101')).toEqual(['和平小区3栋', '和平小区']);
    expect(containerKeys('振华南街12号')).toEqual([]);
  });
});

describe('fuzzy candidates', () => {
  it('must agree on every number and reach the threshold', () => {
    expect(addressNumbers('振华南街12号3栋')).toBe('12,3');
    expect(fuzzyCandidateAllowed('振华南大街12号3栋', '振华南街12号3栋', 0.62)).toBe(true);
    expect(fuzzyCandidateAllowed('振华南街13号3栋', '振华南街12号3栋', 0.95)).toBe(false);
    expect(fuzzyCandidateAllowed('振华南街12号3栋', '振华南街12号3栋', ADDRESS_MATCH_THRESHOLD - 0.01)).toBe(false);
  });
});
