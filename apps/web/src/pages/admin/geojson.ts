/**
 * Reading grid boundaries from a GeoJSON file in the browser (网格边界导入): features, their
 * properties and a guess of which property holds which grid field.
 */
import { validateBoundary } from '@gridflow/domain/geo/boundary';
import type { GeoPolygon } from '../../api/types';

export interface ImportedFeature {
  /** position in the file, from 1 */
  index: number;
  properties: Record<string, unknown>;
  geometryType: string;
  /** the normalised boundary, or null when it cannot be a grid's */
  boundary: GeoPolygon | null;
  boundaryProblem: string | null;
}

export type MappedField = 'code' | 'name' | 'type' | 'households' | 'population';

/** Property names seen in exports of common GIS tools, by grid field. */
const ALIASES: Record<MappedField, string[]> = {
  code: ['code', 'gridcode', 'grid_code', '编码', '网格编码', '统一编码', 'wgbm', 'id'],
  name: ['name', 'gridname', 'grid_name', '名称', '网格名称', 'wgmc'],
  type: ['type', 'gridtype', 'grid_type', '类型', '网格类型'],
  households: ['households', 'household', 'hh', '户数', 'hs'],
  population: ['population', 'pop', '人口', '人口数', 'rk'],
};

/** Parses the text of a .geojson/.json file; throws a Chinese message when it is not usable. */
export function parseGeoJson(text: string): ImportedFeature[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error('文件不是有效的 JSON');
  }
  const raw = featuresOf(data);
  if (raw.length === 0) throw new Error('文件中没有要素（Feature）');
  return raw.map((f, i) => {
    const geometry = (f.geometry ?? null) as { type?: unknown } | null;
    const geometryType = typeof geometry?.type === 'string' ? geometry.type : '无';
    const checked = validateBoundary(geometry);
    return {
      index: i + 1,
      properties: f.properties && typeof f.properties === 'object' ? (f.properties as Record<string, unknown>) : {},
      geometryType,
      boundary: checked.ok ? (checked.boundary as GeoPolygon) : null,
      boundaryProblem: checked.ok ? null : checked.problems.join('; '),
    };
  });
}

function featuresOf(data: unknown): { geometry?: unknown; properties?: unknown }[] {
  if (!data || typeof data !== 'object') throw new Error('文件内容不是 GeoJSON 对象');
  const d = data as { type?: unknown; features?: unknown; geometries?: unknown };
  if (d.type === 'FeatureCollection' && Array.isArray(d.features)) return d.features as { geometry?: unknown }[];
  if (d.type === 'Feature') return [d as { geometry?: unknown }];
  if (d.type === 'Polygon' || d.type === 'MultiPolygon') return [{ geometry: d, properties: {} }];
  if (d.type === 'GeometryCollection' && Array.isArray(d.geometries))
    return d.geometries.map((g) => ({ geometry: g, properties: {} }));
  throw new Error('不支持的 GeoJSON 类型：须为 FeatureCollection、Feature、Polygon 或 MultiPolygon');
}

/** Every property name used by the features, in first-seen order. */
export function propertyKeys(features: ImportedFeature[]): string[] {
  const keys = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) keys.add(k);
  return [...keys];
}

/** The property most likely to hold each field, or undefined. */
export function guessMapping(keys: string[]): Partial<Record<MappedField, string>> {
  const out: Partial<Record<MappedField, string>> = {};
  for (const field of Object.keys(ALIASES) as MappedField[]) {
    const hit = ALIASES[field].map((a) => keys.find((k) => k.toLowerCase() === a)).find(Boolean);
    if (hit) out[field] = hit;
  }
  return out;
}

/** Chinese or English grid type names → the API's value. */
export function gridTypeOf(value: unknown): 'community' | 'village' | 'special' | null {
  const v = String(value ?? '')
    .trim()
    .toLowerCase();
  if (!v) return null;
  if (['community', 'urban', '社区', '城市', '社区网格', '城市网格'].includes(v)) return 'community';
  if (['village', 'rural', '农村', '村', '农村网格', '村网格'].includes(v)) return 'village';
  if (['special', '专属', '专属网格', '专项', '专项网格'].includes(v)) return 'special';
  return null;
}

/** A whole number ≥ 0 from a property (numbers may arrive as text), or null. */
export function countOf(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isInteger(n) && n >= 0 ? n : null;
}

/**
 * A grid code from a property: 15 digits as they are, or a 1–3 digit sequence number within
 * the community (as GB/T 30428.1 numbers unit grids).
 */
export function gridCodeOf(value: unknown, communityCode: string): string | null {
  const v = String(value ?? '').trim();
  if (/^\d{15}$/.test(v)) return v;
  if (/^\d{1,3}$/.test(v) && Number(v) > 0) return communityCode + v.padStart(3, '0');
  return null;
}
