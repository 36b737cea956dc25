import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { finalize, type Observable } from 'rxjs';

/** What multer hands the controller for a file streamed to disk by tempDiskStorage. */
export interface DiskUpload {
  path: string;
  size: number;
  originalname: string;
  mimetype: string;
}

interface MulterFile {
  stream: Readable;
}

/**
 * A multer storage engine that streams the upload to a temporary file (import files are up
 * to 50 MB: they never sit in memory). The service moves the file to DATA_DIR once it has
 * checked it; DeleteUploadInterceptor removes whatever is left.
 */
export const tempDiskStorage = {
  _handleFile(_req: Request, file: MulterFile, cb: (err: Error | null, info?: Partial<DiskUpload>) => void) {
    const path = join(tmpdir(), `gridflow-upload-${randomUUID()}`);
    let size = 0;
    file.stream.on('data', (chunk: Buffer) => (size += chunk.length));
    pipeline(file.stream, createWriteStream(path)).then(
      () => cb(null, { path, size }),
      (err: Error) => void rm(path, { force: true }).finally(() => cb(err)),
    );
  },
  _removeFile(_req: Request, file: { path?: string }, cb: (err: Error | null) => void) {
    if (!file.path) return cb(null);
    rm(file.path, { force: true }).then(() => cb(null), cb);
  },
};

/** Removes the temporary upload after the request, whatever the answer (the service moved it if it kept it). */
@Injectable()
export class DeleteUploadInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request & { file?: { path?: string } }>();
    return next.handle().pipe(
      finalize(() => {
        if (req.file?.path) void rm(req.file.path, { force: true });
      }),
    );
  }
}
