import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';

export class ListNotificationsQuery extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: unread only; false: read only; absent: all' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}
