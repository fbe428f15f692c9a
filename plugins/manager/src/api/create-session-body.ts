import { SESSION_TYPES } from '@tessera/core';
import type { CreateSessionRequest } from '../sessions/create-session-request';
import { ManagerErrors } from '../manager-errors';
import { bodyValidator } from './body-validation';

/** Backend.AI's slug: letters and digits, `-`/`_` only between them, 4-64 characters. */
const SESSION_NAME = '^(?=.{4,64}$)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$';

const nullableString = { type: ['string', 'null'] };

/** The POST /session body, with the legacy and snake_case aliases clients still send. */
const CREATE_SESSION_SCHEMA = {
  type: 'object',
  properties: {
    image: nullableString,
    lang: nullableString,
    clientSessionToken: { type: ['string', 'null'], pattern: SESSION_NAME },
    sessionName: { type: ['string', 'null'], pattern: SESSION_NAME },
    name: { type: ['string', 'null'], pattern: SESSION_NAME },
    type: { type: ['string', 'null'], enum: [...SESSION_TYPES, null] },
    sessionType: { type: ['string', 'null'], enum: [...SESSION_TYPES, null] },
    enqueueOnly: { type: ['boolean', 'null'] },
    maxWaitSeconds: { type: ['integer', 'null'], minimum: 0 },
    reuseIfExists: { type: ['boolean', 'null'] },
    group: nullableString,
    group_name: nullableString,
    domain: nullableString,
    tag: nullableString,
    startupCommand: nullableString,
    cluster_size: { type: ['integer', 'null'], minimum: 1 },
    clusterSize: { type: ['integer', 'null'], minimum: 1 },
    config: {
      type: ['object', 'null'],
      properties: {
        resources: {
          type: ['object', 'null'],
          additionalProperties: { type: ['string', 'number'] },
        },
        environ: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
        scaling_group: nullableString,
        scalingGroup: nullableString,
        clusterSize: { type: ['integer', 'null'], minimum: 1 },
      },
    },
  },
};

interface CreateSessionBody {
  image?: string | null;
  lang?: string | null;
  clientSessionToken?: string | null;
  sessionName?: string | null;
  name?: string | null;
  type?: CreateSessionRequest['type'] | null;
  sessionType?: CreateSessionRequest['type'] | null;
  enqueueOnly?: boolean | null;
  maxWaitSeconds?: number | null;
  reuseIfExists?: boolean | null;
  group?: string | null;
  group_name?: string | null;
  domain?: string | null;
  tag?: string | null;
  startupCommand?: string | null;
  cluster_size?: number | null;
  clusterSize?: number | null;
  config?: {
    resources?: Record<string, string | number> | null;
    environ?: Record<string, string> | null;
    scaling_group?: string | null;
    scalingGroup?: string | null;
    clusterSize?: number | null;
  } | null;
}

const validate = bodyValidator<CreateSessionBody>(CREATE_SESSION_SCHEMA);

/** Validates a create-session body and resolves its aliases. */
export function parseCreateSessionBody(body: unknown): CreateSessionRequest {
  const input = validate(body);
  const image = input.image ?? input.lang;
  if (!image) throw ManagerErrors.invalidParams('Missing parameter "image"');
  const clusterSize = input.clusterSize ?? input.cluster_size ?? input.config?.clusterSize ?? 1;
  if (clusterSize !== 1) {
    throw ManagerErrors.invalidParams(
      'Multi-kernel (cluster) sessions are not supported yet: clusterSize must be 1',
      { clusterSize },
    );
  }
  return {
    image,
    name: input.clientSessionToken ?? input.sessionName ?? input.name ?? null,
    type: input.type ?? input.sessionType ?? 'interactive',
    enqueueOnly: input.enqueueOnly ?? false,
    maxWaitSeconds: input.maxWaitSeconds ?? 0,
    reuseIfExists: input.reuseIfExists ?? true,
    group: input.group ?? input.group_name ?? 'default',
    domain: input.domain ?? null,
    resourceGroup: input.config?.scalingGroup ?? input.config?.scaling_group ?? null,
    resources: input.config?.resources ?? null,
    environ: input.config?.environ ?? {},
    tag: input.tag ?? null,
    startupCommand: input.startupCommand ?? null,
  };
}
