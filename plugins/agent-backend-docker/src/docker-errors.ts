/** The HTTP status of a Docker engine error (docker-modem sets `statusCode`), if it has one. */
export function dockerStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The engine's own message (`json.message`) rather than docker-modem's prefixed one. */
export function dockerMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  if (json && typeof json.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}

/** Runs a Docker call whose "not found" (404) or "nothing to do" (304) means the work is done. */
export async function ignoringGone<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    const status = dockerStatus(error);
    if (status === 404 || status === 304) return undefined;
    throw error;
  }
}
