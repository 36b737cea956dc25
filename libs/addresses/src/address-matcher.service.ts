import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  ADDRESS_CONTAINER_SCORE,
  ADDRESS_FUZZY_MAX_SCORE,
  ADDRESS_MATCH_THRESHOLD,
  addressNumbers,
  addressPrefixes,
  containerKeys,
  fuzzyCandidateAllowed,
  MAX_ADDRESS_LENGTH,
  normalizeAddress,
} from '@gridflow/domain';

export interface AddressMatch {
  /** the register's address as imported */
  address: string;
  gridCode: string;
  /** 1.0 exact key; 0.9 the register holds the building or door plate; else the trigram similarity (≥ 0.6, ≤ 0.89) */
  score: number;
  lng: number | null;
  lat: number | null;
}

interface Row {
  address: string;
  grid_code: string;
  norm_key: string;
  lng: number | null;
  lat: number | null;
  similarity?: number;
}

/** The unit names the prefixes come from are read again after this long (org units change rarely). */
const PREFIX_TTL_MS = 60_000;
/** Fuzzy candidates read (already agreeing on every number). */
const FUZZY_CANDIDATES = 10;

/**
 * Finds the register's address (and so the grid) of a free-text address. In order:
 * the exact normalised key (score 1.0); the nearest container the register holds — the
 * building of a room, the door plate of a building (0.9); the most similar key by pg_trgm
 * similarity when it reaches ADDRESS_MATCH_THRESHOLD and agrees on every number, and no
 * equally similar candidate names another grid. Otherwise null: never a guess below the
 * threshold. Only addresses of active grids are matched. Not scope-limited: filing from
 * any channel must find any grid of the city.
 */
@Injectable()
export class AddressMatcher {
  private prefixCache: { at: number; prefixes: Promise<string[]> } | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async match(q: string): Promise<AddressMatch | null> {
    if (typeof q !== 'string' || q.length > MAX_ADDRESS_LENGTH * 2) return null;
    const key = await this.keyOf(q);
    if (!key) return null;
    const keys = [key, ...containerKeys(key)];
    const rows: Row[] = await this.db.query(
      `SELECT a.address, a.grid_code, a.norm_key, a.lng, a.lat
       FROM address a JOIN grid g ON g.code = a.grid_code AND g.status = 'active'
       WHERE a.norm_key = ANY($1::text[])`,
      [keys],
    );
    for (const [i, k] of keys.entries()) {
      const row = rows.find((r) => r.norm_key === k);
      if (row) return view(row, i === 0 ? 1 : ADDRESS_CONTAINER_SCORE);
    }
    return this.fuzzy(key);
  }

  /** The register key of a text, with the prefixes of this city's units. */
  async keyOf(text: string): Promise<string> {
    return normalizeAddress(text, await this.prefixes());
  }

  /** Prefixes the city implies: the names of its city, county and township units. */
  async prefixes(): Promise<string[]> {
    const now = Date.now();
    if (!this.prefixCache || now - this.prefixCache.at > PREFIX_TTL_MS) {
      const prefixes = this.db
        .query(`SELECT name FROM org_unit WHERE level IN ('city', 'county', 'township')`)
        .then((rows: { name: string }[]) => addressPrefixes(rows.map((r) => r.name)));
      prefixes.catch(() => (this.prefixCache = null));
      this.prefixCache = { at: now, prefixes };
    }
    return this.prefixCache.prefixes;
  }

  /** Forget the cached prefixes (after org units were renamed or added). */
  resetPrefixes() {
    this.prefixCache = null;
  }

  private async fuzzy(key: string): Promise<AddressMatch | null> {
    const rows = await this.db.transaction(async (tx) => {
      // The % operator uses the GIN index with this threshold.
      await tx.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(ADDRESS_MATCH_THRESHOLD)]);
      return (await tx.query(
        `SELECT a.address, a.grid_code, a.norm_key, a.lng, a.lat, similarity(a.norm_key, $1) AS similarity
         FROM address a JOIN grid g ON g.code = a.grid_code AND g.status = 'active'
         WHERE a.norm_key % $1
           AND trim(both ',' from regexp_replace(a.norm_key, '[^0-9]+', ',', 'g')) = $3
         ORDER BY similarity DESC, a.norm_key
         LIMIT $2`,
        [key, FUZZY_CANDIDATES, addressNumbers(key)],
      )) as Row[];
    });
    const allowed = rows.filter((r) => fuzzyCandidateAllowed(key, r.norm_key, Number(r.similarity)));
    const [best, second] = allowed;
    if (!best) return null;
    // Two equally close candidates in different grids: the text does not decide.
    if (second && Number(second.similarity) === Number(best.similarity) && second.grid_code !== best.grid_code) {
      return null;
    }
    return view(best, Math.min(ADDRESS_FUZZY_MAX_SCORE, Math.floor(Number(best.similarity) * 100) / 100));
  }
}

function view(row: Row, score: number): AddressMatch {
  return {
    address: row.address,
    gridCode: row.grid_code,
    score,
    lng: row.lng === null ? null : Number(row.lng),
    lat: row.lat === null ? null : Number(row.lat),
  };
}
