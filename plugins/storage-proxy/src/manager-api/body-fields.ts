import { parseQuotaScope, type FolderRef, type QuotaScope } from '@tessera/core';
import { ProxyErrors } from '../proxy-errors';

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Typed reads of a JSON request body; each refusal names the field and what is expected. */
export class BodyFields {
  constructor(private readonly body: Record<string, unknown>) {}

  static of(body: unknown): BodyFields {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ProxyErrors.malformedBody('expected a JSON object');
    }
    return new BodyFields(body as Record<string, unknown>);
  }

  raw(field: string): unknown {
    return this.body[field];
  }

  string(field: string): string {
    const value = this.body[field];
    if (typeof value !== 'string' || value.length === 0)
      throw ProxyErrors.invalidParam(field, 'a non-empty string');
    return value;
  }

  boolean(field: string, fallback: boolean): boolean {
    const value = this.body[field];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') throw ProxyErrors.invalidParam(field, 'true or false');
    return value;
  }

  /** A byte count: a non-negative integer. */
  bytes(field: string): number {
    const value = this.body[field];
    if (!Number.isSafeInteger(value) || (value as number) < 0) {
      throw ProxyErrors.invalidParam(field, 'a non-negative integer (bytes)');
    }
    return value as number;
  }

  /** A limit: bytes, or null (or absent, when `optional`) for none. */
  limit(field: string, optional: boolean): number | null {
    const value = this.body[field];
    if (value === null || (optional && value === undefined)) return null;
    if (value === undefined) throw ProxyErrors.invalidParam(field, 'a limit in bytes, or null for none');
    return this.bytes(field);
  }

  quotaScope(field = 'quota_scope_id'): QuotaScope {
    const value = this.body[field];
    const scope = typeof value === 'string' ? parseQuotaScope(value) : null;
    if (!scope) throw ProxyErrors.invalidParam(field, '"user:<uuid>" or "project:<uuid>"');
    return scope;
  }

  uuid(field: string): string {
    const value = this.body[field];
    if (typeof value !== 'string' || !UUID.test(value)) throw ProxyErrors.invalidParam(field, 'a UUID');
    const hex = value.replace(/-/g, '').toLowerCase();
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  folder(scopeField = 'quota_scope_id', idField = 'vfid'): FolderRef {
    return { scope: this.quotaScope(scopeField), folderId: this.uuid(idField) };
  }
}
