import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, Repository } from 'typeorm';
import { CatalogService, type MatterItem, WorkingCalendarService } from '@gridflow/catalog';
import { compoundKeysetPage, keysetPage, type PageQuery } from '@gridflow/database';
import {
  type AuthUser,
  distanceMetres,
  DomainException,
  ErrorCode,
  inScope,
  invalidField,
  stateConflict,
  levelOf,
  limitsFor,
  maskPhone,
  notFound,
  OPEN_STATUSES,
  type OrgLevel,
  seesTicket,
  shanghaiDate,
  stepOfStatus,
  type StepSchedule,
  stepSchedule,
  trackingCode,
  isUuid,
  levelAtUnit,
  forbidden,
  LOCATING_ROLES,
  scopeLikePattern,
  unlocatedUnit,
} from '@gridflow/domain';
import { Grid, GridLocatorService } from '@gridflow/org';
import { AddressPlacement } from './address-placement.js';
import { AttachmentsService } from './attachments.service.js';
import { IdempotencyService } from './idempotency.service.js';
import { PiiCipher } from './pii-cipher.js';
import { RefusedPushesService } from './refused-pushes.service.js';
import { TicketJournal } from './ticket-journal.js';
import { Ticket, type TicketChannel, TicketEvent } from './ticket.entity.js';
import { ticketFromRow, type TicketRow, type TicketRowWithAssignee } from './ticket-rows.js';
import { TicketRowCache } from './ticket-row-cache.js';
import { TicketClock } from './ticket-clock.js';
import { overdueSql, urgencyKeyset } from './ticket-urgency.js';
import { eventView, mayReadPhone, ticketView } from './ticket-view.js';

export interface FileTicketInput {
  itemCode: string;
  description: string;
  gridCode?: string;
  /**
   * a point with an optional address, or an address alone: the address register places it in
   * a grid, or it is filed unlocated (API.md "Unlocated requests")
   */
  location?: { lng?: number; lat?: number; address?: string };
  /** Open311 `address_id`: a key of the address register */
  addressId?: string;
  reporter?: { name?: string; phone?: string };
  urgent?: boolean;
  attachmentIds?: string[];
}

export interface TicketFilter extends PageQuery {
  status?: string;
  gridCode?: string;
  itemCode?: string;
  overdue?: boolean;
  assignedToMe?: boolean;
  /** `newest` (default): newest first; `urgency`: 超时, 临期, then the earliest due, no limit last */
  sort?: TicketSort;
  /** 职能部门: the tickets with this department */
  departmentCode?: string;
  /** true: only unlocated requests (待定位; dispatchers and admins); false: only those with a grid */
  unlocated?: boolean;
}

export const TICKET_SORTS = ['newest', 'urgency'] as const;
export type TicketSort = (typeof TICKET_SORTS)[number];

export interface PossibleDuplicatesQuery {
  itemCode: string;
  gridCode: string;
  lng?: number;
  lat?: number;
}

export interface PossibleDuplicate {
  id: string;
  number: string;
  status: string;
  description: string;
  createdAt: Date;
  distanceMetres: number | null;
}

const DUPLICATE_WINDOW_HOURS = 72;
const DUPLICATE_RADIUS_METRES = 200;

/** Filing and reading tickets. The filing itself is written by the journal (ticket-journal.ts). */
@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Ticket) private readonly tickets: Repository<Ticket>,
    private readonly catalog: CatalogService,
    private readonly calendar: WorkingCalendarService,
    private readonly locator: GridLocatorService,
    private readonly attachments: AttachmentsService,
    private readonly idempotency: IdempotencyService,
    private readonly pii: PiiCipher,
    private readonly journal: TicketJournal,
    private readonly clock: TicketClock,
    private readonly refusedPushes: RefusedPushesService,
    private readonly addresses: AddressPlacement,
    private readonly rowCache: TicketRowCache,
  ) {}

  /** 群众点单: a resident's request, filed by themselves (public) or by staff on their behalf. */
  async file(
    actor: AuthUser | null,
    input: FileTicketInput,
    options: {
      channel: TicketChannel;
      idempotencyKey?: string;
      /** whose keys these are; default: the filing user, or the channel for residents (Open311 scopes by API key) */
      idempotencyScope?: string;
      /**
       * Runs inside the filing's transaction once the ticket row exists (e.g. the hotline
       * import's external reference): if it throws, nothing of the filing is kept.
       */
      onFiled?: (tx: EntityManager, ticket: { id: string; number: string }) => Promise<void>;
      /** Open311: the API key the request came with (recorded with a refused push) */
      apiKeyId?: string;
      /**
       * Where an unlocated filing without a filing user waits (an Open311 key's scope); absent:
       * the filing user's scope, or the city.
       */
      unitScope?: string;
    },
  ): Promise<{ status: number; body: unknown }> {
    const key = options.idempotencyKey;
    const scope = options.idempotencyScope ?? (actor ? `user:${actor.id}` : `channel:${options.channel}`);
    const requestHash = key ? this.idempotency.hash(input) : '';
    try {
      return await this.fileOnce(actor, input, options, { key, scope, requestHash });
    } catch (err) {
      // 减负: a matter outside the catalogue is recorded once the refused transaction is gone.
      if (err instanceof DomainException && err.code === ErrorCode.ItemNotAdmitted) {
        await this.refusedPushes.record({
          actor,
          channel: options.channel,
          apiKeyId: options.apiKeyId,
          itemCode: input.itemCode,
          gridCode: input.gridCode,
          point: input.location,
        });
      }
      throw err;
    }
  }

  private async fileOnce(
    actor: AuthUser | null,
    input: FileTicketInput,
    options: Parameters<TicketsService['file']>[2],
    { key, scope, requestHash }: { key?: string; scope: string; requestHash: string },
  ): Promise<{ status: number; body: unknown }> {
    // In a transaction only with a key to claim or an onFiled to run; otherwise the filing is
    // one writing statement (journal.file) after reads: two round trips fewer on the hot path.
    const transactional = Boolean(key || options.onFiled);
    let filed: TicketRow | undefined;
    const filing = async (tx: EntityManager): Promise<{ status: number; body: unknown }> => {
      if (key) {
        const claimed = await this.idempotency.claim<unknown>(tx, scope, key, requestHash);
        if (claimed.replay) return { status: claimed.status, body: claimed.body };
      }
      const item = await this.catalog.admittedItem(input.itemCode);
      const place = await this.resolvePlace(tx, actor, input, options.unitScope);
      const attachmentIds = await this.attachments.assertLinkable(actor?.id ?? null, input.attachmentIds);
      // Residents filing for themselves are not shown other residents' requests.
      const possibleDuplicates =
        actor && place.gridCode
          ? await this.possibleDuplicates(tx, input.itemCode, place.gridCode, place.point ?? undefined)
          : [];

      const now = new Date();
      const urgent = input.urgent ?? item.urgent;
      const phone = input.reporter?.phone?.trim() || null;
      const schedule = this.scheduleFor(item, urgent, 'submitted', now);
      // One statement from the daily counter to the outbox: the counter row stays locked
      // (numbers are gap-free) only from here to the commit.
      const row = await this.journal.file(
        {
          day: shanghaiDate(now),
          numberPrefix: shanghaiDate(now).replaceAll('-', ''),
          trackingCode: trackingCode(randomInt),
          itemCode: item.code,
          gridCode: place.gridCode,
          orgCode: place.orgCode,
          level: place.level,
          description: input.description,
          locationLng: place.point?.lng ?? null,
          locationLat: place.point?.lat ?? null,
          locationAddress: input.location?.address ?? null,
          urgent,
          channel: options.channel,
          reporterName: input.reporter?.name?.trim() || null,
          reporterPhoneEnc: phone ? this.pii.encrypt(phone) : null,
          reporterPhoneMask: phone ? maskPhone(phone) : null,
          filedBy: actor?.id ?? null,
          step: { dueAt: schedule?.dueAt ?? null, warnAt: schedule?.warnAt ?? null },
          gridMustBeActive: place.unchecked,
        },
        {
          at: now,
          actor,
          data: {
            channel: options.channel,
            urgent,
            dueAt: schedule?.dueAt ?? null,
            // how the grid was found: only an address, placed by the register, or not at all (unlocated)
            ...(place.by ? { placedBy: place.by } : {}),
            ...(place.gridCode ? {} : { unlocated: true, orgCode: place.orgCode }),
          },
          attachments: attachmentIds,
        },
        tx,
      );
      if (!row) throw await this.gridRefusal(tx, actor, place.gridCode!);
      filed = row;
      const ticket = ticketFromRow(row);
      if (options.onFiled) await options.onFiled(tx, { id: ticket.id, number: ticket.number });
      const body = {
        ...ticketView(ticket, null, { user: actor }, 'detail', this.clock.timeLeft(ticket, now)),
        possibleDuplicates,
      };
      if (key) await this.idempotency.complete(tx, scope, key, 201, body);
      return { status: 201, body };
    };
    const answer = await (transactional ? this.db.transaction(filing) : filing(this.db.manager));
    // Committed: its first action (网格接单) need not read it (ticket-row-cache.ts).
    if (filed) this.rowCache.remember(filed);
    return answer;
  }

  async list(actor: AuthUser, filter: TicketFilter) {
    const qb = this.tickets.createQueryBuilder('t');
    this.applyScope(qb, actor);
    if (filter.status) {
      if (filter.status === 'open') qb.andWhere('t.status IN (:...open)', { open: OPEN_STATUSES });
      else qb.andWhere('t.status = :status', { status: filter.status });
    }
    if (filter.gridCode) qb.andWhere('t.grid_code = :grid', { grid: filter.gridCode });
    if (filter.itemCode) qb.andWhere('t.item_code = :item', { item: filter.itemCode });
    // Over by the clock now, as the badge says (not only once the worker has flagged it).
    if (filter.overdue !== undefined)
      qb.andWhere(`${overdueSql('t', 'now()')} = :overdue`, { overdue: filter.overdue });
    if (filter.assignedToMe) qb.andWhere('t.assignee_id = :me', { me: actor.id });
    if (filter.departmentCode) qb.andWhere('t.department_code = :department', { department: filter.departmentCode });
    if (filter.unlocated === true) {
      // 待定位: the desks that place them (ticket_unlocated_idx: a few rows, newest first)
      if (!(LOCATING_ROLES as readonly string[]).includes(actor.role)) {
        throw forbidden('Unlocated requests are listed for dispatchers and admins');
      }
      qb.andWhere('t.grid_code IS NULL');
    } else if (filter.unlocated === false) qb.andWhere('t.grid_code IS NOT NULL');
    const now = new Date();
    const page =
      filter.sort === 'urgency'
        ? await compoundKeysetPage(qb, filter, urgencyKeyset('t', now))
        : await keysetPage(qb, filter, { table: 'ticket', alias: 't', key: 'id' }, (t) => t.id);
    const [names, departments] = await Promise.all([
      this.userNames(page.items.map((t) => t.assigneeId)),
      this.departmentNames(page.items.map((t) => t.departmentCode)),
    ]);
    return {
      items: page.items.map((t) =>
        ticketView(
          t,
          names.get(t.assigneeId ?? '') ?? null,
          { user: actor },
          'list',
          this.clock.timeLeft(t, now),
          departments.get(t.departmentCode ?? '') ?? null,
        ),
      ),
      nextCursor: page.nextCursor,
    };
  }

  async get(actor: AuthUser, id: string) {
    const ticket = await this.findInScope(actor, id);
    return this.detail(actor, ticket);
  }

  async detail(actor: AuthUser | null, ticket: Ticket) {
    const [events, names, departments] = await Promise.all([
      this.db.getRepository(TicketEvent).find({ where: { ticketId: ticket.id }, order: { seq: 'ASC' } }),
      this.userNames([ticket.assigneeId]),
      this.departmentNames([ticket.departmentCode]),
    ]);
    const phone =
      ticket.reporterPhoneEnc && mayReadPhone(actor, ticket) ? this.pii.tryDecrypt(ticket.reporterPhoneEnc) : undefined;
    return {
      ...ticketView(
        ticket,
        names.get(ticket.assigneeId ?? '') ?? null,
        { user: actor, phone },
        'detail',
        this.clock.timeLeft(ticket),
        departments.get(ticket.departmentCode ?? '') ?? null,
      ),
      timeline: events.map(eventView),
    };
  }

  /** The API.md ticket from a raw `ticket` row (plus `assignee_name`), as the caller may see it. */
  viewRow(actor: AuthUser, row: TicketRowWithAssignee) {
    const ticket = ticketFromRow(row);
    const phone =
      ticket.reporterPhoneEnc && mayReadPhone(actor, ticket) ? this.pii.tryDecrypt(ticket.reporterPhoneEnc) : undefined;
    return ticketView(
      ticket,
      row.assignee_name,
      { user: actor, phone },
      'detail',
      this.clock.timeLeft(ticket),
      row.department_name ?? null,
    );
  }

  /** The ticket, if the caller sees it (seesTicket: in scope; department staff their department's); 404 otherwise. */
  async findInScope(actor: AuthUser, id: string, tx: EntityManager = this.db.manager): Promise<Ticket> {
    // Raw SQL: this read precedes every action, and the query builder costs more than the query.
    const [row]: (TicketRow | undefined)[] = isUuid(id)
      ? await tx.query(`SELECT * FROM ticket WHERE id = $1`, [id])
      : [];
    const ticket = row ? ticketFromRow(row) : null;
    if (!ticket || !seesTicket(actor, ticket)) throw notFound('Ticket');
    return ticket;
  }

  /** The deadlines of the step that starts now in `status`, from the item's limits and clock. */
  scheduleFor(item: MatterItem, urgent: boolean, status: string, from: Date): StepSchedule | null {
    const step = stepOfStatus(status);
    if (!step) return null;
    return stepSchedule(from, limitsFor(item, urgent)[`${step}Seconds`], (f, n) => this.calendar.due(item.clock, f, n));
  }

  async userNames(ids: (string | null)[]) {
    const unique = [...new Set(ids.filter((x): x is string => !!x))];
    if (unique.length === 0) return new Map<string, string>();
    const rows: { id: string; display_name: string }[] = await this.db.query(
      `SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  private async departmentNames(codes: (string | null)[]) {
    const unique = [...new Set(codes.filter((x): x is string => !!x))];
    if (unique.length === 0) return new Map<string, string>();
    const rows: { code: string; name: string }[] = await this.db.query(
      `SELECT code, name FROM department WHERE code = ANY($1::text[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /**
   * Scope in SQL, on the stored ancestor column that has an index for it: "newest first in
   * my community" is then a range scan of ticket_community_idx / ticket_open_community_idx.
   */
  private applyScope(qb: ReturnType<Repository<Ticket>['createQueryBuilder']>, actor: AuthUser) {
    const scopeCode = actor.scopeCode;
    const level: OrgLevel | null = levelOf(scopeCode);
    if (level === 'grid') qb.where('t.grid_code = :scope', { scope: scopeCode });
    else if (level === 'community') qb.where('t.community_code = :scope', { scope: scopeCode });
    else if (level === 'township') qb.where('t.township_code = :scope', { scope: scopeCode });
    else qb.where('t.org_code LIKE :scope', { scope: scopeLikePattern(scopeCode) });
    // seesTicket: department staff see only their department's tickets.
    if (actor.role === 'department_staff') {
      qb.andWhere('t.department_code = :ownDepartment', { ownDepartment: actor.departmentCode ?? '' });
    }
  }

  /**
   * Where a filing goes: the grid named, the grid containing its point, the grid the address
   * register gives its address — or, with only an address the register does not know, nowhere
   * yet: unlocated, at the lowest unit that can be told (the filer's scope, the Open311 key's
   * scope, or the city). Never dropped, never guessed.
   */
  private async resolvePlace(
    tx: EntityManager,
    actor: AuthUser | null,
    input: FileTicketInput,
    unitScope: string | undefined,
  ): Promise<FilingPlace> {
    const point = pointOf(input.location);
    if (input.gridCode) {
      if (actor && !inScope(actor.scopeCode, input.gridCode)) throw invalidField('gridCode', NO_SUCH_GRID.staff);
      // Whether it is an active grid the filing statement itself checks (gridMustBeActive): a
      // round trip fewer on every filing; gridRefusal says why when it was not.
      return {
        gridCode: input.gridCode,
        orgCode: input.gridCode,
        level: 'grid',
        point: point ?? null,
        unchecked: true,
      };
    }
    const address = input.location?.address?.trim() || undefined;
    if (!input.location && !input.addressId) throw invalidField('gridCode', 'gridCode or location is required');
    if (!point) {
      if (!address && !input.addressId) throw invalidField('location', 'lng and lat, or an address, are required');
      return this.placeAddress(tx, actor, { address, addressId: input.addressId }, unitScope);
    }
    const gridCode = this.gridOfPoint(actor, point);
    return { gridCode, orgCode: gridCode, level: 'grid', point };
  }

  /** Why a filing under a named grid wrote nothing: no such grid, or a retired one. */
  private async gridRefusal(tx: EntityManager, actor: AuthUser | null, gridCode: string) {
    const grid = await tx.findOneBy(Grid, { code: gridCode });
    if (!grid) return invalidField('gridCode', actor ? NO_SUCH_GRID.staff : NO_SUCH_GRID.public);
    if (grid.status !== 'active')
      return invalidField('gridCode', 'this grid is retired; file under the grid that replaced it');
    // Active now: it was retired while this was filed, and brought back since.
    return stateConflict('The grid changed while this was filed; send it again');
  }

  /** An address alone: the register's grid (and point), or unlocated at the lowest unit that can be told. */
  private async placeAddress(
    tx: EntityManager,
    actor: AuthUser | null,
    query: { address?: string; addressId?: string },
    unitScope: string | undefined,
  ): Promise<FilingPlace> {
    const match = await this.addresses.place(query);
    if (match) {
      const grid = await tx.findOneBy(Grid, { code: match.gridCode });
      if (grid?.status === 'active') {
        if (actor && !inScope(actor.scopeCode, grid.code)) {
          throw invalidField('location.address', 'this address is in a grid outside your scope');
        }
        const point = match.lng !== null && match.lat !== null ? { lng: match.lng, lat: match.lat } : null;
        return { gridCode: grid.code, orgCode: grid.code, level: 'grid', point, by: 'address' };
      }
    }
    const unit = unlocatedUnit(actor?.scopeCode ?? unitScope ?? null, await this.cityCode(tx));
    // A grid worker's scope is a grid: the request is at that grid, without a point.
    if (levelOf(unit) === 'grid') return { gridCode: unit, orgCode: unit, level: 'grid', point: null, by: 'scope' };
    return { gridCode: null, orgCode: unit, level: levelAtUnit(unit), point: null };
  }

  /**
   * The city a filing with no scope at all waits at (a resident's, an Open311 key's): the one
   * city of the deployment (the first by code where a database holds several, as test ones do).
   */
  private async cityCode(tx: EntityManager): Promise<string> {
    const [row]: { code: string }[] = await tx.query(
      `SELECT code FROM org_unit WHERE level = 'city' ORDER BY code LIMIT 1`,
    );
    if (!row) throw new Error('no city in org_unit: run the setup (npm run cli -- setup) first');
    return row.code;
  }

  /** The active grid containing a point, in the filer's scope (400 outside it; 422 outside every grid). */
  gridOfPoint(actor: AuthUser | null, point: { lng: number; lat: number }, field = 'location'): string {
    const inMyScope = actor ? (code: string) => inScope(actor.scopeCode, code) : undefined;
    const found = this.locator.locate(point.lng, point.lat, inMyScope);
    if (!found && inMyScope && this.locator.locate(point.lng, point.lat)) {
      // Inside some grid, just not one of the filer's: the same answer as a gridCode out of scope.
      throw invalidField(field, 'this location is in a grid outside your scope');
    }
    if (!found) {
      throw new DomainException(ErrorCode.OutsideAllGrids, 'No active grid contains this location', [
        { field, problem: 'outside every grid' },
      ]);
    }
    return found.code;
  }

  /**
   * GET /tickets/possible-duplicates: the hints a filing would answer with, shown before the
   * request is filed. The grid must exist and be in the caller's scope (404 otherwise).
   */
  async findPossibleDuplicates(actor: AuthUser, query: PossibleDuplicatesQuery) {
    const grid =
      levelOf(query.gridCode) === 'grid' ? await this.db.manager.findOneBy(Grid, { code: query.gridCode }) : null;
    if (!grid || !inScope(actor.scopeCode, grid.code)) throw notFound('Grid');
    const location =
      query.lng !== undefined && query.lat !== undefined ? { lng: query.lng, lat: query.lat } : undefined;
    const items = await this.possibleDuplicates(this.db.manager, query.itemCode, grid.code, location);
    return { items, nextCursor: null };
  }

  /**
   * Open tickets of the same item in the same grid from the last 72 h (within 200 m when both
   * are located). The one rule behind both the filing answer and the pre-filing check.
   */
  private async possibleDuplicates(
    tx: EntityManager,
    itemCode: string,
    gridCode: string,
    location?: { lng: number; lat: number },
  ): Promise<PossibleDuplicate[]> {
    // The columns the answer needs, not the whole row: this runs on every staff filing.
    const rows: {
      id: string;
      number: string;
      status: string;
      description: string;
      createdAt: Date;
      locationLng: number | null;
      locationLat: number | null;
    }[] = await this.journal.query(
      `SELECT id, number, status, left(description, 100) AS description, created_at AS "createdAt",
              location_lng AS "locationLng", location_lat AS "locationLat"
         FROM ticket
        WHERE grid_code = $1 AND item_code = $2 AND status = ANY($3::text[])
          AND created_at > now() - make_interval(hours => $4)
        ORDER BY created_at DESC LIMIT 20`,
      [gridCode, itemCode, OPEN_STATUSES, DUPLICATE_WINDOW_HOURS],
      tx,
    );
    return rows
      .filter(
        (t) =>
          !location ||
          t.locationLng === null ||
          distanceMetres(location, { lng: t.locationLng, lat: t.locationLat! }) <= DUPLICATE_RADIUS_METRES,
      )
      .map((t) => ({
        id: t.id,
        number: t.number,
        status: t.status,
        description: t.description,
        createdAt: t.createdAt,
        distanceMetres:
          location && t.locationLng !== null
            ? Math.round(distanceMetres(location, { lng: t.locationLng, lat: t.locationLat! }))
            : null,
      }));
  }
}

/** Where a filing goes (resolvePlace). */
interface FilingPlace {
  /** null: unlocated */
  gridCode: string | null;
  orgCode: string;
  level: OrgLevel;
  point: { lng: number; lat: number } | null;
  /** an address alone placed it: by the register (`address`) or by the filer's grid scope (`scope`) */
  by?: 'address' | 'scope';
  /** the filer named the grid: the filing statement checks that it is active */
  unchecked?: boolean;
}

const NO_SUCH_GRID = { staff: 'no such grid in your scope', public: 'no such grid' } as const;

/** The point of a filing's location, when it has one (an address alone has none). */
function pointOf(location: FileTicketInput['location']): { lng: number; lat: number } | undefined {
  return location && location.lng !== undefined && location.lat !== undefined
    ? { lng: location.lng, lat: location.lat }
    : undefined;
}
