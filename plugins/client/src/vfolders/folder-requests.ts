import { BackendClientError } from '../errors';
import type { ManagerConnection } from '../manager-connection';

/** Per-call options of the folder API. */
export interface Call {
  signal?: AbortSignal;
}

/** One call: the method and path (already URI-encoded), a query without undefined members, a JSON body. */
export interface CallRequest {
  method: string;
  path: string;
  query?: Record<string, string | undefined>;
  json?: unknown;
  signal?: AbortSignal;
}

/** `6f1a...` as `6f1a2b3c-4d5e-...`: the API lists ids without dashes (upstream's `uuid.hex`). */
export function dashedUuid(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return id;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function folderPath(name: string): string {
  if (name === '') throw new BackendClientError('config-invalid', 'a folder name is needed');
  return `/folders/${encodeURIComponent(name)}`;
}

export function badAnswer(call: string, missing: string): BackendClientError {
  return new BackendClientError('bad-response', `the manager answered ${call} without ${missing}`);
}

export function given<T extends Record<string, unknown>>(
  record: T,
): Record<string, Exclude<T[keyof T], undefined>> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<
    string,
    Exclude<T[keyof T], undefined>
  >;
}

/** The manager calls that every part of the folder API makes: JSON in, parsed JSON out, problems thrown. */
export abstract class FolderRequests {
  constructor(protected readonly connection: ManagerConnection) {}

  protected async object<T>(
    method: string,
    path: string,
    request: Omit<CallRequest, 'method' | 'path'>,
  ): Promise<T> {
    const data = await this.call(method, path, request);
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      throw badAnswer(`${method} ${path}`, 'a JSON object');
    }
    return data as T;
  }

  protected async call(
    method: string,
    path: string,
    request: Omit<CallRequest, 'method' | 'path'>,
  ): Promise<unknown> {
    const { data } = await this.connection.request({
      method,
      path,
      ...request,
      query: given(request.query ?? {}),
    });
    return data;
  }
}
