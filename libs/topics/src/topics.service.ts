import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AuthUser,
  defaultTopicThresholds,
  inScope,
  invalidField,
  isUuid,
  levelOf,
  monthProblem,
  normalisedAddressSql,
  notFound,
  scopeLikePattern,
  stateConflict,
  TOPIC_KINDS,
  TOPIC_STATUSES,
  TOPIC_THRESHOLD_KEYS,
  topicScopeOf,
  topicThresholdProblems,
  topicTitle,
  type TopicKind,
  type TopicStatus,
  type TopicThresholds,
  DomainException,
  ErrorCode,
} from '@gridflow/domain';

/** One advisory lock for every detection run (the worker's cron, POST /topics/detect): runs queue up. */
const DETECT_LOCK = 'gridflow:topics:detect';

export interface DetectionResult {
  scopeCode: string | null;
  startedAt: string;
  finishedAt: string;
  tookMs: number;
  /** of which finding the groups (the spatial and grouping queries) */
  queryMs: number;
  /** topics opened by this run */
  created: number;
  /** topics that got new tickets */
  grown: number;
  /** ticket links added */
  linked: number;
  /** groups found, by kind (before matching them to topics) */
  found: Record<TopicKind, number>;
}

export interface TopicListItem {
  id: string;
  kind: TopicKind;
  title: string;
  itemCode: string;
  itemName: string;
  scopeCode: string;
  gridCodes: string[];
  center: { lng: number; lat: number } | null;
  ticketCount: number;
  firstAt: string;
  lastAt: string;
  status: TopicStatus;
}

interface Known {
  /** `${kind}:${ticketId}` → the live topic the ticket is in */
  links: Map<string, string>;
  /** `${kind}:${anchor}` → the live topic of that identity */
  anchors: Map<string, string>;
}

interface Group {
  kind: TopicKind;
  itemCode: string;
  /** the identity of the topic this group would open (stable across runs) */
  anchor: string;
  /** whether the anchor itself identifies the topic (address, grid), not just names a new one (cluster) */
  fixedAnchor: boolean;
  ids: string[];
  minTickets: number;
  /** for clusters: a live topic of the item within this many metres of the group is the same problem */
  radiusM?: number;
}

/** UTM zone (metres) of a ticket's point, per row: DBSCAN's eps is in the units of the geometry. */
const UTM_SRID = `(CASE WHEN t.location_lat >= 0 THEN 32600 ELSE 32700 END + least(60, floor((t.location_lng + 180) / 6)::int + 1))`;

/** A ticket without an address (none, or only spaces): what normalisation would leave empty, cheaply. */
const NO_ADDRESS = `coalesce(btrim(t.location_address, E' \\t\\r\\n\u3000'), '') = ''`;

/** People affected: distinct reporters (masked phone and name); a ticket without them counts as one. */
const PERSON = `coalesce(t.reporter_phone_mask || '|' || coalesce(t.reporter_name, ''), 'ticket:' || t.id::text)`;

function topicView(r: Record<string, unknown>): TopicListItem {
  return {
    id: r.id as string,
    kind: r.kind as TopicKind,
    title: r.title as string,
    itemCode: r.item_code as string,
    itemName: r.item_name as string,
    scopeCode: r.scope_code as string,
    gridCodes: r.grid_codes as string[],
    center: r.lng === null || r.lng === undefined ? null : { lng: Number(r.lng), lat: Number(r.lat) },
    ticketCount: Number(r.ticket_count),
    firstAt: new Date(r.first_at as string).toISOString(),
    lastAt: new Date(r.last_at as string).toISOString(),
    status: r.status as TopicStatus,
  };
}

const SELECT_TOPIC = `
  SELECT tp.id, tp.kind, tp.title, tp.item_code, i.name AS item_name, tp.scope_code, tp.grid_codes,
         ST_X(tp.center) AS lng, ST_Y(tp.center) AS lat, tp.ticket_count, tp.first_at, tp.last_at, tp.status,
         tp.people_count, tp.dissatisfied_count, tp.lead_unit_code, tp.due_at, tp.note, tp.adopted_at,
         tp.result, tp.closed_at, tp.created_at, tp.last_at::text AS cursor_at,
         coalesce(ou.name, d.name) AS lead_unit_name, au.display_name AS adopted_by_name, cu.display_name AS closed_by_name
  FROM topic tp
  JOIN matter_item i ON i.code = tp.item_code
  LEFT JOIN org_unit ou ON ou.code = tp.lead_unit_code
  LEFT JOIN department d ON d.code = tp.lead_unit_code
  LEFT JOIN app_user au ON au.id = tp.adopted_by
  LEFT JOIN app_user cu ON cu.id = tp.closed_by`;

/** A topic is visible to a caller whose scope holds any of its grids. */
const VISIBLE = `EXISTS (SELECT 1 FROM unnest(tp.grid_codes) g WHERE g LIKE $1)`;

/**
 * Governance topics: detection (cluster, repeated address, rework hot spot), the list, adopt and
 * close, and the monthly 每月一题 ranking. See docs/topics.md.
 */
@Injectable()
export class TopicsService {
  private readonly logger = new Logger(TopicsService.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ── thresholds ────────────────────────────────────────────────────────────────────────────

  /** Every category with its thresholds now in force (its own row, else the defaults). */
  async thresholds(): Promise<{
    items: (TopicThresholds & { categoryCode: string; categoryName: string; custom: boolean })[];
  }> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT c.code, c.name, t.* FROM matter_category c LEFT JOIN topic_threshold t ON t.category_code = c.code ORDER BY c.code`,
    );
    return {
      items: rows.map((r) => ({
        categoryCode: r.code as string,
        categoryName: r.name as string,
        custom: r.category_code !== null,
        ...thresholdsOf(r),
      })),
    };
  }

  async setThresholds(actor: AuthUser, categoryCode: string, body: unknown) {
    const [category] = /^[A-Z]$/.test(categoryCode)
      ? await this.db.query(`SELECT code FROM matter_category WHERE code = $1`, [categoryCode])
      : [];
    if (!category) throw notFound('Category');
    const problems = topicThresholdProblems(body);
    if (problems.length) {
      throw new DomainException(ErrorCode.ValidationFailed, 'Invalid thresholds', problems);
    }
    const t = body as TopicThresholds;
    await this.db.query(
      `INSERT INTO topic_threshold (category_code, cluster_min_tickets, cluster_radius_m, cluster_window_days,
         repeat_min_tickets, repeat_radius_m, repeat_window_days, rework_min_tickets, rework_window_days, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (category_code) DO UPDATE SET
         cluster_min_tickets = EXCLUDED.cluster_min_tickets, cluster_radius_m = EXCLUDED.cluster_radius_m,
         cluster_window_days = EXCLUDED.cluster_window_days, repeat_min_tickets = EXCLUDED.repeat_min_tickets,
         repeat_radius_m = EXCLUDED.repeat_radius_m, repeat_window_days = EXCLUDED.repeat_window_days,
         rework_min_tickets = EXCLUDED.rework_min_tickets, rework_window_days = EXCLUDED.rework_window_days,
         updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [categoryCode, ...TOPIC_THRESHOLD_KEYS.map((k) => t[k]), actor.id],
    );
    return (await this.thresholds()).items.find((i) => i.categoryCode === categoryCode)!;
  }

  // ── detection ─────────────────────────────────────────────────────────────────────────────

  /** POST /topics/detect: within the caller's scope (or the one asked for inside it). */
  detectFor(actor: AuthUser, scopeCode: string | undefined): Promise<DetectionResult> {
    return this.detect(this.scope(actor, scopeCode));
  }

  /**
   * One detection run over the tickets of `scopeCode` (every ticket when null — the worker's
   * cron). Idempotent: a group of tickets that is already a topic grows that topic. Runs hold
   * one advisory lock for their transaction, so two at once run one after the other.
   */
  async detect(scopeCode: string | null): Promise<DetectionResult> {
    const started = Date.now();
    const found: Record<TopicKind, number> = { cluster: 0, repeat_address: 0, rework: 0 };
    let created = 0;
    let grown = 0;
    let linked = 0;
    let queryMs = 0;
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [DETECT_LOCK]);
      const pattern = scopeCode ? scopeLikePattern(scopeCode) : '%';
      const categories = (await this.thresholds()).items;
      // the items of each category (retired ones too: their tickets still count), so that each
      // query reads the window of its items by (item_code, created_at)
      const itemRows: { category_code: string; codes: string[] }[] = await tx.query(
        `SELECT category_code, array_agg(code ORDER BY code) AS codes FROM matter_item GROUP BY 1`,
      );
      const itemsOf = new Map(itemRows.map((r) => [r.category_code, r.codes]));
      const groups: Group[] = [];
      for (const c of categories) {
        const items = itemsOf.get(c.categoryCode);
        if (!items?.length) continue;
        const clusters = await this.clusters(tx, items, c, pattern);
        const repeats = await this.repeats(tx, items, c, pattern);
        const reworks = await this.reworks(tx, items, c, pattern);
        found.cluster += clusters.length;
        found.repeat_address += repeats.length;
        found.rework += reworks.length;
        groups.push(...clusters, ...repeats, ...reworks);
      }
      queryMs = Date.now() - started;
      const known = await this.known(tx, groups);
      for (const g of groups) {
        const r = await this.absorb(tx, g, known);
        if (r.created) created += 1;
        else if (r.linked > 0) grown += 1;
        linked += r.linked;
      }
    });
    const finished = Date.now();
    const result = {
      scopeCode,
      startedAt: new Date(started).toISOString(),
      finishedAt: new Date(finished).toISOString(),
      tookMs: finished - started,
      /** of which finding the groups (the spatial and grouping queries) */
      queryMs,
      created,
      grown,
      linked,
      found,
    };
    this.logger.log(`topic detection ${JSON.stringify(result)}`);
    return result;
  }

  /** ≥ N tickets of one item, each within R metres of another, filed in the last T days (DBSCAN in UTM metres). */
  private async clusters(tx: EntityManager, items: string[], t: TopicThresholds, pattern: string): Promise<Group[]> {
    const rows: { item_code: string; ids: string[] }[] = await tx.query(
      `WITH w AS (
         SELECT t.id, t.item_code, t.created_at, ST_Transform(t.geom, ${UTM_SRID}) AS g, ${UTM_SRID} AS srid
         FROM ticket t
         WHERE t.item_code = ANY($1::text[]) AND t.created_at >= now() - make_interval(days => $2)
           AND t.geom IS NOT NULL AND t.status <> 'rejected' AND t.grid_code LIKE $3
           AND NOT EXISTS (SELECT 1 FROM topic_ticket x WHERE x.ticket_id = t.id AND x.kind = 'cluster' AND NOT x.active)
       ), c AS (
         SELECT id, item_code, created_at, srid,
                ST_ClusterDBSCAN(g, eps => $4, minpoints => $5) OVER (PARTITION BY item_code, srid) AS cid
         FROM w
       )
       SELECT item_code, array_agg(id ORDER BY created_at, id) AS ids
       FROM c WHERE cid IS NOT NULL GROUP BY item_code, srid, cid HAVING count(*) >= $5`,
      [items, t.clusterWindowDays, pattern, t.clusterRadiusM, t.clusterMinTickets],
    );
    return rows.map((r) => ({
      kind: 'cluster',
      itemCode: r.item_code,
      anchor: `cluster:${r.item_code}:${r.ids[0]}`,
      fixedAnchor: false,
      ids: r.ids,
      minTickets: t.clusterMinTickets,
      radiusM: t.clusterRadiusM,
    }));
  }

  /**
   * ≥ N tickets of one item at one address (the same text once normalised), or — for tickets
   * without an address — at one point (DBSCAN with the repeat radius, a few metres).
   */
  private async repeats(tx: EntityManager, items: string[], t: TopicThresholds, pattern: string): Promise<Group[]> {
    const norm = normalisedAddressSql('t.location_address');
    const released = `AND NOT EXISTS (SELECT 1 FROM topic_ticket x WHERE x.ticket_id = t.id AND x.kind = 'repeat_address' AND NOT x.active)`;
    const byAddress: { item_code: string; key: string; ids: string[] }[] = await tx.query(
      `SELECT t.item_code, ${norm} AS key, array_agg(t.id ORDER BY t.created_at, t.id) AS ids
       FROM ticket t
       WHERE t.item_code = ANY($1::text[]) AND t.created_at >= now() - make_interval(days => $2)
         AND t.status <> 'rejected' AND t.grid_code LIKE $3
         AND t.location_address IS NOT NULL AND nullif(${norm}, '') IS NOT NULL ${released}
       GROUP BY 1, 2 HAVING count(*) >= $4`,
      [items, t.repeatWindowDays, pattern, t.repeatMinTickets],
    );
    const byPoint: { item_code: string; ids: string[] }[] = await tx.query(
      `WITH w AS (
         SELECT t.id, t.item_code, t.created_at, ST_Transform(t.geom, ${UTM_SRID}) AS g, ${UTM_SRID} AS srid
         FROM ticket t
         WHERE t.item_code = ANY($1::text[]) AND t.created_at >= now() - make_interval(days => $2)
           AND t.status <> 'rejected' AND t.grid_code LIKE $3 AND t.geom IS NOT NULL
           AND ${NO_ADDRESS} ${released}
       ), c AS (
         SELECT id, item_code, created_at, srid,
                ST_ClusterDBSCAN(g, eps => $4, minpoints => $5) OVER (PARTITION BY item_code, srid) AS cid
         FROM w
       )
       SELECT item_code, array_agg(id ORDER BY created_at, id) AS ids
       FROM c WHERE cid IS NOT NULL GROUP BY item_code, srid, cid HAVING count(*) >= $5`,
      [items, t.repeatWindowDays, pattern, t.repeatRadiusM, t.repeatMinTickets],
    );
    return [
      ...byAddress.map((r): Group => ({
        kind: 'repeat_address',
        itemCode: r.item_code,
        anchor: `repeat:${r.item_code}:addr:${r.key}`.slice(0, 600),
        fixedAnchor: true,
        ids: r.ids,
        minTickets: t.repeatMinTickets,
      })),
      ...byPoint.map((r): Group => ({
        kind: 'repeat_address',
        itemCode: r.item_code,
        anchor: `repeat:${r.item_code}:pt:${r.ids[0]}`,
        fixedAnchor: false,
        ids: r.ids,
        minTickets: t.repeatMinTickets,
        radiusM: t.repeatRadiusM,
      })),
    ];
  }

  /** ≥ N tickets of one item in one grid reworked (返工) or rated dissatisfied in the last T days. */
  private async reworks(tx: EntityManager, items: string[], t: TopicThresholds, pattern: string): Promise<Group[]> {
    const rows: { item_code: string; grid_code: string; ids: string[] }[] = await tx.query(
      `SELECT t.item_code, t.grid_code, array_agg(t.id ORDER BY t.created_at, t.id) AS ids
       FROM ticket t
       WHERE t.item_code = ANY($1::text[]) AND t.created_at >= now() - make_interval(days => $2)
         AND (t.rework_count > 0 OR t.satisfaction = 'dissatisfied') AND t.grid_code LIKE $3
         AND NOT EXISTS (SELECT 1 FROM topic_ticket x WHERE x.ticket_id = t.id AND x.kind = 'rework' AND NOT x.active)
       GROUP BY t.item_code, t.grid_code HAVING count(*) >= $4`,
      [items, t.reworkWindowDays, pattern, t.reworkMinTickets],
    );
    return rows.map((r) => ({
      kind: 'rework',
      itemCode: r.item_code,
      anchor: `rework:${r.grid_code}:${r.item_code}`,
      fixedAnchor: true,
      ids: r.ids,
      minTickets: t.reworkMinTickets,
    }));
  }

  /** The group joins the live topic it already is (by anchor, by shared tickets, or nearby), or opens one. */
  /**
   * What the groups' tickets and anchors already are, read in two queries: the live topic each
   * ticket is linked to (per kind) and the live topic of each fixed anchor. A group whose tickets
   * are all in its topic already costs no further query.
   */
  private async known(tx: EntityManager, groups: Group[]): Promise<Known> {
    const ids = [...new Set(groups.flatMap((g) => g.ids))];
    const anchors = [...new Set(groups.filter((g) => g.fixedAnchor).map((g) => g.anchor))];
    const links: { ticket_id: string; kind: string; topic_id: string }[] = ids.length
      ? await tx.query(
          `SELECT ticket_id, kind, topic_id FROM topic_ticket WHERE active AND ticket_id = ANY($1::uuid[])`,
          [ids],
        )
      : [];
    const live: { id: string; kind: string; anchor: string }[] = anchors.length
      ? await tx.query(`SELECT id, kind, anchor FROM topic WHERE status <> 'closed' AND anchor = ANY($1::text[])`, [
          anchors,
        ])
      : [];
    return {
      links: new Map(links.map((l) => [`${l.kind}:${l.ticket_id}`, l.topic_id])),
      anchors: new Map(live.map((t) => [`${t.kind}:${t.anchor}`, t.id])),
    };
  }

  private async absorb(tx: EntityManager, g: Group, known: Known): Promise<{ created: boolean; linked: number }> {
    let topicId: string | null;
    const linkedTo = g.ids.map((id) => known.links.get(`${g.kind}:${id}`) ?? null);
    if (g.fixedAnchor) {
      topicId = known.anchors.get(`${g.kind}:${g.anchor}`) ?? null;
    } else {
      // the live topic most of the group's tickets are in (a ticket has one item: so has its topic)
      const votes = new Map<string, number>();
      for (const t of linkedTo) if (t) votes.set(t, (votes.get(t) ?? 0) + 1);
      topicId = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
      if (!topicId && g.radiusM) {
        // The same problem come back after its first tickets left the window: a live topic of
        // the item whose centre is within R metres of this group's centre.
        const [near] = await tx.query(
          `WITH c AS (SELECT ST_Centroid(ST_Collect(geom)) AS p FROM ticket WHERE id = ANY($2::uuid[]))
           SELECT tp.id FROM topic tp, c
           WHERE tp.kind = $1 AND tp.item_code = $3 AND tp.status <> 'closed' AND tp.center IS NOT NULL
             AND ST_DWithin(tp.center::geography, c.p::geography, $4)
           ORDER BY ST_Distance(tp.center::geography, c.p::geography) LIMIT 1`,
          [g.kind, g.ids, g.itemCode, g.radiusM],
        );
        topicId = near?.id ?? null;
      }
    }
    // nothing new: every ticket is in this topic already
    if (topicId && linkedTo.every((t) => t === topicId)) return { created: false, linked: 0 };
    let created = false;
    if (!topicId) {
      // Only tickets no live topic of this kind holds can open a new one.
      const free = linkedTo.filter((t) => t === null).length;
      if (free < g.minTickets) return { created: false, linked: 0 };
      const [row] = await tx.query(
        `INSERT INTO topic (kind, anchor, item_code, title, scope_code, first_at, last_at)
         VALUES ($1, $2, $3, '', '', now(), now())
         ON CONFLICT (kind, anchor) WHERE status <> 'closed' DO NOTHING RETURNING id`,
        [g.kind, g.anchor, g.itemCode],
      );
      if (row) {
        topicId = row.id as string;
        created = true;
      } else {
        const [existing] = await tx.query(
          `SELECT id FROM topic WHERE kind = $1 AND anchor = $2 AND status <> 'closed'`,
          [g.kind, g.anchor],
        );
        topicId = existing.id as string;
      }
    }
    const inserted: unknown[] = await tx.query(
      `INSERT INTO topic_ticket (topic_id, ticket_id, kind) SELECT $1, id, $3 FROM unnest($2::uuid[]) id
       ON CONFLICT DO NOTHING RETURNING ticket_id`,
      [topicId, g.ids, g.kind],
    );
    if (inserted.length || created) await this.refresh(tx, topicId!);
    return { created, linked: inserted.length };
  }

  /** Recomputes a topic's counts, times, grids, centre, scope and title from its tickets. */
  private async refresh(tx: EntityManager, topicId: string): Promise<void> {
    const [a] = await tx.query(
      `SELECT tp.kind, i.name AS item_name, count(*)::int AS n, min(t.created_at) AS first_at, max(t.created_at) AS last_at,
              array_agg(DISTINCT t.grid_code ORDER BY t.grid_code) AS grids,
              ST_AsText(ST_Centroid(ST_Collect(t.geom))) AS center_wkt,
              count(DISTINCT ${PERSON})::int AS people,
              count(*) FILTER (WHERE t.satisfaction = 'dissatisfied')::int AS dissatisfied,
              (array_agg(t.location_address ORDER BY t.created_at) FILTER (WHERE t.location_address <> ''))[1] AS address,
              mode() WITHIN GROUP (ORDER BY t.grid_code) AS main_grid
       FROM topic tp JOIN topic_ticket tt ON tt.topic_id = tp.id JOIN ticket t ON t.id = tt.ticket_id
       JOIN matter_item i ON i.code = tp.item_code
       WHERE tp.id = $1 GROUP BY tp.kind, i.name`,
      [topicId],
    );
    const [grid] = await tx.query(`SELECT name FROM org_unit WHERE code = $1`, [a.main_grid]);
    const kind = a.kind as TopicKind;
    const place = kind === 'rework' ? (grid?.name ?? a.main_grid) : (a.address ?? grid?.name ?? null);
    await tx.query(
      `UPDATE topic SET ticket_count = $2, first_at = $3, last_at = $4, grid_codes = $5,
         center = CASE WHEN $6::text IS NULL THEN NULL ELSE ST_GeomFromText($6, 4326) END,
         people_count = $7, dissatisfied_count = $8, scope_code = $9, title = $10, updated_at = now()
       WHERE id = $1`,
      [
        topicId,
        a.n,
        a.first_at,
        a.last_at,
        a.grids,
        a.center_wkt,
        a.people,
        a.dissatisfied,
        topicScopeOf(a.grids) ?? '',
        topicTitle(kind, a.item_name, place, a.n),
      ],
    );
  }

  // ── reading ───────────────────────────────────────────────────────────────────────────────

  async list(
    actor: AuthUser,
    q: { scopeCode?: string; status?: string; kind?: string; cursor?: string; limit?: number },
  ): Promise<{ items: TopicListItem[]; nextCursor: string | null }> {
    const scope = q.scopeCode ?? actor.scopeCode;
    if (!levelOf(scope)) throw invalidField('scopeCode', 'must be an org code');
    // A list filtered to a unit out of scope is an empty page: a list only ever holds rows in scope.
    if (!inScope(actor.scopeCode, scope)) return { items: [], nextCursor: null };
    if (q.status !== undefined && !(TOPIC_STATUSES as readonly string[]).includes(q.status)) {
      throw invalidField('status', `must be one of ${TOPIC_STATUSES.join(', ')}`);
    }
    if (q.kind !== undefined && !(TOPIC_KINDS as readonly string[]).includes(q.kind)) {
      throw invalidField('kind', `must be one of ${TOPIC_KINDS.join(', ')}`);
    }
    const limit = q.limit ?? 20;
    const params: unknown[] = [scopeLikePattern(scope)];
    const where = [VISIBLE];
    if (q.status) where.push(`tp.status = $${params.push(q.status)}`);
    if (q.kind) where.push(`tp.kind = $${params.push(q.kind)}`);
    if (q.cursor) {
      const [at, id] = decodeCursor(q.cursor);
      where.push(`(tp.last_at, tp.id) < ($${params.push(at)}::timestamptz, $${params.push(id)}::uuid)`);
    }
    const rows: Record<string, unknown>[] = await this.db.query(
      `${SELECT_TOPIC} WHERE ${where.join(' AND ')} ORDER BY tp.last_at DESC, tp.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(topicView),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify({ v: [last.cursor_at, last.id] })).toString('base64url')
          : null,
    };
  }

  /** GET /topics/:id: the topic and its tickets within the caller's scope (newest first). */
  async get(actor: AuthUser, id: string) {
    const row = await this.findVisible(actor, id);
    const tickets: Record<string, unknown>[] = await this.db.query(
      `SELECT t.id, t.number, t.status, t.item_code, t.grid_code, t.location_address, t.location_lng, t.location_lat,
              t.created_at, t.rework_count, t.satisfaction, tt.active
       FROM topic_ticket tt JOIN ticket t ON t.id = tt.ticket_id
       WHERE tt.topic_id = $1 AND t.grid_code LIKE $2
       ORDER BY t.created_at DESC, t.id DESC LIMIT 500`,
      [id, scopeLikePattern(actor.scopeCode)],
    );
    return {
      ...this.detailView(row),
      tickets: tickets.map((t) => ({
        id: t.id,
        number: t.number,
        status: t.status,
        itemCode: t.item_code,
        gridCode: t.grid_code,
        address: t.location_address ?? null,
        location: t.location_lng === null ? null : { lng: Number(t.location_lng), lat: Number(t.location_lat) },
        createdAt: new Date(t.created_at as string).toISOString(),
        reworkCount: Number(t.rework_count),
        satisfaction: t.satisfaction ?? null,
      })),
    };
  }

  /** POST /topics/:id/adopt: open → adopted, with a lead unit in the caller's scope and a due date ahead. */
  async adopt(actor: AuthUser, id: string, body: { leadUnitCode: string; dueAt: string; note?: string }) {
    await this.findVisible(actor, id);
    const due = Date.parse(body.dueAt);
    if (!/^\d{4}-\d{2}-\d{2}T/.test(body.dueAt) || Number.isNaN(due)) {
      throw invalidField('dueAt', 'must be an ISO 8601 date-time');
    }
    if (due <= Date.now()) throw invalidField('dueAt', 'must be in the future');
    if (due > Date.now() + 2 * 366 * 86_400_000) throw invalidField('dueAt', 'at most two years ahead');
    const unit = body.leadUnitCode;
    const [known] = await this.db.query(
      `SELECT code, NULL AS parent FROM org_unit WHERE code = $1
       UNION ALL SELECT code, parent_code AS parent FROM department WHERE code = $1 AND disabled_at IS NULL`,
      [unit],
    );
    if (!known) throw invalidField('leadUnitCode', 'no such org unit or department');
    const covering = known.parent ?? known.code;
    // A department of the county or city serves the caller's area; an org unit must be inside the scope.
    const ok = known.parent
      ? inScope(covering, actor.scopeCode) || inScope(actor.scopeCode, covering)
      : inScope(actor.scopeCode, covering);
    if (!ok) throw invalidField('leadUnitCode', 'outside your scope');
    // An UPDATE answers [rows, count] through TypeORM's query().
    const [, adopted]: [unknown[], number] = await this.db.query(
      `UPDATE topic SET status = 'adopted', lead_unit_code = $2, due_at = $3, note = $4, adopted_by = $5,
         adopted_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'open' RETURNING id`,
      [id, unit, new Date(due).toISOString(), body.note ?? null, actor.id],
    );
    if (!adopted) throw stateConflict('Only an open topic can be adopted');
    return this.detailView(await this.findVisible(actor, id));
  }

  /** POST /topics/:id/close: open or adopted → closed with its result; its tickets are released. */
  async close(actor: AuthUser, id: string, body: { result: string }) {
    await this.findVisible(actor, id);
    await this.db.transaction(async (tx) => {
      const [, closed]: [unknown[], number] = await tx.query(
        `UPDATE topic SET status = 'closed', result = $2, closed_by = $3, closed_at = now(), updated_at = now()
         WHERE id = $1 AND status IN ('open', 'adopted') RETURNING id`,
        [id, body.result, actor.id],
      );
      if (!closed) throw stateConflict('The topic is already closed');
      await tx.query(`UPDATE topic_ticket SET active = false WHERE topic_id = $1`, [id]);
    });
    return this.detailView(await this.findVisible(actor, id));
  }

  // ── 每月一题 ──────────────────────────────────────────────────────────────────────────────

  /**
   * The month's topics in a scope, ranked by the people they touched in the month (distinct
   * reporters; a ticket without one counts as one), then by dissatisfied ratings, then tickets.
   */
  async monthlyReport(actor: AuthUser, month: string | undefined, scopeCode: string | undefined) {
    const problem = monthProblem(month);
    if (problem) throw invalidField('month', problem);
    const scope = this.scope(actor, scopeCode);
    const from = `${month}-01T00:00:00+08:00`;
    const [y, m] = month!.split('-').map(Number);
    const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
    const to = `${next}-01T00:00:00+08:00`;
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT tp.id, tp.kind, tp.title, tp.item_code, i.name AS item_name, tp.scope_code, tp.grid_codes, tp.status,
              tp.ticket_count, tp.first_at, tp.last_at, tp.due_at, coalesce(ou.name, d.name, tp.lead_unit_code) AS lead_unit,
              count(*)::int AS month_tickets, count(DISTINCT ${PERSON})::int AS people,
              count(*) FILTER (WHERE t.satisfaction = 'dissatisfied')::int AS dissatisfied,
              count(*) FILTER (WHERE t.rework_count > 0)::int AS reworked
       FROM topic tp
       JOIN matter_item i ON i.code = tp.item_code
       JOIN topic_ticket tt ON tt.topic_id = tp.id
       JOIN ticket t ON t.id = tt.ticket_id
       LEFT JOIN org_unit ou ON ou.code = tp.lead_unit_code
       LEFT JOIN department d ON d.code = tp.lead_unit_code
       WHERE ${VISIBLE} AND t.grid_code LIKE $1 AND t.created_at >= $2 AND t.created_at < $3
       GROUP BY tp.id, i.name, ou.name, d.name
       ORDER BY people DESC, dissatisfied DESC, month_tickets DESC, tp.id
       LIMIT 1000`,
      [scopeLikePattern(scope), from, to],
    );
    return {
      month: month!,
      scopeCode: scope,
      rows: rows.map((r, n) => ({
        rank: n + 1,
        id: r.id as string,
        kind: r.kind as TopicKind,
        title: r.title as string,
        itemCode: r.item_code as string,
        itemName: r.item_name as string,
        scopeCode: r.scope_code as string,
        gridCodes: r.grid_codes as string[],
        status: r.status as TopicStatus,
        people: Number(r.people),
        monthTickets: Number(r.month_tickets),
        dissatisfied: Number(r.dissatisfied),
        reworked: Number(r.reworked),
        ticketCount: Number(r.ticket_count),
        firstAt: new Date(r.first_at as string).toISOString(),
        lastAt: new Date(r.last_at as string).toISOString(),
        leadUnit: (r.lead_unit as string) ?? null,
        dueAt: r.due_at ? new Date(r.due_at as string).toISOString() : null,
      })),
    };
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────

  private async findVisible(actor: AuthUser, id: string): Promise<Record<string, unknown>> {
    if (!isUuid(id)) throw notFound('Topic');
    const [row] = await this.db.query(`${SELECT_TOPIC} WHERE ${VISIBLE} AND tp.id = $2`, [
      scopeLikePattern(actor.scopeCode),
      id,
    ]);
    if (!row) throw notFound('Topic');
    return row;
  }

  private detailView(r: Record<string, unknown>) {
    const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
    return {
      ...topicView(r),
      peopleCount: Number(r.people_count),
      dissatisfiedCount: Number(r.dissatisfied_count),
      leadUnitCode: (r.lead_unit_code as string) ?? null,
      leadUnitName: (r.lead_unit_name as string) ?? null,
      dueAt: iso(r.due_at),
      note: (r.note as string) ?? null,
      adoptedAt: iso(r.adopted_at),
      adoptedBy: (r.adopted_by_name as string) ?? null,
      result: (r.result as string) ?? null,
      closedAt: iso(r.closed_at),
      closedBy: (r.closed_by_name as string) ?? null,
      createdAt: iso(r.created_at)!,
    };
  }

  private scope(actor: AuthUser, scopeCode: string | undefined): string {
    const scope = scopeCode ?? actor.scopeCode;
    if (!levelOf(scope) || !inScope(actor.scopeCode, scope)) throw notFound('Scope');
    return scope;
  }
}

function thresholdsOf(r: Record<string, unknown>): TopicThresholds {
  if (r.category_code === null || r.category_code === undefined) return defaultTopicThresholds(r.code as string);
  return {
    clusterMinTickets: Number(r.cluster_min_tickets),
    clusterRadiusM: Number(r.cluster_radius_m),
    clusterWindowDays: Number(r.cluster_window_days),
    repeatMinTickets: Number(r.repeat_min_tickets),
    repeatRadiusM: Number(r.repeat_radius_m),
    repeatWindowDays: Number(r.repeat_window_days),
    reworkMinTickets: Number(r.rework_min_tickets),
    reworkWindowDays: Number(r.rework_window_days),
  };
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:?\d{2})?$/;

function decodeCursor(cursor: string): [string, string] {
  try {
    const { v } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { v?: unknown };
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && CURSOR_AT.test(v[0]) && isUuid(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    // below
  }
  throw invalidField('cursor', 'malformed');
}
