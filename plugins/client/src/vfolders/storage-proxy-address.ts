import { BackendClientError } from '../errors';

/**
 * Where the storage proxy is reached from here, when the address the manager hands out is not
 * (a proxy behind NAT, a port forwarded to a laptop): `BACKEND_OVERRIDE_STORAGE_PROXY="X1=Y1,X2=Y2"`,
 * as Backend.AI's client reads it.
 */
export type StorageProxyAddressMap = ReadonlyMap<string, string>;

/**
 * Parses `X1=Y1,X2=Y2` (blanks around items are ignored). An item without `=`, or with an empty
 * side, is an error naming `source` and the item.
 */
export function parseStorageProxyAddressMap(
  text: string | undefined,
  source = 'BACKEND_OVERRIDE_STORAGE_PROXY',
): StorageProxyAddressMap {
  const map = new Map<string, string>();
  if (text === undefined || text.trim() === '') return map;
  for (const item of text.split(',')) {
    const assignment = item.trim();
    if (assignment === '') continue;
    const equals = assignment.indexOf('=');
    const from = equals < 0 ? '' : assignment.slice(0, equals).trim();
    const to = equals < 0 ? '' : assignment.slice(equals + 1).trim();
    if (from === '' || to === '') {
      throw new BackendClientError(
        'config-invalid',
        `${source} must be a comma-separated list of FROM=TO addresses (e.g. "http://10.0.0.5:6021=https://storage.example.com"), got "${assignment}"`,
      );
    }
    map.set(from, to);
  }
  return map;
}

/**
 * The URL to use for one the manager handed out. Backend.AI's client matches the whole URL
 * (`http://proxy:6021/upload`), which still works here; a key that is a prefix of the URL (its
 * origin, `http://proxy:6021`) rewrites that prefix, so one entry serves uploads and downloads.
 * The longest matching key wins. With a map given but no key matching, this throws, as upstream
 * does: a silent fall-back to an unreachable address would only hang.
 */
export function overrideStorageProxyUrl(url: string, map: StorageProxyAddressMap): string {
  if (map.size === 0) return url;
  const exact = map.get(url);
  if (exact !== undefined) return exact;
  let best: string | undefined;
  for (const key of map.keys()) {
    if (isPrefixOf(key, url) && (best === undefined || key.length > best.length)) best = key;
  }
  if (best === undefined) {
    throw new BackendClientError(
      'config-invalid',
      `storage-proxy addresses are overridden (BACKEND_OVERRIDE_STORAGE_PROXY), but none matches ${url}; known: ${[...map.keys()].join(', ')}`,
    );
  }
  const target = map.get(best)!;
  const rest = url.slice(best.replace(/\/$/, '').length);
  return `${target.replace(/\/$/, '')}${rest}`;
}

/** `http://a:1` is a prefix of `http://a:1/upload` but not of `http://a:10/upload`. */
function isPrefixOf(key: string, url: string): boolean {
  const base = key.replace(/\/$/, '');
  if (!url.startsWith(base)) return false;
  const next = url.charAt(base.length);
  return next === '' || next === '/' || next === '?';
}

/** `<url>?token=<token>`, keeping any query the URL already has. */
export function withToken(url: string, token: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('token', token);
  return parsed.href;
}

/**
 * `text` (an error message that may quote a request URL) with every `token=` query value cut out:
 * the token authorises the transfer until it expires, so it must not reach terminals and logs.
 */
export function redactTokens(text: string): string {
  return text.replace(/([?&]token=)[^&\s,)]+/g, '$1<redacted>');
}
