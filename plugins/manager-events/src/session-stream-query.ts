import { normalizeUuid, ManagerErrors } from '@tessera/manager';

export type EventScope = '*' | 'session' | 'kernel';

/** `GET /events/session`'s query, as parsed (before the owner is checked). */
export interface SessionStreamQuery {
  /** A session UUID: only its events (wins over the name, as upstream). */
  sessionId: string | null;
  /** A session name of the owner, or `*`. */
  sessionName: string;
  /** The explicit `ownerAccessKey`, if any. */
  ownerAccessKey: string | null;
  /** A project (group) name, or `*`. */
  group: string;
  scope: EventScope;
}

type Query = Record<string, string | string[] | undefined>;

/** The first value of the first of `keys` present; a repeated key is refused. */
function single(query: Query, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = query[key];
    if (value === undefined) continue;
    if (Array.isArray(value))
      throw ManagerErrors.invalidParams(`${key} is given ${value.length} times; give it once`, {
        [key]: value,
      });
    return value;
  }
  return undefined;
}

function nonEmpty(key: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '')
    throw ManagerErrors.invalidParams(`${key} is empty; give a value or leave it out`, { [key]: value });
  return value;
}

/**
 * Reads the query the way Backend.AI's clients send it: `sessionName` (alias `name`), `sessionId`
 * (a UUID; older clients put the session name there, which is read as `sessionName`),
 * `ownerAccessKey` (alias `owner_access_key`, as the Python SDK sends it), `group` (alias
 * `groupName`) and `scope` (`*`, `session` or `kernel`).
 */
export function parseSessionStreamQuery(query: Query): SessionStreamQuery {
  const rawId = nonEmpty('sessionId', single(query, ['sessionId']));
  let sessionName = nonEmpty('sessionName', single(query, ['sessionName', 'name'])) ?? '*';
  let sessionId: string | null = null;
  if (rawId !== undefined && rawId !== '*') {
    const id = normalizeUuid(rawId);
    if (id) sessionId = id;
    else sessionName = rawId;
  }
  const ownerAccessKey =
    nonEmpty('ownerAccessKey', single(query, ['ownerAccessKey', 'owner_access_key'])) ?? null;
  const group = nonEmpty('group', single(query, ['group', 'groupName'])) ?? '*';
  const scope = single(query, ['scope']) ?? '*';
  if (scope !== '*' && scope !== 'session' && scope !== 'kernel') {
    throw ManagerErrors.invalidParams(`scope must be "*", "session" or "kernel", not "${scope}"`, { scope });
  }
  return { sessionId, sessionName, ownerAccessKey, group, scope };
}
