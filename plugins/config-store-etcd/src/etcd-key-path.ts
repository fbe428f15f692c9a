/**
 * How logical config keys (`config/docker/registry/cr.backend.ai`) are spelt in etcd, the way
 * Backend.AI spells them, so both can share one etcd: every key lives under
 * `/sorna/<namespace>/`, and each slash-separated segment is percent-encoded with no safe
 * characters besides the unreserved ones (Python's `quote(segment, safe='')`). A registry called
 * `localhost:5000` is therefore stored as `.../registry/localhost%3A5000`.
 *
 * Encoding is done character by character, so it keeps prefixes: a logical key starts with a
 * logical prefix exactly when the encoded key starts with the encoded prefix. Ranges over encoded
 * prefixes therefore return exactly the logical keys under the logical prefix.
 */

/** Characters `encodeURIComponent` leaves alone that Python's `quote` encodes. */
const EXTRA_RESERVED = /[!'()*]/g;

/** The etcd key prefix of a namespace: `/sorna/<namespace>/`. */
export function namespaceRoot(namespace: string): string {
  return `/sorna/${namespace}/`;
}

/** Percent-encodes one path segment; `/` never occurs in a segment. */
export function quoteSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    EXTRA_RESERVED,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** A logical key (or key prefix) as stored below the namespace root. */
export function encodeKey(key: string): string {
  return key.split('/').map(quoteSegment).join('/');
}

/**
 * The logical key of a key stored below the namespace root. A segment that is not valid
 * percent-encoding (written by hand with etcdctl) is kept as it is, as Python's `unquote` does.
 */
export function decodeKey(stored: string): string {
  return stored.split('/').map(unquoteSegment).join('/');
}

function unquoteSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
