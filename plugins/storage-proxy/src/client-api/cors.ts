/** Headers a browser client may send and read (tus and ranged downloads). */
const HEADERS =
  'Tus-Resumable, Tus-Version, Tus-Max-Size, Tus-Extension, Tus-Checksum-Algorithm, Upload-Length, Upload-Metadata, Upload-Offset, Upload-Checksum, Content-Type, Content-Length, Content-Range, Content-Disposition, Range, If-Range, Accept-Ranges, Last-Modified, ETag';

/** The client API is open to every origin: the token in the query is the only authority. */
export const CORS_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, PATCH, OPTIONS',
  'Access-Control-Allow-Headers': HEADERS,
  'Access-Control-Expose-Headers': HEADERS,
  'Access-Control-Max-Age': '86400',
};
