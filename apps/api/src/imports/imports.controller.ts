import {
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { HotlineImportsService, MAX_IMPORT_BYTES } from '@gridflow/imports';
import { PageQueryDto } from '../common/page-query.dto.js';
import { streamXlsx, XLSX_CONTENT_TYPE } from '../common/xlsx.js';
import { HotlineImportDto } from './dto/hotline-import.dto.js';
import { DeleteUploadInterceptor, type DiskUpload, tempDiskStorage } from './upload-storage.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

/**
 * Bulk imports (hotline 12345 exports): submit a file and a column mapping, follow the
 * job's progress, download the report. Imports are visible to their requester and within
 * the scope they were submitted in (404 otherwise).
 */
@ApiTags('imports')
@ApiBearerAuth()
@Roles('admin', 'dispatcher')
@ApiErrors(401, 403)
@Controller('imports')
export class ImportsController {
  private readonly logger = new Logger('ImportsController');

  constructor(private readonly imports: HotlineImportsService) {}

  @Post('hotline')
  @HttpCode(202)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'mapping'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'the hotline export, .xlsx or .csv' },
        mapping: { type: 'string', description: 'the column mapping as JSON (see HotlineImportDto)' },
      },
    },
  })
  @ApiOperation({
    summary:
      'Import a 12345 hotline export (.xlsx or .csv by content, ≤ 50 MB) with a column mapping → 202 {id, status, percent}; the rows are filed by a worker job',
  })
  @UseInterceptors(
    FileInterceptor('file', {
      storage: tempDiskStorage,
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1 },
      // file names are UTF-8 (三月来电.xlsx), not latin1
      defParamCharset: 'utf8',
    }),
    DeleteUploadInterceptor,
  )
  @ApiErrors(400, 413, 415)
  submit(@CurrentUser() actor: AuthUser, @UploadedFile() file: DiskUpload | undefined, @Body() body: HotlineImportDto) {
    const upload = file && { path: file.path, originalName: file.originalname, size: file.size };
    return this.imports.submit(actor, upload, body.mapping);
  }

  @Get()
  @ApiOperation({ summary: 'The imports I submitted or that were submitted in my scope, newest first' })
  @ApiErrors(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: PageQueryDto) {
    return this.imports.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Status and progress: {id, status, percent, totalRows, processedRows, created, duplicates, failed, …}',
  })
  @ApiErrors(400, 404)
  get(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.imports.get(actor, id);
  }

  @Get(':id/report.xlsx')
  @ApiOperation({
    summary: 'The import report: a summary sheet and one row per row not imported (row number, external id, reason)',
  })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiErrors(400, 404)
  async report(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Res() res: Response) {
    const report = await this.imports.report(actor, id);
    try {
      await streamXlsx(res, report.filename, report.sheets);
    } catch (err) {
      if (!res.headersSent) throw err;
      this.logger.error(`import report ${id} failed midway: ${String(err)}`);
      res.destroy(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
