import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { keysetPage, type PageQuery } from '@gridflow/database';
import { type AuthUser, DomainException, ErrorCode, inScope, MAX_ADDRESS_LENGTH } from '@gridflow/domain';
import { Address } from './address.entity.js';
import { AddressMatcher } from './address-matcher.service.js';

export interface AddressView {
  id: string;
  address: string;
  building: string | null;
  gridCode: string;
  gridName: string | null;
  lng: number | null;
  lat: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AddressListQuery extends PageQuery {
  /** text contained in the address (normalised like a match: "三栋" finds "3幢") */
  q?: string;
  /** a grid, or any unit code: the addresses of the grids under it */
  gridCode?: string;
}

/** A register row ready to be written (normalised by the caller). */
export interface AddressRow {
  normKey: string;
  address: string;
  building: string | null;
  gridCode: string;
  lng: number | null;
  lat: number | null;
}

/** The register's list (in the caller's scope) and its one write, the upsert on the normalised key. */
@Injectable()
export class AddressRegister {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Address) private readonly addresses: Repository<Address>,
    private readonly matcher: AddressMatcher,
  ) {}

  /** GET /addresses: newest first, within the caller's scope. */
  async list(actor: AuthUser, query: AddressListQuery) {
    const qb = this.addresses.createQueryBuilder('a');
    qb.where('a.grid_code LIKE :scope', { scope: `${actor.scopeCode}%` });
    if (query.gridCode) {
      if (!/^\d{4,15}$/.test(query.gridCode)) {
        throw new DomainException(ErrorCode.ValidationFailed, 'Invalid gridCode', [
          { field: 'gridCode', problem: 'a grid or unit code (4–15 digits)' },
        ]);
      }
      qb.andWhere('a.grid_code LIKE :unit', { unit: `${query.gridCode}%` });
    }
    const q = query.q?.trim();
    if (q) {
      if (q.length > MAX_ADDRESS_LENGTH) {
        throw new DomainException(ErrorCode.ValidationFailed, 'The search text is too long', [
          { field: 'q', problem: `at most ${MAX_ADDRESS_LENGTH} characters` },
        ]);
      }
      const key = await this.matcher.keyOf(q);
      const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // served by the trigram index (norm_key gin_trgm_ops)
      qb.andWhere('a.norm_key LIKE :key', { key: like(key) });
    }
    const page = await keysetPage(qb, query, { table: 'address', alias: 'a', key: 'id' }, (a) => a.id);
    const names = await this.gridNames(page.items.map((a) => a.gridCode));
    return { items: page.items.map((a) => toView(a, names)), nextCursor: page.nextCursor };
  }

  /** Whether the actor may see this grid's addresses. */
  visible(actor: AuthUser, gridCode: string) {
    return inScope(actor.scopeCode, gridCode);
  }

  /**
   * Writes rows (one statement): a new key is inserted, a known key updated in place — a
   * re-import never duplicates an address. Returns how many were new.
   */
  async upsert(
    tx: EntityManager,
    importId: string | null,
    rows: AddressRow[],
  ): Promise<{ created: number; updated: number }> {
    if (rows.length === 0) return { created: 0, updated: 0 };
    const result: { inserted: boolean }[] = await tx.query(
      `INSERT INTO address (norm_key, address, building, grid_code, lng, lat, import_id)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::uuid[])
       ON CONFLICT (norm_key) DO UPDATE
         SET address = EXCLUDED.address, building = EXCLUDED.building, grid_code = EXCLUDED.grid_code,
             lng = EXCLUDED.lng, lat = EXCLUDED.lat, import_id = EXCLUDED.import_id, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [
        rows.map((r) => r.normKey),
        rows.map((r) => r.address),
        rows.map((r) => r.building),
        rows.map((r) => r.gridCode),
        rows.map((r) => r.lng),
        rows.map((r) => r.lat),
        rows.map(() => importId),
      ],
    );
    const created = result.filter((r) => r.inserted).length;
    return { created, updated: result.length - created };
  }

  private async gridNames(codes: string[]) {
    const unique = [...new Set(codes)];
    if (unique.length === 0) return new Map<string, string>();
    const rows: { code: string; name: string }[] = await this.db.query(
      `SELECT code, name FROM org_unit WHERE code = ANY($1::text[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}

function toView(a: Address, names: Map<string, string>): AddressView {
  return {
    id: a.id,
    address: a.address,
    building: a.building,
    gridCode: a.gridCode,
    gridName: names.get(a.gridCode) ?? null,
    lng: a.lng,
    lat: a.lat,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
