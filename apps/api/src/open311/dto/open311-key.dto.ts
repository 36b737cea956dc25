import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class IssueOpen311KeyDto {
  @ApiProperty({ example: '12345 热线对接', description: 'who holds the key (1–100 characters)' })
  @IsString()
  @Length(1, 100)
  name: string;
}
