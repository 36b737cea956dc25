/**
 * The address register's (标准地址库) normalised key and the rules of matching, shared by the
 * API (libs/addresses), the worker's import and the console. Pure: the prefixes the city
 * implies (the names of its city, county and township units) are handed in.
 *
 * The key of "山西省大同市平城区振华南街１２号 三号楼 2单元101室" and of "振华南街12号3幢2-101"
 * is the same: "振华南街12号3栋2单元101". See docs/addresses.md.
 */

/** A fuzzy (trigram) candidate below this similarity is never taken: the request stays unmatched. */
export const ADDRESS_MATCH_THRESHOLD = 0.6;
/** The score of a register entry that holds the building or door plate of a more precise query. */
export const ADDRESS_CONTAINER_SCORE = 0.9;
/** The highest score a fuzzy match can have (only an exact key is 1.0, a container 0.9). */
export const ADDRESS_FUZZY_MAX_SCORE = 0.89;
/** Longest address text accepted (query or register row), in characters. */
export const MAX_ADDRESS_LENGTH = 200;

/** Provinces and autonomous regions: an address may start with one (a city never spans two). */
const PROVINCES = [
  '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北',
  '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾',
]; // prettier-ignore
const REGIONS = ['内蒙古自治区', '广西壮族自治区', '西藏自治区', '宁夏回族自治区', '新疆维吾尔自治区'];
const PROVINCE_PREFIX = new RegExp(`^(?:(?:${PROVINCES.join('|')})省|${REGIONS.join('|')})`);

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
}; // prettier-ignore
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
/** The words after which a number is a door plate, building, unit or room number. */
const NUMBERED = '号楼|号院|号|幢|栋|座|单元|室|层|楼|门|巷|弄|排|组|户|房';
const CN_NUMBER = new RegExp(
  `(?<![零〇一二两三四五六七八九十百千])[零〇一二两三四五六七八九十百千]+(?=${NUMBERED})`,
  'g',
);

/**
 * "三" → 3, "十二" → 12, "二十一" → 21, "一〇一" → 101 (read digit by digit without 十百千),
 * "两百零五" → 205. Null when the text holds anything but numerals.
 */
export function chineseNumeralToInt(text: string): number | null {
  if (!text || [...text].some((c) => !(c in CN_DIGITS) && !(c in CN_UNITS))) return null;
  if (![...text].some((c) => c in CN_UNITS)) {
    return Number([...text].map((c) => CN_DIGITS[c]).join(''));
  }
  let total = 0;
  let current = 0;
  for (const c of text) {
    if (c in CN_DIGITS) current = CN_DIGITS[c];
    else {
      total += (current === 0 ? 1 : current) * CN_UNITS[c];
      current = 0;
    }
  }
  return total + current;
}

/** Normalised prefixes (longest first) from unit names such as 大同市, 平城区, 新建南路街道. */
export function addressPrefixes(names: readonly string[]): string[] {
  const set = new Set(names.map((n) => basicForm(n)).filter((n) => n.length >= 2));
  return [...set].sort((a, b) => b.length - a.length);
}

/** Width, case, spaces and punctuation only. */
function basicForm(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      // digits kept apart by a space stay apart ("12 3栋" is not "123栋")
      .replace(/(\d)[\s\u200b-\u200d\ufeff]+(?=\d)/g, '$1-')
      .replace(/[\s\u200b-\u200d\ufeff]+/g, '')
      .replace(/[‐‑‒–—―~〜_]/g, '-')
      .replace(/[,，、.。·・;；:：'"“”‘’`()（）[\]【】{}<>《》「」!！?？]/g, '')
  );
}

/**
 * The register key of an address: width and case folded (NFKC), spaces and punctuation gone,
 * the province and the prefixes the city implies stripped from the start, Chinese numerals
 * before 号/栋/单元/室… read as digits, and the variants written one way:
 * 号楼/幢/座/# → 栋, N门M → N单元M, 室/房/户 after a room number dropped, "3-2-101" after a
 * door plate → 3栋2单元101, "3栋2-101" → 3栋2单元101.
 */
export function normalizeAddress(text: string, prefixes: readonly string[] = []): string {
  let s = basicForm(text);
  s = s.replace(CN_NUMBER, (m) => String(chineseNumeralToInt(m) ?? m));
  s = stripPrefixes(s, prefixes);
  s = s
    .replace(/第(\d+)(?=号楼|幢|栋|座|单元)/g, '$1')
    .replace(/((?<!\d)\d+|(?<![a-z])[a-z])(?:号楼|幢|栋|座|#楼|#)/g, '$1栋')
    .replace(/(?<!\d)(\d+)门(?=\d)/g, '$1单元')
    .replace(/(?<!\d)(\d+)号?(?:室|房间|房|户)/g, '$1')
    .replace(/(号|栋|院)(\d+)-(\d+)-(\d+)$/, '$1$2栋$3单元$4')
    .replace(/(?<!\d)(\d+)-(\d+)-(\d+)$/, '$1栋$2单元$3')
    .replace(/栋(\d+)-(\d+)$/, '栋$1单元$2');
  return s;
}

function stripPrefixes(s: string, prefixes: readonly string[]): string {
  s = s.replace(PROVINCE_PREFIX, '');
  for (let changed = true; changed;) {
    changed = false;
    for (const p of prefixes) {
      // never strip the whole address: "平城区" alone stays what it is
      if (s.startsWith(p) && s.length > p.length) {
        s = s.slice(p.length);
        changed = true;
        break;
      }
    }
  }
  return s;
}

/**
 * The keys of the places that contain this one, nearest first: the building of a room, the
 * door plate or compound of a building. "振华南街12号3栋2单元101" → ["振华南街12号3栋2单元",
 * "振华南街12号3栋", "振华南街12号"]. A register entry at one of these keys places the query.
 */
export function containerKeys(key: string): string[] {
  const out: string[] = [];
  let k = key;
  const step = (re: RegExp) => {
    const next = k.replace(re, '');
    if (next !== k && next.length >= 2) {
      k = next;
      out.push(k);
    }
  };
  step(/(?<=栋|单元)[a-z]?\d+$/);
  step(/(?<!\d)\d+单元$/);
  step(/(?:(?<!\d)\d+|[a-z])栋$/);
  return out;
}

/** The numbers of a key in order: a fuzzy match must agree on every one ("12号" is never "13号"). */
export function addressNumbers(key: string): string {
  return (key.match(/\d+/g) ?? []).join(',');
}

/** Whether a fuzzy candidate may be taken for the query (both normalised keys). */
export function fuzzyCandidateAllowed(queryKey: string, candidateKey: string, similarity: number): boolean {
  return similarity >= ADDRESS_MATCH_THRESHOLD && addressNumbers(queryKey) === addressNumbers(candidateKey);
}
