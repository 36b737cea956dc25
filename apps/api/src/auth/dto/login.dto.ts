import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'grid1' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'gridflow-demo' })
  @IsString()
  @Length(1, 256)
  password: string;
}
