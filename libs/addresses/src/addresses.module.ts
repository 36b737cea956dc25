import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Address } from './address.entity.js';
import { AddressMatcher } from './address-matcher.service.js';
import { AddressRegister } from './address-register.service.js';

/**
 * The address register (标准地址库): matching a free-text address to its grid, and the
 * register's list and writes. Depends on the database only, so ticket filing can use it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Address])],
  providers: [AddressMatcher, AddressRegister],
  exports: [AddressMatcher, AddressRegister],
})
export class AddressesModule {}
