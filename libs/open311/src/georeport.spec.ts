import { XMLParser } from 'fast-xml-parser';
import {
  type CatalogueEntry,
  commaList,
  georeportStatus,
  isoShanghai,
  maskPhonesIn,
  parseRequestsQuery,
  parseW3cDate,
  reporterName,
  reporterPhone,
  requestWindow,
  statusNotes,
  type TicketRecord,
  toGeoReportRequest,
  toGeoReportService,
  toServiceDefinition,
} from './georeport.js';
import { toGeoReportXml } from './georeport-xml.js';

const E01: CatalogueEntry = {
  code: 'E01',
  name: '环境卫生问题',
  tier: 'grid',
  urgent: false,
  department: '城管局',
  categoryName: '城市环境秩序',
  publicDetail: true,
};
const B02: CatalogueEntry = {
  code: 'B02',
  name: '家庭婚恋纠纷',
  tier: 'grid',
  urgent: false,
  department: '司法局',
  categoryName: '矛盾纠纷排查化解',
  publicDetail: false,
};
const at = (iso: string) => new Date(iso);
const DAY = 86_400_000;

function ticket(over: Partial<TicketRecord> = {}): TicketRecord {
  return {
    number: '20261122000042',
    status: 'accepted',
    itemCode: 'E01',
    description: '小区门口垃圾堆积',
    lng: 113.292,
    lat: 40.072,
    address: '幸福里5号楼',
    placeNames: ['和平社区第一网格', '和平社区', '新建南路街道'],
    dueAt: at('2026-11-22T06:00:00Z'),
    createdAt: at('2026-11-22T01:02:03.456Z'),
    updatedAt: at('2026-11-22T02:00:00Z'),
    lastStep: { type: 'accepted', at: at('2026-11-22T02:00:00Z'), toStatus: 'accepted', data: {} },
    ...over,
  };
}

describe('GeoReport v2 mapping', () => {
  it('writes instants with the Asia/Shanghai offset', () => {
    expect(isoShanghai(at('2026-11-22T01:02:03.456Z'))).toBe('2026-11-22T09:02:03+08:00');
    expect(isoShanghai(at('2026-12-31T20:00:00Z'))).toBe('2027-01-01T04:00:00+08:00');
  });

  it('is open until archived or rejected', () => {
    for (const s of ['submitted', 'accepted', 'dispatched', 'claimed', 'resolved', 'verified']) {
      expect(georeportStatus(s)).toBe('open');
    }
    expect(georeportStatus('archived')).toBe('closed');
    expect(georeportStatus('rejected')).toBe('closed');
  });

  it('maps an active item to a service: code, name, group = category, no metadata, realtime', () => {
    expect(toGeoReportService(E01)).toEqual({
      service_code: 'E01',
      service_name: '环境卫生问题',
      description: expect.stringContaining('城管局'),
      metadata: false,
      type: 'realtime',
      keywords: '环境卫生问题',
      group: '城市环境秩序',
    });
    expect(toServiceDefinition(E01)).toEqual({ service_code: 'E01', attributes: [] });
  });

  it('maps a ticket to a service request', () => {
    expect(toGeoReportRequest(ticket(), E01)).toEqual({
      service_request_id: '20261122000042',
      status: 'open',
      status_notes: '2026-11-22 10:00 网格接单',
      service_name: '环境卫生问题',
      service_code: 'E01',
      description: '小区门口垃圾堆积',
      agency_responsible: '城管局',
      service_notice: expect.stringContaining('网格办理'),
      requested_datetime: '2026-11-22T09:02:03+08:00',
      updated_datetime: '2026-11-22T10:00:00+08:00',
      expected_datetime: '2026-11-22T14:00:00+08:00',
      address: '幸福里5号楼',
      address_id: null,
      zipcode: null,
      lat: 40.072,
      long: 113.292,
      media_url: null,
    });
  });

  it('closed: no expected time, updated = when it was closed (not a later comment)', () => {
    const r = toGeoReportRequest(
      ticket({
        status: 'rejected',
        dueAt: null,
        updatedAt: at('2026-11-25T00:00:00Z'),
        lastStep: {
          type: 'rejected',
          at: at('2026-11-23T00:00:00Z'),
          toStatus: 'rejected',
          data: { reason: 'duplicate' },
        },
      }),
      E01,
    );
    expect(r.status).toBe('closed');
    expect(r.expected_datetime).toBeNull();
    expect(r.updated_datetime).toBe('2026-11-23T08:00:00+08:00');
    expect(r.status_notes).toBe('2026-11-23 08:00 不予受理：重复诉求');
  });

  it('publishes a personal matter without its story, address or exact position', () => {
    const r = toGeoReportRequest(
      ticket({ itemCode: 'B02', description: '夫妻吵架，妻子要求调解 13812345678', lng: 113.29234, lat: 40.07261 }),
      B02,
    );
    expect(r.description).toBeNull();
    expect(r.address).toBe('和平社区第一网格，和平社区，新建南路街道');
    expect(r).toEqual(expect.objectContaining({ lat: 40.07, long: 113.29, service_name: '家庭婚恋纠纷' }));
    expect(JSON.stringify(r)).not.toMatch(/幸福里|夫妻|1381/);
  });

  it('without a location: the grid, community and township names as the address, no coordinates', () => {
    const r = toGeoReportRequest(ticket({ lng: null, lat: null, address: null }), E01);
    expect(r).toEqual(
      expect.objectContaining({ address: '和平社区第一网格，和平社区，新建南路街道', lat: null, long: null }),
    );
  });

  it('status notes come from fixed labels only: never staff text, names or departments', () => {
    const step = (type: string, toStatus: string, data: Record<string, unknown> = {}) => ({
      type,
      at: at('2026-11-22T00:00:00Z'),
      toStatus,
      data,
    });
    expect(statusNotes(null)).toBeNull();
    expect(statusNotes(step('filed', 'submitted'))).toBe('2026-11-22 08:00 群众点单：已受理，待网格接单');
    expect(statusNotes(step('rework', 'dispatched'))).toContain('督查返工');
    expect(statusNotes(step('archived', 'archived'))).toContain('归档销单');
    const transferred = statusNotes(
      step('rejected', 'rejected', { reason: 'transferred', department: '住建局王科长 13812345678' }),
    );
    expect(transferred).toContain('已转办');
    expect(transferred).not.toContain('王');
    expect(transferred).not.toContain('138');
    // an unknown event type falls back to its status
    expect(statusNotes(step('something_new', 'claimed'))).toContain('党员接单');
  });

  it('masks mobile numbers written into descriptions, and nothing else', () => {
    expect(maskPhonesIn('联系13812345678或 +86 139-1234-5678')).toBe('联系138****5678或 139****5678');
    expect(maskPhonesIn('工单20261122000042，门牌12号')).toBe('工单20261122000042，门牌12号');
  });

  it('joins reporter names (Chinese family name first) and normalises phones', () => {
    expect(reporterName('芳', '王')).toBe('王芳');
    expect(reporterName('John', 'Smith')).toBe('John Smith');
    expect(reporterName(' 芳 ', undefined)).toBe('芳');
    expect(reporterName(undefined, '')).toBeUndefined();
    expect(() => reporterName('a'.repeat(30), 'b'.repeat(30))).toThrow(/50/);
    expect(reporterPhone('+86 138-1234-5678')).toBe('13812345678');
    expect(reporterPhone('(0352) 1234567')).toBe('03521234567');
    expect(reporterPhone(' ')).toBeUndefined();
    expect(() => reporterPhone('111111111')).toThrow(/phone/);
  });
});

describe('GeoReport v2 GET requests parameters', () => {
  const now = at('2026-11-22T00:00:00Z');

  it('reads W3C date-times; no zone means Asia/Shanghai; a "+" decoded to a space still counts', () => {
    expect(parseW3cDate('start_date', '2010-01-01T00:00:00Z').toISOString()).toBe('2010-01-01T00:00:00.000Z');
    expect(parseW3cDate('start_date', '2026-11-01T08:00:00+08:00').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3cDate('start_date', '2026-11-01T08:00:00 08:00').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseW3cDate('start_date', '2026-11-01T03:00-05:00').toISOString()).toBe('2026-11-01T08:00:00.000Z');
    expect(parseW3cDate('start_date', '2026-11-01').toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(parseW3cDate('start_date', '2026-11-01T08:00:00.5Z').toISOString()).toBe('2026-11-01T08:00:00.500Z');
    for (const bad of ['yesterday', '2026-02-30', '2026-11-01T24:00:00Z', '2026-13-01', '2026-11-01T08:00:00+15:00']) {
      expect(() => parseW3cDate('start_date', bad)).toThrow(/start_date/);
    }
  });

  it('the window: default the last 90 days; one bound gives 90 days; at most 90 days apart', () => {
    expect(requestWindow(undefined, undefined, now)).toEqual({ from: new Date(now.getTime() - 90 * DAY), to: now });
    const start = at('2026-01-01T00:00:00Z');
    expect(requestWindow(start, undefined, now)).toEqual({ from: start, to: new Date(start.getTime() + 90 * DAY) });
    expect(requestWindow(undefined, start, now)).toEqual({ from: new Date(start.getTime() - 90 * DAY), to: start });
    const exactly90 = new Date(start.getTime() + 90 * DAY);
    expect(requestWindow(start, exactly90, now)).toEqual({ from: start, to: exactly90 });
    expect(() => requestWindow(start, new Date(exactly90.getTime() + 1000), now)).toThrow(/90 days/);
    expect(() => requestWindow(exactly90, start, now)).toThrow(/before/);
  });

  it('comma lists: trimmed, blanks and repeats dropped', () => {
    expect(commaList(' a, b,,a ,')).toEqual(['a', 'b']);
    expect(commaList(undefined)).toEqual([]);
  });

  it('service_request_id overrides every other argument', () => {
    expect(parseRequestsQuery({ service_request_id: '20261122000001, 20261122000002', status: 'bogus' }, now)).toEqual({
      numbers: ['20261122000001', '20261122000002'],
    });
    expect(() => parseRequestsQuery({ service_request_id: '123' }, now)).toThrow(/service_request_id/);
    const many = Array.from({ length: 101 }, (_, i) => `20261122${String(i).padStart(6, '0')}`).join(',');
    expect(() => parseRequestsQuery({ service_request_id: many }, now)).toThrow(/at most 100/);
  });

  it('status open, closed or both; service codes as a list', () => {
    const f = parseRequestsQuery({ status: 'closed', service_code: 'E01,B01' }, now);
    expect(f).toEqual(expect.objectContaining({ status: 'closed', itemCodes: ['E01', 'B01'] }));
    expect(parseRequestsQuery({ status: 'open,closed' }, now)).toEqual(expect.objectContaining({ status: null }));
    expect(parseRequestsQuery({ service_request_id: '' }, now)).toEqual(expect.objectContaining({ status: null }));
    expect(() => parseRequestsQuery({ status: 'pending' }, now)).toThrow(/status/);
    expect(() => parseRequestsQuery({ service_code: 'E01;drop' }, now)).toThrow(/service_code/);
    expect(() =>
      parseRequestsQuery({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-06-01T00:00:00Z' }, now),
    ).toThrow(/90 days/);
  });
});

describe('GeoReport v2 XML', () => {
  const parser = new XMLParser({ parseTagValue: false });

  it('follows the Spark convention: plural wrappers, one element per item, empty elements for null', () => {
    const xml = toGeoReportXml('service_requests', [
      { service_request_id: '1', token: 'ABC', account_id: null },
      { service_request_id: '2', token: 'DEF', account_id: null },
    ]);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>')).toBe(true);
    expect(xml).toContain('<account_id/>');
    expect(parser.parse(xml).service_requests.request).toEqual([
      { service_request_id: '1', token: 'ABC', account_id: '' },
      { service_request_id: '2', token: 'DEF', account_id: '' },
    ]);
    const discovery = parser.parse(
      toGeoReportXml('discovery', {
        changeset: 'x',
        endpoints: [{ url: 'u', formats: ['text/xml', 'application/json'] }],
      }),
    );
    expect(discovery.discovery.endpoints.endpoint.formats.format).toEqual(['text/xml', 'application/json']);
    expect(toGeoReportXml('services', [])).toContain('<services/>');
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    const xml = toGeoReportXml('errors', [{ code: 400, description: 'a <b> & "c"\u0007' }]);
    expect(xml).not.toContain('<b>');
    expect(parser.parse(xml).errors.error).toEqual({ code: '400', description: 'a <b> & "c"' });
  });
});
