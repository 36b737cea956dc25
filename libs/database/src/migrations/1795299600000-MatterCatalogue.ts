import type { MigrationInterface, QueryRunner } from 'typeorm';

const H = 3600;
/** One working day: 08:30–12:00 and 14:30–18:00 = 7 hours. */
const WD = 7 * H;

// GridFlow's default limits (README "Matter catalogue"): accept within 2 working hours,
// dispatch and claim within 4, resolve small matters in 3 working days and escalated ones
// in 5, verify (with the callback) in 2, archive in 3. Urgent filings use hours instead.
const SMALL = { accept: 2 * H, dispatch: 4 * H, claim: 4 * H, resolve: 3 * WD, verify: 2 * WD, archive: 3 * WD };
const LARGE = { ...SMALL, resolve: 5 * WD };
const URGENT = { accept: H / 2, dispatch: H, claim: H, resolve: WD, verify: WD, archive: 2 * WD };
// Emergencies run on calendar time, around the clock.
const EMERGENCY = {
  accept: 15 * 60,
  dispatch: 30 * 60,
  claim: 30 * 60,
  resolve: 4 * H,
  verify: 24 * H,
  archive: 72 * H,
};
const EMERGENCY_URGENT = {
  accept: 10 * 60,
  dispatch: 15 * 60,
  claim: 15 * 60,
  resolve: 2 * H,
  verify: 24 * H,
  archive: 72 * H,
};

const asLimits = (l: typeof SMALL) => ({
  acceptSeconds: l.accept,
  dispatchSeconds: l.dispatch,
  claimSeconds: l.claim,
  resolveSeconds: l.resolve,
  verifySeconds: l.verify,
  archiveSeconds: l.archive,
});

const CATEGORIES = [
  ['A', '基础信息采集', 'info'],
  ['B', '矛盾纠纷排查化解', 'disputes'],
  ['C', '安全隐患排查', 'safety'],
  ['D', '民生服务代办', 'services'],
  ['E', '城市环境秩序', 'environment'],
  ['F', '应急与公共卫生', 'emergency'],
];

// [code, name, tier, urgent, department, clock, limits, urgent limits] — DOMAIN.md's 6 categories / 17 items.
const ITEMS: [string, string, string, boolean, string, string, typeof SMALL, typeof SMALL][] = [
  ['A01', '人口信息采集更新', 'grid', false, '公安局', 'working', SMALL, URGENT],
  ['A02', '房屋与单位信息采集', 'grid', false, '住建局', 'working', SMALL, URGENT],
  ['B01', '邻里纠纷调解', 'grid', false, '司法局', 'working', SMALL, URGENT],
  ['B02', '家庭婚恋纠纷', 'grid', false, '司法局', 'working', SMALL, URGENT],
  ['B03', '物业与消费纠纷', 'grid', false, '住建局', 'working', SMALL, URGENT],
  ['B04', '劳资欠薪线索', 'escalate', false, '人社局', 'working', LARGE, URGENT],
  ['C01', '消防安全隐患', 'escalate', false, '应急管理局', 'working', LARGE, URGENT],
  ['C02', '燃气与用电隐患', 'escalate', false, '住建局', 'working', LARGE, URGENT],
  ['C03', '房屋与设施安全隐患', 'escalate', false, '住建局', 'working', LARGE, URGENT],
  ['D01', '困难群众帮扶', 'grid', false, '民政局', 'working', SMALL, URGENT],
  ['D02', '证照代办咨询', 'grid', false, '行政审批服务局', 'working', SMALL, URGENT],
  ['D03', '适老助残服务', 'grid', false, '民政局', 'working', SMALL, URGENT],
  ['E01', '环境卫生问题', 'grid', false, '城管局', 'working', SMALL, URGENT],
  ['E02', '市政设施损坏', 'escalate', false, '城管局', 'working', LARGE, URGENT],
  ['E03', '占道经营与私搭乱建', 'escalate', false, '城管局', 'working', LARGE, URGENT],
  ['F01', '突发事件信息报告', 'escalate', true, '应急管理局', 'calendar', EMERGENCY, EMERGENCY_URGENT],
  ['F02', '公共卫生事件协助', 'escalate', true, '卫健委', 'calendar', EMERGENCY, EMERGENCY_URGENT],
];

/**
 * The matter catalogue (网格事项准入) with its admission history, seeded with the default
 * catalogue of DOMAIN.md (6 categories, 17 items, all admitted), and the admins' overrides
 * of the working calendar (holidays and 调休 makeup working days).
 */
export class MatterCatalogue1795299600000 implements MigrationInterface {
  name = 'MatterCatalogue1795299600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE matter_category (
        code        text PRIMARY KEY CHECK (code ~ '^[A-Z]$'),
        name        text NOT NULL,
        name_en     text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE matter_item (
        code            text PRIMARY KEY,
        category_code   text NOT NULL REFERENCES matter_category (code),
        name            text NOT NULL,
        tier            text NOT NULL CHECK (tier IN ('grid', 'escalate')),
        urgent          boolean NOT NULL DEFAULT false,
        department      text NOT NULL,
        clock           text NOT NULL DEFAULT 'working' CHECK (clock IN ('working', 'calendar')),
        limits          jsonb NOT NULL,
        urgent_limits   jsonb NOT NULL,
        status          text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'active', 'retired')),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CHECK (code ~ ('^' || category_code || '[0-9]{2,4}$'))
      )`);
    await q.query(`CREATE INDEX matter_item_category_idx ON matter_item (category_code, code)`);
    await q.query(`
      CREATE TABLE matter_item_change (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        item_code    text NOT NULL REFERENCES matter_item (code),
        action       text NOT NULL CHECK (action IN ('propose', 'approve', 'retire')),
        from_status  text,
        to_status    text NOT NULL,
        reason       text,
        actor_id     uuid,
        at           timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX matter_item_change_item_idx ON matter_item_change (item_code, at)`);
    await q.query(`
      CREATE TABLE calendar_day (
        day         date PRIMARY KEY,
        kind        text NOT NULL CHECK (kind IN ('workday', 'holiday')),
        name        text,
        actor_id    uuid,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);

    for (const [code, name, en] of CATEGORIES) {
      await q.query(`INSERT INTO matter_category (code, name, name_en) VALUES ($1, $2, $3)`, [code, name, en]);
    }
    for (const [code, name, tier, urgent, department, clock, limits, urgentLimits] of ITEMS) {
      await q.query(
        `INSERT INTO matter_item (code, category_code, name, tier, urgent, department, clock, limits, urgent_limits, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active')`,
        [code, code[0], name, tier, urgent, department, clock, asLimits(limits), asLimits(urgentLimits)],
      );
      await q.query(
        `INSERT INTO matter_item_change (item_code, action, from_status, to_status, reason)
         VALUES ($1, 'approve', NULL, 'active', '默认事项清单（6类17项）')`,
        [code],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['calendar_day', 'matter_item_change', 'matter_item', 'matter_category'])
      await q.query(`DROP TABLE ${t}`);
  }
}
