import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AddressMatcher } from '@gridflow/addresses';
import { isUuid } from '@gridflow/domain';

/** Where the address register puts an address: its grid, and its point when the register has one. */
export interface AddressPlace {
  gridCode: string;
  lng: number | null;
  lat: number | null;
}

/**
 * THE seam between filing and the address register (标准地址库): a filing that carries only an
 * address (or an Open311 `address_id`) asks here for its grid. A match files the ticket in that
 * grid (with the register's point); no match files it unlocated (API.md "Unlocated requests").
 * Nothing is ever guessed: only the register answers (AddressMatcher: exact, container, or a
 * close trigram match that agrees on every number).
 */
@Injectable()
export class AddressPlacement {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly matcher: AddressMatcher,
  ) {}

  async place(query: { address?: string; addressId?: string }): Promise<AddressPlace | null> {
    // Open311 address_id: the register's id of the address (of an active grid), if it is one.
    if (query.addressId && isUuid(query.addressId)) {
      const [row]: { grid_code: string; lng: number | null; lat: number | null }[] = await this.db.query(
        `SELECT a.grid_code, a.lng, a.lat FROM address a
         JOIN grid g ON g.code = a.grid_code AND g.status = 'active' WHERE a.id = $1`,
        [query.addressId],
      );
      if (row) return { gridCode: row.grid_code, lng: row.lng, lat: row.lat };
    }
    if (!query.address) return null;
    const match = await this.matcher.match(query.address);
    return match ? { gridCode: match.gridCode, lng: match.lng, lat: match.lat } : null;
  }
}
