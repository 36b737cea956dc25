import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService } from '@gridflow/catalog';
import { AppConfig, trimTrailingSlashes } from '@gridflow/config';
import { DomainException, ErrorCode, invalidField, isTrackingCode, notFound } from '@gridflow/domain';
import { RefusedPushesService, TicketsService } from '@gridflow/tickets';
import {
  type CatalogueEntry,
  CLOSED_TICKET_STATUSES,
  filingDescription,
  GEOREPORT_SPECIFICATION,
  type GeoReportCreated,
  type GeoReportDiscovery,
  type GeoReportRequest,
  type GeoReportService,
  type GeoReportServiceDefinition,
  type GeoReportToken,
  isoShanghai,
  MAX_REQUESTS,
  OPEN311_MIME,
  parseRequestsQuery,
  reporterName,
  reporterPhone,
  type RequestsQuery,
  serviceNotice,
  type TicketRecord,
  toGeoReportRequest,
  toGeoReportService,
  toServiceDefinition,
} from './georeport.js';
import type { Open311Client } from './open311-keys.service.js';

/** POST requests' arguments (the spec's names); `lat`/`long` already numbers. */
export interface GeoReportRequestInput {
  service_code: string;
  lat?: number;
  long?: number;
  address_string?: string;
  address_id?: string;
  /** optional (≤ GEOREPORT_DESCRIPTION_MAX): filingDescription() fills it in */
  description?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  email?: string;
}

/** The path GeoReport v2 is served under (outside /api/v1). */
export const OPEN311_BASE_PATH = 'open311/v2';

const TICKET_NUMBER = /^\d{14}$/;

interface RequestRow {
  number: string;
  status: string;
  item_code: string;
  description: string;
  location_lng: number | null;
  location_lat: number | null;
  location_address: string | null;
  due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  grid_name: string | null;
  community_name: string | null;
  township_name: string | null;
  step_type: string | null;
  step_at: Date | null;
  step_to_status: string | null;
  step_data: Record<string, unknown> | null;
}

// Only public columns are read: no reporter, assignee or staff field ever enters this query.
const REQUESTS_SQL = `
  SELECT t.number, t.status, t.item_code, t.description, t.location_lng, t.location_lat, t.location_address,
         t.due_at, t.created_at, t.updated_at,
         g.name AS grid_name, c.name AS community_name, tw.name AS township_name,
         s.type AS step_type, s.at AS step_at, s.to_status AS step_to_status, s.data AS step_data
  FROM ticket t
  LEFT JOIN org_unit g ON g.code = t.grid_code
  LEFT JOIN org_unit c ON c.code = t.community_code
  LEFT JOIN org_unit tw ON tw.code = t.township_code
  LEFT JOIN LATERAL (
    SELECT e.type, e.at, e.to_status, e.data FROM ticket_event e
    WHERE e.ticket_id = t.id AND e.to_status IS DISTINCT FROM e.from_status
    ORDER BY e.seq DESC LIMIT 1
  ) s ON true`;

const toRecord = (r: RequestRow): TicketRecord => ({
  number: r.number,
  status: r.status,
  itemCode: r.item_code,
  description: r.description,
  lng: r.location_lng,
  lat: r.location_lat,
  address: r.location_address,
  placeNames: [r.grid_name, r.community_name, r.township_name].filter((n): n is string => !!n),
  dueAt: r.due_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastStep: r.step_type ? { type: r.step_type, at: r.step_at!, toStatus: r.step_to_status, data: r.step_data } : null,
});

/**
 * Open311 GeoReport v2 over GridFlow: the catalogue as services, tickets as service requests
 * (public, city-wide reads), and filing through the same path as the residents' channel.
 * Token model: GridFlow files synchronously (type `realtime`), so POST requests answers the
 * `service_request_id` and never a `token`. GET tokens/{token} still resolves the tokens
 * earlier releases handed out (the request's tracking code, 查询码), for clients that kept them.
 */
@Injectable()
export class Open311Service {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly tickets: TicketsService,
    private readonly config: AppConfig,
    private readonly refusedPushes: RefusedPushesService,
  ) {}

  async discovery(): Promise<GeoReportDiscovery> {
    // "an updated changeset indicates … an update to the Service Discovery list or to the Service Definitions"
    const [row]: { changed: Date | null }[] = await this.db.query(`SELECT max(updated_at) AS changed FROM matter_item`);
    const changeset = isoShanghai(row?.changed ?? new Date(0));
    const base = trimTrailingSlashes(this.config.publicBaseUrl);
    return {
      changeset,
      contact: `GridFlow 网格化服务管理平台 (${base}): for questions, contact the city's grid-management centre (网格化服务管理中心).`,
      key_service: `An api_key is needed to POST requests; the city's GridFlow administrators issue them (POST ${base}/api/v1/open311/keys).`,
      endpoints: [
        {
          specification: GEOREPORT_SPECIFICATION,
          url: `${base}/${OPEN311_BASE_PATH}`,
          changeset,
          type: this.config.isProduction ? 'production' : 'test',
          formats: [OPEN311_MIME.xml, OPEN311_MIME.json],
        },
      ],
    };
  }

  /** The admitted matters (active items only), by code. */
  async services(): Promise<GeoReportService[]> {
    const entries = await this.catalogue();
    return [...entries.values()].filter((e) => e.active).map(toGeoReportService);
  }

  async serviceDefinition(code: string): Promise<GeoReportServiceDefinition> {
    return toServiceDefinition(await this.activeItem(code));
  }

  /** GET requests: newest first, at most 1000, within at most 90 days (or the listed ids). */
  async requests(query: RequestsQuery, now = new Date()): Promise<GeoReportRequest[]> {
    const filter = parseRequestsQuery(query, now);
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (filter.numbers) {
      where.push(`t.number = ANY(${param(filter.numbers)}::text[])`);
    } else {
      where.push(`t.created_at >= ${param(filter.from)}`, `t.created_at <= ${param(filter.to)}`);
      if (filter.itemCodes.length) where.push(`t.item_code = ANY(${param(filter.itemCodes)}::text[])`);
      if (filter.status) {
        where.push(
          `t.status ${filter.status === 'closed' ? '' : 'NOT '}IN (${CLOSED_TICKET_STATUSES.map(param).join(', ')})`,
        );
      }
    }
    const rows: RequestRow[] = await this.db.query(
      `${REQUESTS_SQL} WHERE ${where.join(' AND ')} ORDER BY t.created_at DESC, t.id DESC LIMIT ${MAX_REQUESTS}`,
      params,
    );
    return this.toRequests(rows);
  }

  /** GET requests/{id}: an array of one (the spec's form), or 404. */
  async request(id: string): Promise<GeoReportRequest[]> {
    const rows: RequestRow[] = TICKET_NUMBER.test(id)
      ? await this.db.query(`${REQUESTS_SQL} WHERE t.number = $1`, [id])
      : [];
    if (!rows.length) throw notFound(`Service request ${id.slice(0, 40)}`);
    return this.toRequests(rows);
  }

  /** GET tokens/{token}: a token an earlier release answered (the tracking code of an Open311 request) → its id. */
  async token(token: string): Promise<GeoReportToken[]> {
    const [row]: { number: string }[] = isTrackingCode(token)
      ? await this.db.query(`SELECT number FROM ticket WHERE tracking_code = $1 AND channel = 'open311'`, [token])
      : [];
    if (!row) throw notFound(`Token ${token.slice(0, 40)}`);
    return [{ service_request_id: row.number, token }];
  }

  /**
   * POST requests: filed exactly as a resident's own request (TicketsService.file — admission,
   * the grid from the coordinates, idempotency), under channel `open311`. An `Idempotency-Key`
   * is scoped to the API key, so two clients can never replay each other's answers.
   */
  async file(
    client: Open311Client,
    input: GeoReportRequestInput,
    idempotencyKey?: string,
  ): Promise<GeoReportCreated[]> {
    const item = await this.activeItem(input.service_code).catch(async (err: unknown) => {
      // 减负: a matter outside the catalogue, pushed through Open311, is recorded with the key.
      await this.refusedPushes.record({
        actor: null,
        channel: 'open311',
        apiKeyId: client.keyId,
        itemCode: input.service_code,
        point: { lng: input.long, lat: input.lat },
      });
      throw err;
    });
    // A location is lat and long, or (unlocated requests) only address_string or address_id:
    // the address register places it, or it waits unlocated at the city (an API key has no scope).
    const address = input.address_string?.trim() || undefined;
    const addressId = input.address_id?.trim() || undefined;
    if ((input.lat === undefined) !== (input.long === undefined)) {
      throw invalidField(input.lat === undefined ? 'lat' : 'long', 'lat and long go together (WGS-84)');
    }
    if (input.lat === undefined && !address && !addressId) {
      throw invalidField('lat', 'a location is required: lat and long, or address_string, or address_id');
    }
    const name = reporterName(input.first_name, input.last_name);
    const phone = reporterPhone(input.phone);
    const { body } = await this.tickets.file(
      null,
      {
        itemCode: item.code,
        description: filingDescription(input.description, item.name),
        location: { lng: input.long, lat: input.lat, address },
        addressId,
        reporter: name || phone ? { name, phone } : undefined,
      },
      { channel: 'open311', idempotencyKey, idempotencyScope: `open311:${client.keyId}`, apiKeyId: client.keyId },
    );
    const ticket = body as { number: string };
    return [{ service_request_id: ticket.number, service_notice: serviceNotice(item), account_id: null }];
  }

  private async toRequests(rows: RequestRow[]): Promise<GeoReportRequest[]> {
    const entries = await this.catalogue();
    return rows.map((r) => toGeoReportRequest(toRecord(r), entries.get(r.item_code) ?? null));
  }

  /** Every item (old tickets keep retired ones) with its category's name. */
  private async catalogue(): Promise<Map<string, CatalogueEntry & { active: boolean }>> {
    const categories = await this.catalog.catalogue(true);
    return new Map(
      categories.flatMap((c) =>
        c.items.map((i) => [
          i.code,
          {
            code: i.code,
            name: i.name,
            tier: i.tier,
            urgent: i.urgent,
            department: i.department,
            categoryName: c.name,
            publicDetail: c.publicDetail,
            active: i.status === 'active',
          },
        ]),
      ),
    );
  }

  /** An active catalogue item (from the catalogue's memory); anything else is "service_code not found" (404), as the spec says. */
  private async activeItem(code: string) {
    const item = await this.catalog.item(code);
    if (item?.status !== 'active') {
      throw new DomainException(
        ErrorCode.NotFound,
        `service_code ${code.slice(0, 40)} not found: not an admitted matter (凭票上车); see services`,
      );
    }
    return item;
  }
}
