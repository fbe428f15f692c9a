/** One Server-Sent Event as the wire carries it. */
export interface SseMessage {
  event: string;
  /** JSON text (or `{}`); split on line breaks into several `data:` lines. */
  data: string;
  id?: string;
}

/**
 * Lines end with CRLF, as aiohttp-sse (Backend.AI's SSE library) writes them; every SSE parser
 * accepts CRLF, LF and CR, and Backend.AI's Python client strips exactly CRLF.
 */
const EOL = '\r\n';

/** Keeps a field value on one line: a CR or LF inside it would end the field early. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/** `id:`, `event:`, then one `data:` line per line of the data, then a blank line. */
export function encodeSseMessage(message: SseMessage): string {
  let frame = '';
  if (message.id !== undefined) frame += `id: ${oneLine(message.id)}${EOL}`;
  frame += `event: ${oneLine(message.event)}${EOL}`;
  for (const line of message.data.split(/\r\n|\r|\n/)) frame += `data: ${line}${EOL}`;
  return frame + EOL;
}

/** A comment line (clients ignore it): keep-alives and notes to whoever reads the raw stream. */
export function encodeSseComment(text: string): string {
  return `: ${oneLine(text)}${EOL}${EOL}`;
}
