import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { fileTypeFromBuffer } from 'file-type';
import { DataSource, In, Repository } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { type AuthUser, DomainException, ErrorCode, invalidField, notFound, scopeLikePattern } from '@gridflow/domain';
import { Attachment } from './ticket.entity.js';

export const ALLOWED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** An upload never linked to a ticket is removed (row and file) after this long. */
export const UNLINKED_ATTACHMENT_TTL_HOURS = 24;

/** Bytes the stored attachment files take (each content once, as on disk): the /metrics gauge. */
export const ATTACHMENT_DISK_BYTES_SQL = `SELECT coalesce(sum(size), 0)::bigint AS bytes FROM (SELECT DISTINCT ON (sha256) size FROM attachment) s`;

/**
 * Photos and documents for tickets. The type is decided by the content (magic bytes), never
 * by the file name or the declared header; files are stored once per content under
 * DATA_DIR/attachments/<sha256[0..2]>/<sha256>.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Attachment) private readonly attachments: Repository<Attachment>,
    private readonly config: AppConfig,
  ) {}

  async store(uploader: AuthUser | null, content: Buffer | undefined) {
    if (!content || content.length === 0)
      throw invalidField('file', 'a non-empty file is required (multipart field "file")');
    if (content.length > MAX_ATTACHMENT_BYTES) {
      throw new DomainException(ErrorCode.PayloadTooLarge, 'Attachments are limited to 10 MB');
    }
    const type = await fileTypeFromBuffer(content);
    if (!type || !(ALLOWED_TYPES as readonly string[]).includes(type.mime)) {
      throw new DomainException(
        ErrorCode.UnsupportedMediaType,
        `Only JPEG, PNG, WebP and PDF files are accepted (this content is ${type?.mime ?? 'not recognised'})`,
      );
    }
    const sha256 = createHash('sha256').update(content).digest('hex');
    const path = this.pathOf(sha256);
    // Touch a file stored before (the sweeper keeps recently touched files); write it if absent.
    if (!(await touched(path))) {
      await mkdir(join(this.config.dataDir, 'attachments', sha256.slice(0, 2)), { recursive: true });
      // Write then rename: a crash never leaves a half-written file under the final name.
      const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, content);
      await rename(tmp, path);
    }
    const saved = await this.attachments.save(
      this.attachments.create({
        sha256,
        contentType: type.mime,
        size: content.length,
        uploadedBy: uploader?.id ?? null,
      }),
    );
    return view(saved);
  }

  /** An attachment and its bytes, if the caller uploaded it or can see a ticket it belongs to. */
  async read(actor: AuthUser, id: string) {
    const att = await this.attachments.findOneBy({ id });
    if (!att) throw notFound('Attachment');
    if (att.uploadedBy !== actor.id) {
      const [visible] = await this.db.query(
        `SELECT 1 FROM ticket_attachment ta JOIN ticket t ON t.id = ta.ticket_id
         WHERE ta.attachment_id = $1 AND t.org_code LIKE $2
           AND ($3::text IS NULL OR t.department_code = $3::text) LIMIT 1`,
        // seesTicket: department staff see only their department's tickets' attachments
        [
          id,
          scopeLikePattern(actor.scopeCode),
          actor.role === 'department_staff' ? (actor.departmentCode ?? '') : null,
        ],
      );
      if (!visible) throw notFound('Attachment');
    }
    return { ...view(att), content: await readFile(this.pathOf(att.sha256)) };
  }

  /**
   * Checks that the attachments exist and were uploaded by this caller (anonymous uploads for
   * the public channel) and are not someone else's; returns their ids.
   */
  async assertLinkable(uploaderId: string | null, ids: string[] | undefined): Promise<string[]> {
    const unique = [...new Set(ids ?? [])];
    if (unique.length === 0) return [];
    const rows = await this.attachments.findBy({ id: In(unique) });
    const ok = rows.filter((r) => r.uploadedBy === uploaderId);
    if (ok.length !== unique.length)
      throw invalidField('attachmentIds', 'unknown attachment, or uploaded by someone else');
    return unique;
  }

  /**
   * Housekeeping (the worker, hourly): attachments older than UNLINKED_ATTACHMENT_TTL_HOURS
   * that no ticket links are deleted, and so is each file no remaining row names and no
   * upload touched since the cut-off. → how many rows and files went.
   */
  async sweepUnlinked(now: Date = new Date()): Promise<{ rows: number; files: number }> {
    const cutoff = new Date(now.getTime() - UNLINKED_ATTACHMENT_TTL_HOURS * 3_600_000);
    const gone: { sha256: string }[] = await this.db.query(
      `WITH gone AS (
         DELETE FROM attachment a
         WHERE a.created_at < $1
           AND NOT EXISTS (SELECT 1 FROM ticket_attachment ta WHERE ta.attachment_id = a.id)
         RETURNING a.sha256
       )
       SELECT sha256 FROM gone`,
      [cutoff],
    );
    let files = 0;
    for (const sha256 of new Set(gone.map((g) => g.sha256))) {
      const [kept] = await this.db.query('SELECT 1 FROM attachment WHERE sha256 = $1 LIMIT 1', [sha256]);
      if (kept) continue;
      const path = this.pathOf(sha256);
      const info = await stat(path).catch(() => null);
      if (!info || info.mtime > cutoff) continue;
      await unlink(path).catch(() => undefined);
      files++;
    }
    return { rows: gone.length, files };
  }

  private pathOf(sha256: string) {
    return join(this.config.dataDir, 'attachments', sha256.slice(0, 2), sha256);
  }
}

function view(a: Attachment) {
  return { id: a.id, contentType: a.contentType, size: a.size, sha256: a.sha256, createdAt: a.createdAt };
}

/** Sets the file's times to now; false when there is no such file. */
async function touched(path: string) {
  const now = new Date();
  try {
    await utimes(path, now, now);
    return true;
  } catch {
    return false;
  }
}
