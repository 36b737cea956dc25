import { Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { AttachmentsService, MAX_ATTACHMENT_BYTES } from '@gridflow/tickets';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

@ApiTags('tickets')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Upload a JPEG, PNG, WebP or PDF (by content; ≤ 10 MB) → {id, contentType, size, sha256}' })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }))
  @ApiErrors(400, 413, 415)
  upload(@CurrentUser() actor: AuthUser, @UploadedFile() file: { buffer: Buffer } | undefined) {
    return this.attachments.store(actor, file?.buffer);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The file, for its uploader and whoever can see a ticket it belongs to' })
  @ApiErrors(400, 404)
  async read(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const file = await this.attachments.read(actor, id);
    res
      .type(file.contentType)
      .setHeader('Content-Length', String(file.size))
      .setHeader('ETag', `"${file.sha256}"`)
      .setHeader('Cache-Control', 'private, max-age=3600')
      .setHeader('Content-Disposition', `inline; filename="${file.id}"`)
      .send(file.content);
  }
}
