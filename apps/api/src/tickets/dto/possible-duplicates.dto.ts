import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsLatitude, IsLongitude, Matches, ValidateIf } from 'class-validator';
import { IsGridCode, toOptionalNumber } from '../../common/validators.js';

/** GET /tickets/possible-duplicates: what a request about to be filed would be compared on. */
export class PossibleDuplicatesQuery {
  @ApiProperty({ example: 'B01' })
  @Matches(/^[A-Z]\d{2,4}$/, { message: 'must be a catalogue item code such as B01' })
  itemCode: string;

  @ApiProperty({ example: '140213001001003' })
  @IsGridCode()
  gridCode: string;

  // A point needs both coordinates: either alone is refused rather than ignored.
  @ApiPropertyOptional({ example: 113.2512, description: 'with lat: only tickets within 200 m (or not located)' })
  @ValidateIf((q: PossibleDuplicatesQuery) => q.lng !== undefined || q.lat !== undefined)
  @Transform(toOptionalNumber)
  @IsLongitude()
  lng?: number;

  @ApiPropertyOptional({ example: 40.0515 })
  @ValidateIf((q: PossibleDuplicatesQuery) => q.lng !== undefined || q.lat !== undefined)
  @Transform(toOptionalNumber)
  @IsLatitude()
  lat?: number;
}
