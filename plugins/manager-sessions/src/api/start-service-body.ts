import { bodyValidator, ManagerErrors } from '@tessera/manager';

/** A validated start-service request (POST /session/:id/start-service). */
export interface StartServiceCall {
  /** The service name as the image declares it (`jupyter`). */
  app: string;
  /** One of the service's container ports, for apps that listen on several; null: its first. */
  port: number | null;
  envs: Record<string, string>;
  arguments: Record<string, string>;
}

const jsonOrObject = { type: ['string', 'object', 'null'] };

/**
 * Backend.AI's body: `app` (alias `service`), `port` (1024-65535), `envs` and `arguments` as
 * stringified JSON objects (`'{"PASSWORD": "12345"}'`, `'{"-P": "12345"}'`; plain objects are
 * taken too), and `login_session_token`, which only the app proxy reads.
 */
const START_SERVICE_SCHEMA = {
  type: 'object',
  properties: {
    app: { type: 'string', minLength: 1 },
    service: { type: 'string', minLength: 1 },
    port: { type: ['integer', 'null'], minimum: 1024, maximum: 65535 },
    envs: jsonOrObject,
    arguments: jsonOrObject,
    login_session_token: { type: ['string', 'null'] },
  },
};

interface StartServiceBody {
  app?: string;
  service?: string;
  port?: number | null;
  envs?: string | Record<string, unknown> | null;
  arguments?: string | Record<string, unknown> | null;
  login_session_token?: string | null;
}

const validate = bodyValidator<StartServiceBody>(START_SERVICE_SCHEMA);

export function parseStartServiceBody(body: unknown): StartServiceCall {
  const input = validate(body);
  const app = input.app ?? input.service;
  if (!app) throw ManagerErrors.invalidParams('Missing parameter "app"');
  return {
    app,
    port: input.port ?? null,
    envs: stringMap('envs', input.envs ?? null),
    arguments: stringMap('arguments', input.arguments ?? null),
  };
}

/**
 * A JSON object of strings, given stringified or as is. Numbers and booleans become their text;
 * anything else (nested objects, lists, null) is refused, since the agent passes plain strings.
 */
function stringMap(field: string, value: string | Record<string, unknown> | null): Record<string, string> {
  if (value === null) return {};
  const expected = `a JSON object of strings, such as '{"KEY": "value"}'`;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw ManagerErrors.invalidParams(`Invalid parameter ${field}: not JSON (expected ${expected})`, {
        field,
      });
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw ManagerErrors.invalidParams(`Invalid parameter ${field}: expected ${expected}`, { field });
  const result: Record<string, string> = {};
  for (const [key, item] of Object.entries(parsed)) {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
      result[key] = String(item);
      continue;
    }
    throw ManagerErrors.invalidParams(
      `Invalid parameter ${field}.${key}: expected a string, got ${JSON.stringify(item)}`,
      { field: `${field}.${key}` },
    );
  }
  return result;
}
