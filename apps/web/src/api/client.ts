/**
 * The one way the console talks to the API (shared/API.md): JSON over fetch with the bearer
 * token, errors turned into ApiError carrying the contract's `code`, `message` and `details`.
 */
import { errorCodeLabel, fieldLabel, problemLabel } from './labels';

export const API_BASE = '/api/v1';
const TOKEN_KEY = 'gridflow.token';

export interface ErrorDetail {
  field?: string;
  problem?: string;
  message?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

/** Called when the API says the token is no longer good (the auth provider logs out). */
let onUnauthenticated: () => void = () => undefined;
export function setUnauthenticatedHandler(handler: () => void) {
  onUnauthenticated = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)));
    else params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** public endpoints: never send the token */
  anonymous?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const token = options.anonymous ? null : tokenStore.get();
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(API_BASE + withQuery(path, options.query), { method, headers, body });
  } catch {
    throw new ApiError(0, 'NETWORK', '网络不可用，请检查网络后重试');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const err = toApiError(response.status, data);
    if (err.status === 401 && token && !path.startsWith('/auth/login')) onUnauthenticated();
    throw err;
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function toApiError(status: number, data: unknown): ApiError {
  if (data && typeof data === 'object' && 'code' in data) {
    const d = data as { code: string; message?: string; details?: ErrorDetail[] };
    return new ApiError(status, d.code, d.message ?? '', Array.isArray(d.details) ? d.details : []);
  }
  return new ApiError(status, status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_' + status, `HTTP ${status}`);
}

export const api = {
  get: <T>(path: string, query?: Query, options: Omit<RequestOptions, 'query'> = {}) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}) =>
    request<T>('POST', path, { ...options, body: body ?? {} }),
  put: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options: RequestOptions = {}) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options: RequestOptions = {}) => request<T>('DELETE', path, options),

  /** POST /attachments (or /public/attachments): one photo or PDF → its id. */
  upload: (file: File | Blob, options: { anonymous?: boolean } = {}) => {
    const form = new FormData();
    form.append('file', file);
    return request<{ id: string; contentType: string; size: number; sha256: string }>(
      'POST',
      options.anonymous ? '/public/attachments' : '/attachments',
      { body: form, anonymous: options.anonymous },
    );
  },

  /** Fetches a protected file (Excel export, attachment) and hands it to the browser as a download. */
  download: async (path: string, query: Query | undefined, filename: string) => {
    const token = tokenStore.get();
    const response = await fetch(API_BASE + withQuery(path, query), {
      headers: token ? { Authorization: `Bearer ${token}` } : {},
    });
    if (!response.ok) throw toApiError(response.status, safeJson(await response.text()));
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = filename;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  },

  /** A protected image as an object URL (for <img>, which cannot send the bearer token). */
  /** A file the API serves to a signed-in user (the token goes in the header, not the URL). */
  blob: async (path: string): Promise<Blob> => {
    const token = tokenStore.get();
    const response = await fetch(API_BASE + path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
    if (!response.ok) throw toApiError(response.status, safeJson(await response.text()));
    return response.blob();
  },
};

/** A readable Chinese sentence for any error the console may meet: never the server's English. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const label = errorCodeLabel(error.code);
    if (error.code === 'ALREADY_EXISTS') {
      const field = error.details.find((d) => d.field)?.field;
      return field ? `${fieldLabel(field)}${label}` : `该编码或名称${label}`;
    }
    const fields = error.details
      .map((d) =>
        [d.field ? fieldLabel(d.field) : null, problemLabel(d.problem ?? d.message ?? '')].filter(Boolean).join('：'),
      )
      .filter(Boolean);
    if (fields.length) return `${label}：${fields.join('；')}`;
    return label;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
