import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type AuthUser, inScope, invalidField, notFound } from '@gridflow/domain';

export const AUTO_DISPATCH_MAX_MINUTES = 10_080; // a week

export interface AutoDispatchSetting {
  communityCode: string;
  enabled: boolean;
  /** minutes an accepted ticket may wait for a dispatcher before the top candidate gets it */
  minutes: number | null;
  updatedBy: string | null;
  updatedAt: string | null;
}

/**
 * Per-community auto-dispatch (村社派单 by the system when nobody dispatched within N
 * minutes). A change applies to tickets accepted from then on; switching it off also stops
 * the timers already set (the job re-reads the setting).
 */
@Injectable()
export class AutoDispatchSettingsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(actor: AuthUser, communityCode: string): Promise<AutoDispatchSetting> {
    await this.assertCommunity(actor, communityCode);
    const [row] = await this.db.query(
      `SELECT auto_dispatch_minutes, updated_by, updated_at FROM community_setting WHERE community_code = $1`,
      [communityCode],
    );
    return view(communityCode, row);
  }

  async set(actor: AuthUser, communityCode: string, input: { enabled: boolean; minutes?: number }) {
    await this.assertCommunity(actor, communityCode);
    if (input.enabled && input.minutes === undefined) {
      throw invalidField('minutes', `required when enabled (1–${AUTO_DISPATCH_MAX_MINUTES})`);
    }
    const minutes = input.enabled ? input.minutes! : null;
    const [row] = await this.db.query(
      `INSERT INTO community_setting (community_code, auto_dispatch_minutes, updated_by, updated_at)
       VALUES ($1, $2, $3, now())
       ON CONFLICT (community_code) DO UPDATE SET auto_dispatch_minutes = EXCLUDED.auto_dispatch_minutes,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
       RETURNING auto_dispatch_minutes, updated_by, updated_at`,
      [communityCode, minutes, actor.id],
    );
    return view(communityCode, row);
  }

  /** 404 unless it is a community (12 digits) that exists in the caller's scope. */
  private async assertCommunity(actor: AuthUser, code: string) {
    const found =
      /^\d{12}$/.test(code) && inScope(actor.scopeCode, code)
        ? await this.db.query(`SELECT 1 FROM org_unit WHERE code = $1 AND level = 'community'`, [code])
        : [];
    if (found.length === 0) throw notFound('Community');
  }
}

function view(
  communityCode: string,
  row: { auto_dispatch_minutes: number | null; updated_by: string | null; updated_at: Date } | undefined,
): AutoDispatchSetting {
  const minutes = row?.auto_dispatch_minutes ?? null;
  return {
    communityCode,
    enabled: minutes !== null,
    minutes,
    updatedBy: row?.updated_by ?? null,
    updatedAt: row ? new Date(row.updated_at).toISOString() : null,
  };
}
