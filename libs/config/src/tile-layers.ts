/**
 * The console's map layers (WEB_TILE_LAYERS): base maps the user switches between and overlays
 * (labels, e.g. 天地图 cva_w over vec_w) drawn on top. Checked at start: a bad list stops start-up
 * with a message naming the variable and the entry.
 */
export interface TileLayer {
  name: string;
  kind: 'base' | 'overlay';
  /** a `{z}/{x}/{y}` template, optionally `{s}` */
  url: string;
  subdomains: string | null;
  attribution: string | null;
}

const KEYS = new Set(['name', 'kind', 'url', 'subdomains', 'attribution']);
const MAX_LAYERS = 10;

/**
 * https, or http only to this machine (a development tile server); the template names {z}, {x}
 * and {y}, has no spaces or quotes, and is a URL once they are filled in.
 */
export function tileUrlProblem(url: unknown, { allowHttp }: { allowHttp: boolean }): string | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 2000)
    return 'must be a URL of at most 2000 characters';
  if (/[\s"'<>\\]/.test(url)) return 'must not contain spaces, quotes, < > or \\';
  for (const p of ['{z}', '{x}', '{y}']) if (!url.includes(p)) return `must be a URL template with {z}, {x} and {y}`;
  let parsed: URL;
  try {
    parsed = new URL(url.replaceAll('{s}', 'a').replace(/\{[a-z]+\}/gi, '0'));
  } catch {
    return 'is not a URL';
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && (allowHttp || local))) {
    if (parsed.username || parsed.password) return 'must not carry a user name or password';
    return null;
  }
  return 'must be an https URL (http only to localhost)';
}

/** WEB_TILE_LAYERS parsed, or the problems found (each naming the variable and the entry). */
export function parseTileLayers(json: string): { layers: TileLayer[]; problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return { layers: [], problems: [`WEB_TILE_LAYERS is not valid JSON: ${(err as Error).message}`] };
  }
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LAYERS)
    return { layers: [], problems: [`WEB_TILE_LAYERS must be a JSON list of 1–${MAX_LAYERS} layers`] };
  const problems: string[] = [];
  const layers: TileLayer[] = [];
  value.forEach((entry: unknown, i) => {
    const at = `WEB_TILE_LAYERS[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${at} must be an object {name, kind, url, subdomains?, attribution?}`);
      return;
    }
    const e = entry as Record<string, unknown>;
    const before = problems.length;
    const unknown = Object.keys(e).filter((k) => !KEYS.has(k));
    if (unknown.length) problems.push(`${at}: unknown field(s) ${unknown.join(', ')}`);
    if (typeof e.name !== 'string' || !e.name.trim() || e.name.length > 50)
      problems.push(`${at}.name must be a name of 1–50 characters`);
    if (e.kind !== 'base' && e.kind !== 'overlay') problems.push(`${at}.kind must be "base" or "overlay"`);
    const urlProblem = tileUrlProblem(e.url, { allowHttp: false });
    if (urlProblem) problems.push(`${at}.url ${urlProblem}`);
    if (e.subdomains !== undefined && (typeof e.subdomains !== 'string' || !/^[a-z0-9]{1,20}$/i.test(e.subdomains)))
      problems.push(`${at}.subdomains must be letters or digits (each one a subdomain)`);
    if (e.attribution !== undefined && (typeof e.attribution !== 'string' || e.attribution.length > 500))
      problems.push(`${at}.attribution must be text of at most 500 characters`);
    if (problems.length > before) return;
    layers.push({
      name: (e.name as string).trim(),
      kind: e.kind as TileLayer['kind'],
      url: e.url as string,
      subdomains: (e.subdomains as string | undefined) ?? null,
      attribution: (e.attribution as string | undefined) ?? null,
    });
  });
  if (problems.length) return { layers: [], problems };
  if (!layers.some((l) => l.kind === 'base')) problems.push('WEB_TILE_LAYERS needs at least one layer of kind "base"');
  const names = layers.map((l) => l.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length) problems.push(`WEB_TILE_LAYERS: names must differ (${[...new Set(twice)].join(', ')} twice)`);
  return problems.length ? { layers: [], problems } : { layers, problems };
}
