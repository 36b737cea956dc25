import type { AppConfig } from '@gridflow/config';
import { decryptPii, PiiCipher } from './pii-cipher.js';

/** Anything that runs a parameterised query: a pg Pool or Client, a TypeORM DataSource. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface RekeyResult {
  /** values now under the current PII_KEY */
  rekeyed: number;
  /** values no configured key could open */
  unreadable: number;
}

/**
 * Re-encrypts every stored reporter phone that is not under the current PII_KEY (an older key
 * from PII_OLD_KEYS, the first release's key-less format, or `extraKeys`). Unreadable values are
 * kept, or cleared with `clearUnreadable` (the demo seed: demo data, nothing to lose).
 */
export async function rekeyPii(
  db: Queryable,
  config: AppConfig,
  options: { extraKeys?: Buffer[]; clearUnreadable?: boolean; batch?: number } = {},
): Promise<RekeyResult> {
  const cipher = new PiiCipher(config);
  const keys = new Map(config.piiKeys);
  options.extraKeys?.forEach((key, i) => keys.set(`extra-${i}`, key));
  const result: RekeyResult = { rekeyed: 0, unreadable: 0 };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = (await db.query(
      `SELECT id, reporter_phone_enc AS enc FROM ticket
       WHERE id > $1 AND reporter_phone_enc IS NOT NULL AND reporter_phone_enc NOT LIKE $2
       ORDER BY id LIMIT $3`,
      [after, `v2.${config.piiKeyId}.%`, options.batch ?? 500],
    )) as { id: string; enc: string }[];
    if (rows.length === 0) return result;
    for (const { id, enc } of rows) {
      let plain: string | null = null;
      try {
        plain = decryptPii(enc, keys);
      } catch {
        result.unreadable++;
      }
      if (plain !== null) {
        await db.query(`UPDATE ticket SET reporter_phone_enc = $2 WHERE id = $1 AND reporter_phone_enc = $3`, [
          id,
          cipher.encrypt(plain),
          enc,
        ]);
        result.rekeyed++;
      } else if (options.clearUnreadable) {
        await db.query(`UPDATE ticket SET reporter_phone_enc = NULL WHERE id = $1 AND reporter_phone_enc = $2`, [
          id,
          enc,
        ]);
      }
    }
    after = rows[rows.length - 1]!.id;
  }
}
