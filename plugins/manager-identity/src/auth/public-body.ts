import type { Context } from 'koa';
import { ManagerErrors } from '@tessera/manager';

const MAX_BODY_BYTES = 64 * 1024;

/**
 * The JSON body of an unsigned request (POST /auth/authorize and update-password-no-auth run
 * before the caller has a keypair, so the manager's authenticated body parser is not in front of
 * them). At most 64 KiB; an empty body is `{}`.
 */
export async function readPublicBody(ctx: Context): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw ManagerErrors.bodyTooLarge(MAX_BODY_BYTES);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf-8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw ManagerErrors.malformedBody((error as Error).message);
  }
}
