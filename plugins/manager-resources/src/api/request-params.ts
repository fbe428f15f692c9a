import type { Context } from 'koa';
import { ManagerErrors } from '@tessera/manager';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The parameters of a request as upstream's `check_api_params` reads them: the JSON body when the
 * request has one (Backend.AI's Python client sends the usage queries as GET with a JSON body),
 * otherwise the query string, where a repeated key gives a list.
 */
export async function requestParams(ctx: Context): Promise<Record<string, unknown>> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (isObject(parsed) && Object.keys(parsed).length > 0) return parsed;
  if (ctx.method === 'GET' || ctx.method === 'HEAD') {
    const body = await readGetBody(ctx);
    if (body !== undefined) return body;
  }
  return { ...ctx.query };
}

/** The JSON body of a GET, which the manager's body parser leaves alone; undefined when there is none. */
async function readGetBody(ctx: Context): Promise<Record<string, unknown> | undefined> {
  const length = Number(ctx.get('content-length') || 0);
  if (!length && !ctx.get('transfer-encoding')) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_BODY_BYTES)
      throw ManagerErrors.invalidParams(`The request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf-8').trim();
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw ManagerErrors.malformedBody((error as Error).message);
  }
  if (!isObject(value)) throw ManagerErrors.invalidParams('The request body must be a JSON object');
  return Object.keys(value).length > 0 ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
