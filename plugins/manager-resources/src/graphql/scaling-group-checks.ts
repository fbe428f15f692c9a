import type { NamedRegistry } from '@tessera/core';
import { ManagerErrors } from '@tessera/manager';

/*
 * Checks of the scaling group mutations' arguments: each refuses with `invalid-api-params` naming
 * the argument (or the option key) and what is expected, before anything is read or written.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The session types a group may accept (`system` sessions are always accepted). */
const SESSION_TYPES = ['interactive', 'batch', 'inference'];

/** The `scheduler_opts` keys Tessera reads, and who reads them. */
export const SCHEDULER_OPTION_KEYS = [
  'allowed_session_types', // the session creator: which session types the group accepts
  'pending_timeout', // the scheduling pass: seconds a session may wait before it is cancelled (0: never)
  'agent_selection_strategy', // the scheduling pass: the agent selector, by name
  'config', // the scheduler policy's own settings, handed to it as is
  'allow_fractional_resource_fragmentation', // the agents: whether shares may be scattered over devices
] as const;

/** The names a scheduler or agent selector may be given: what the deployment loads. */
export interface KnownImplementations {
  schedulers: Pick<NamedRegistry<unknown>, 'names'> | undefined;
  selectors: Pick<NamedRegistry<unknown>, 'names'> | undefined;
}

function bad(field: string, expected: string, value: unknown): never {
  throw ManagerErrors.invalidParams(`Invalid ${field}: ${expected} (got ${JSON.stringify(value ?? null)})`, {
    field,
  });
}

/** A group name: 1-64 letters, digits, "_", "." or "-", starting with a letter or digit. */
export function checkGroupName(value: string, field = 'name'): string {
  if (value.length > 64 || !NAME.test(value))
    bad(field, '1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit', value);
  return value;
}

export function checkDriver(value: string, field = 'props.driver'): string {
  if (value.trim() === '' || value.length > 64) bad(field, 'a driver name of 1 to 64 characters', value);
  return value;
}

/** A JSON object (null: empty). */
export function checkObject(value: unknown, field: string): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) bad(field, 'a JSON object', value);
  return value as Record<string, unknown>;
}

/** An http(s) URL; "" or null: none. */
export function checkWsproxyAddr(value: string | null, field = 'props.wsproxy_addr'): string | null {
  if (value === null || value === '') return null;
  let url: URL | null = null;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || value.length > 1024)
    bad(field, 'an http or https URL of the App Proxy coordinator (at most 1024 characters)', value);
  return value;
}

export function checkScheduler(
  value: string,
  known: KnownImplementations,
  field = 'props.scheduler',
): string {
  const names = known.schedulers?.names() ?? [];
  if (!names.includes(value))
    bad(field, `a scheduler this deployment loads (${names.join(', ') || 'none is loaded'})`, value);
  return value;
}

/** Backend.AI's `use_host_network`: Tessera never runs kernels on the host's network. */
export function checkHostNetwork(value: boolean | null | undefined, field = 'props.use_host_network'): void {
  if (value === true) bad(field, 'false (Tessera does not run kernels on the host network)', value);
}

/** `scheduler_opts`: only the keys Tessera reads, each of the shape its reader expects. */
export function checkSchedulerOpts(
  value: unknown,
  known: KnownImplementations,
  field = 'props.scheduler_opts',
): Record<string, unknown> {
  const options = checkObject(value, field);
  for (const [key, option] of Object.entries(options)) {
    const at = `${field}.${key}`;
    switch (key) {
      case 'allowed_session_types':
        if (
          !Array.isArray(option) ||
          option.length === 0 ||
          option.some((type) => typeof type !== 'string' || !SESSION_TYPES.includes(type))
        )
          bad(at, `a non-empty list of session types from ${SESSION_TYPES.join(', ')}`, option);
        break;
      case 'pending_timeout':
        if (typeof option !== 'number' || !Number.isFinite(option) || option < 0)
          bad(at, 'seconds as a number of at least 0 (0: pending sessions never time out)', option);
        break;
      case 'agent_selection_strategy': {
        const names = known.selectors?.names() ?? [];
        if (typeof option !== 'string' || !names.includes(option))
          bad(
            at,
            `an agent selector this deployment loads (${names.join(', ') || 'none is loaded'})`,
            option,
          );
        break;
      }
      case 'allow_fractional_resource_fragmentation':
        if (typeof option !== 'boolean') bad(at, 'true or false', option);
        break;
      case 'config':
        checkObject(option, at);
        if (option === null) bad(at, 'a JSON object of the scheduler policy settings', option);
        break;
      default:
        bad(at, `a known option; Tessera reads only ${SCHEDULER_OPTION_KEYS.join(', ')}`, option);
    }
  }
  return options;
}
