import { CLUSTER_MODES, SESSION_TYPES } from '@tessera/core';
import { bodyValidator, ManagerErrors } from '@tessera/manager';
import type { CreateSessionRequest } from '../create-session-request';
import { parseResourceOpts } from './resource-opts';

/** Backend.AI's slug: letters and digits, `-`/`_` only between them, 4-64 characters. */
const SESSION_NAME = '^(?=.{4,64}$)[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$';

const nullableString = { type: ['string', 'null'] };
/** `resource_opts`: `shmem` is checked by `parseResourceOpts`, which names the field. */
const resourceOpts = { type: ['object', 'null'] };

/** Backend.AI keeps bootstrap scripts in a 16 KiB column. */
const MAX_BOOTSTRAP_SCRIPT = 16 * 1024;
/** vfolder name -> where it appears in the kernel. */
const mountMap = { type: ['object', 'null'], additionalProperties: { type: 'string', minLength: 1 } };
const bootstrapScript = { type: ['string', 'null'], maxLength: MAX_BOOTSTRAP_SCRIPT };
const callbackUrl = { type: ['string', 'null'], maxLength: 1024 };

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
    cluster_mode: { type: ['string', 'null'], enum: [...CLUSTER_MODES, null] },
    clusterMode: { type: ['string', 'null'], enum: [...CLUSTER_MODES, null] },
    priority: { type: ['integer', 'null'], minimum: 0, maximum: 100 },
    starts_at: nullableString,
    startsAt: nullableString,
    dependencies: { type: ['array', 'null'], items: { type: 'string', minLength: 1 } },
    bootstrap_script: bootstrapScript,
    bootstrapScript,
    callback_url: callbackUrl,
    callbackUrl,
    callbackURL: callbackUrl,
    resource_opts: resourceOpts,
    resourceOpts,
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
        agentList: { type: ['array', 'null'], items: { type: 'string', minLength: 1 } },
        agent_list: { type: ['array', 'null'], items: { type: 'string', minLength: 1 } },
        resource_opts: resourceOpts,
        resourceOpts,
        mounts: { type: ['array', 'null'], items: { type: 'string', minLength: 1 } },
        mount_map: mountMap,
        mountMap,
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
  cluster_mode?: CreateSessionRequest['clusterMode'] | null;
  clusterMode?: CreateSessionRequest['clusterMode'] | null;
  priority?: number | null;
  starts_at?: string | null;
  startsAt?: string | null;
  dependencies?: string[] | null;
  bootstrap_script?: string | null;
  bootstrapScript?: string | null;
  callback_url?: string | null;
  callbackUrl?: string | null;
  callbackURL?: string | null;
  resource_opts?: Record<string, unknown> | null;
  resourceOpts?: Record<string, unknown> | null;
  config?: {
    resources?: Record<string, string | number> | null;
    environ?: Record<string, string> | null;
    scaling_group?: string | null;
    scalingGroup?: string | null;
    clusterSize?: number | null;
    agentList?: string[] | null;
    agent_list?: string[] | null;
    resource_opts?: Record<string, unknown> | null;
    resourceOpts?: Record<string, unknown> | null;
    mounts?: string[] | null;
    mount_map?: Record<string, string> | null;
    mountMap?: Record<string, string> | null;
  } | null;
}

const validate = bodyValidator<CreateSessionBody>(CREATE_SESSION_SCHEMA);

/** Validates a create-session body and resolves its aliases. */
export function parseCreateSessionBody(body: unknown): CreateSessionRequest {
  const input = validate(body);
  const image = input.image ?? input.lang;
  if (!image) throw ManagerErrors.invalidParams('Missing parameter "image"');
  const clusterSize = input.clusterSize ?? input.cluster_size ?? input.config?.clusterSize ?? 1;
  const type = input.type ?? input.sessionType ?? 'interactive';
  const startupCommand = input.startupCommand ?? null;
  const startsAtText = input.startsAt ?? input.starts_at ?? null;
  const startsAt = startsAtText === null ? null : new Date(startsAtText);
  if (startsAt && Number.isNaN(startsAt.getTime()))
    throw ManagerErrors.invalidParams(`starts_at "${startsAtText}" is not an ISO 8601 date`, {
      startsAt: startsAtText,
    });
  if (startsAt && type !== 'batch')
    throw ManagerErrors.invalidParams('starts_at is only for batch sessions', { type });
  return {
    image,
    name: input.clientSessionToken ?? input.sessionName ?? input.name ?? null,
    type,
    enqueueOnly: input.enqueueOnly ?? false,
    maxWaitSeconds: input.maxWaitSeconds ?? 0,
    reuseIfExists: input.reuseIfExists ?? true,
    group: input.group ?? input.group_name ?? 'default',
    domain: input.domain ?? null,
    resourceGroup: input.config?.scalingGroup ?? input.config?.scaling_group ?? null,
    resources: input.config?.resources ?? null,
    environ: input.config?.environ ?? {},
    tag: input.tag ?? null,
    startupCommand,
    clusterSize,
    clusterMode: input.clusterMode ?? input.cluster_mode ?? 'single-node',
    priority: input.priority ?? null,
    startsAt,
    dependencies: input.dependencies ?? [],
    agentList: input.config?.agentList ?? input.config?.agent_list ?? null,
    mounts: input.config?.mounts ?? [],
    mountMap: input.config?.mount_map ?? input.config?.mountMap ?? {},
    // Backend.AI reads it from `config` (where the SDKs put it); the root is accepted too.
    resourceOpts: parseResourceOpts(
      input.config?.resource_opts ??
        input.config?.resourceOpts ??
        input.resource_opts ??
        input.resourceOpts ??
        null,
    ),
    bootstrapScript: input.bootstrapScript ?? input.bootstrap_script ?? null,
    callbackUrl: parseCallbackUrl(input.callbackUrl ?? input.callback_url ?? input.callbackURL ?? null),
  };
}

/** An absolute http(s) URL, or null; anything else is refused naming the field. */
function parseCallbackUrl(text: string | null): string | null {
  if (text === null || text === '') return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw ManagerErrors.invalidParams(`callback_url "${text}" is not an absolute URL`, {
      field: 'callback_url',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw ManagerErrors.invalidParams(`callback_url must be an http or https URL, not ${url.protocol}`, {
      field: 'callback_url',
    });
  return url.toString();
}
