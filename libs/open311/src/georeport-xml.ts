import { XMLBuilder } from 'fast-xml-parser';

/**
 * The XML form of a GeoReport v2 answer. The spec's JSON is a mapping of its XML by the
 * "Spark convention": an array is an element holding one child per item, named by the
 * singular (services → service, service_requests → request, …); the root of a top-level
 * array is named by the resource. Null is an empty element (`<account_id/>`), as in the
 * spec's examples.
 */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
};

const builder = new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: true });

// Characters XML 1.0 cannot carry at all, even escaped.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function toNode(name: string, value: unknown): unknown {
  if (value === null) return '';
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name];
    if (!item) throw new Error(`georeport xml: no item element name for array "${name}"`);
    return { [item]: value.map((v) => toNode(item, v)) };
  }
  if (typeof value === 'object' && value !== undefined) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (v !== undefined) out[k] = toNode(k, v);
    }
    return out;
  }
  if (typeof value === 'string') return value.replace(NOT_XML, '');
  return String(value);
}

/** `root` names the document element: `services`, `service_requests`, `discovery`, `service_definition`, `errors`. */
export function toGeoReportXml(root: string, body: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${builder.build({ [root]: toNode(root, body) })}`;
}
