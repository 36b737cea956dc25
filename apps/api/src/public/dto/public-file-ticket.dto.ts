import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Equals, IsOptional } from 'class-validator';
import { FileTicketDto } from '../../tickets/dto/file-ticket.dto.js';

/**
 * A resident's own request (点单): the staff body, except that urgency is not the resident's
 * to set — staff triage it, and a ticket is urgent when its catalogue item is. `urgent: true`
 * is refused (400, so a client that asks for it learns it was not granted); `false` is
 * accepted for clients written to the first release and changes nothing.
 */
export class PublicFileTicketDto extends OmitType(FileTicketDto, ['urgent'] as const) {
  @ApiPropertyOptional({
    enum: [false],
    description: 'residents cannot set urgent (staff triage it): true is 400, false changes nothing',
  })
  @IsOptional()
  @Equals(false, { message: 'residents cannot set urgent: staff triage it' })
  urgent?: false;
}
