import { ApiProperty } from '@nestjs/swagger';
import { IsGridCode } from '../../common/validators.js';

export class PublicGridParams {
  @ApiProperty({ example: '140213001001003', description: 'the grid code printed on its sign board' })
  @IsGridCode()
  code: string;
}
