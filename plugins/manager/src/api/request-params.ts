import type { Context } from 'koa';
import { ManagerErrors } from '../manager-errors';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The parameters of a request as upstream's `check_api_params` reads them: the JSON body when
 * there is one, else the query string. Backend.AI's clients send some GET, HEAD and DELETE
 * requests with JSON bodies (the usage queries, the folder API), which the manager's body parser
 * leaves alone: those are read here (at most 64 KiB), their fields over the query's.
 */
export async function requestParams(ctx: Context): Promise<Record<string, unknown>> {
  const parsed = (ctx.request as { body?: unknown }).body;
  if (isObject(parsed) && Object.keys(parsed).length > 0) return parsed;
  if (ctx.method === 'GET' || ctx.method === 'DELETE' || ctx.method === 'HEAD') {
    const body = await readUnparsedBody(ctx);
    if (body !== undefined) return { ...ctx.query, ...body };
  }
  return { ...ctx.query };
}

async function readUnparsedBody(ctx: Context): Promise<Record<string, unknown> | undefined> {
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
