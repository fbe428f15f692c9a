/**
 * The content type as it takes part in the string to sign: the MIME type only, lowercased, with
 * `; charset=` and `; boundary=` dropped, and `application/octet-stream` when there is none. That
 * is what the manager reads (aiohttp's `request.content_type`), so a client must sign the same.
 */
export function signedContentType(header: string | undefined): string {
  const type = (header ?? '').split(';')[0]!.trim().toLowerCase();
  return type || 'application/octet-stream';
}
