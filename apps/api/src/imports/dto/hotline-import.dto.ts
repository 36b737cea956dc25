import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** The non-file part of POST /imports/hotline (multipart/form-data). */
export class HotlineImportDto {
  @ApiProperty({
    description:
      'JSON: {columns: {externalId, description, time?, itemCode?, category?, address?, lng?, lat?, lngLat?, ' +
      'callerPhone?, callerName?}, categoryMap?, fallbackItemCode?, gridCode?, sheet?, headerRow?|skipRows?, ' +
      'timezone?, coordinateSystem?, delimiter?, encoding?} — see docs/hotline-import.md',
    example: JSON.stringify({
      columns: {
        externalId: '工单编号',
        time: '来电时间',
        category: '诉求分类',
        description: '诉求内容',
        lngLat: '坐标',
      },
      categoryMap: { 噪音扰民: 'B01' },
      fallbackItemCode: 'E01',
    }),
  })
  @IsString()
  @MaxLength(200_000)
  mapping: string;
}
