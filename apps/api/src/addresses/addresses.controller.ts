import {
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AddressMatcher, AddressRegister } from '@gridflow/addresses';
import { CurrentUser, Roles } from '@gridflow/auth';
import { type AuthUser, notFound } from '@gridflow/domain';
import { AddressImportsService, MAX_IMPORT_BYTES } from '@gridflow/imports';
import { DeleteUploadInterceptor, type DiskUpload, tempDiskStorage } from '../imports/upload-storage.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';
import { ListAddressesQuery, MatchAddressQuery } from './addresses.dto.js';

/**
 * The address register (标准地址库): import (admin; a queue job like the hotline import),
 * list within the caller's scope, and match a free-text address to its grid. See
 * docs/addresses.md.
 */
@ApiTags('addresses')
@ApiBearerAuth()
@Roles('admin', 'dispatcher')
@ApiErrors(401, 403)
@Controller('addresses')
export class AddressesController {
  constructor(
    private readonly register: AddressRegister,
    private readonly matcher: AddressMatcher,
    private readonly imports: AddressImportsService,
  ) {}

  @Post('import')
  @Roles('admin')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: '.xlsx or .csv; row 1 names the columns address, gridCode and optionally lng, lat, building',
        },
      },
    },
  })
  @ApiOperation({
    summary:
      'Import standard addresses (.xlsx or .csv by content, ≤ 50 MB) → 202 {id, status, percent}; a worker job upserts them on their normalised key',
  })
  @UseInterceptors(
    FileInterceptor('file', {
      storage: tempDiskStorage,
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1 },
      defParamCharset: 'utf8',
    }),
    DeleteUploadInterceptor,
  )
  @ApiErrors(400, 413, 415)
  submit(@CurrentUser() actor: AuthUser, @UploadedFile() file: DiskUpload | undefined) {
    const upload = file && { path: file.path, originalName: file.originalname, size: file.size };
    return this.imports.submit(actor, upload);
  }

  @Get('imports/:id')
  @Roles('admin')
  @ApiOperation({
    summary:
      'An address import: {id, status, percent, totalRows, processedRows, created, updated, failed, rejected: [{row, code, reason}]}',
  })
  @ApiErrors(400, 404)
  importStatus(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.imports.get(actor, id);
  }

  @Get('match')
  @ApiOperation({
    summary:
      'The register address of a free-text address → {address, gridCode, score, lng, lat}; 404 below the threshold (docs/addresses.md)',
  })
  @ApiErrors(400, 404)
  async match(@Query() query: MatchAddressQuery) {
    const found = await this.matcher.match(query.q);
    if (!found) throw notFound('Matching address');
    return found;
  }

  @Get()
  @ApiOperation({ summary: 'Standard addresses in my scope, newest first (keyset pagination)' })
  @ApiErrors(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: ListAddressesQuery) {
    return this.register.list(actor, query);
  }
}
