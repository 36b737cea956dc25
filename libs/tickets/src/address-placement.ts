import { Injectable } from '@nestjs/common';

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
 * Nothing is ever guessed: only the register answers.
 */
@Injectable()
export class AddressPlacement {
  async place(_query: { address?: string; addressId?: string }): Promise<AddressPlace | null> {
    return null;
  }
}
