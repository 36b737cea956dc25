import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_ADDRESS_LENGTH } from '@gridflow/domain';
import { PageQueryDto } from '../common/page-query.dto.js';

export class ListAddressesQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'text in the address, normalised like a match ("三栋" finds "3幢")' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ADDRESS_LENGTH)
  q?: string;

  @ApiPropertyOptional({ description: 'a grid, or an org unit: the addresses of the grids under it' })
  @IsOptional()
  @Matches(/^\d{4,15}$/, { message: 'gridCode must be a grid or unit code (4–15 digits)' })
  gridCode?: string;
}

export class MatchAddressQuery {
  @ApiProperty({ example: '大同市平城区振华南街12号3幢2单元101室' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_ADDRESS_LENGTH)
  q: string;
}
