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
 * The columns that hold encrypted PII. `nullable`: a value no key opens may be cleared (the
 * ticket's phone); an SMS row's phone may not (the row records what was sent), so it is kept.
 */
const PII_COLUMNS = [
  { table: 'ticket', column: 'reporter_phone_enc', nullable: true },
  { table: 'sms_message', column: 'phone_enc', nullable: false },
] as const;

/**
 * Re-encrypts every stored phone (the tickets' and the residents' SMS rows') that is not under
 * the current PII_KEY (an older key from PII_OLD_KEYS, the first release's key-less format, or
 * `extraKeys`). Unreadable values are kept, or cleared with `clearUnreadable` where the column
 * may be empty (the demo seed: demo data, nothing to lose).
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
  for (const { table, column, nullable } of PII_COLUMNS) {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await db.query(
        `SELECT id, ${column} AS enc FROM ${table}
         WHERE id > $1 AND ${column} IS NOT NULL AND ${column} NOT LIKE $2
         ORDER BY id LIMIT $3`,
        [after, `v2.${config.piiKeyId}.%`, options.batch ?? 500],
      )) as { id: string; enc: string }[];
      if (rows.length === 0) break;
      for (const { id, enc } of rows) {
        let plain: string | null = null;
        try {
          plain = decryptPii(enc, keys);
        } catch {
          result.unreadable++;
        }
        if (plain !== null) {
          await db.query(`UPDATE ${table} SET ${column} = $2 WHERE id = $1 AND ${column} = $3`, [
            id,
            cipher.encrypt(plain),
            enc,
          ]);
          result.rekeyed++;
        } else if (options.clearUnreadable && nullable) {
          await db.query(`UPDATE ${table} SET ${column} = NULL WHERE id = $1 AND ${column} = $2`, [id, enc]);
        }
      }
      after = rows[rows.length - 1]!.id;
    }
  }
  return result;
}
