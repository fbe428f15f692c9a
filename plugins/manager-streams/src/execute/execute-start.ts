import { ManagerErrors } from '@tessera/manager';
import type { ExecuteCall } from '@tessera/manager-sessions';

/** The modes a streamed run may start in; `continue` and `input` are the server's to send. */
const START_MODES = new Set(['query', 'batch']);

/**
 * Parses the first message of `/stream/session/:id/execute`: a JSON object
 * `{"mode": "query"|"batch", "code": "...", "options": {...}, "runId": "..."}` (Backend.AI's
 * client sends mode, code and options; `runId` is optional, the manager names the run otherwise).
 * Throws `invalid-api-params` naming the field and what it expects.
 */
export function parseExecuteStart(text: string): ExecuteCall {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw ManagerErrors.invalidParams(
      'The first message must be a JSON object {"mode", "code", "options"}; it is not valid JSON',
    );
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    throw ManagerErrors.invalidParams('The first message must be a JSON object {"mode", "code", "options"}');
  const fields = message as Record<string, unknown>;
  const mode = fields['mode'];
  if (typeof mode !== 'string' || !START_MODES.has(mode))
    throw ManagerErrors.invalidParams(
      `Invalid parameter mode: expected "query" or "batch", got ${JSON.stringify(mode ?? null)}`,
      { field: 'mode' },
    );
  const code = fields['code'] ?? '';
  if (typeof code !== 'string')
    throw ManagerErrors.invalidParams('Invalid parameter code: expected a string', { field: 'code' });
  const options = fields['options'] ?? null;
  if (options !== null && (typeof options !== 'object' || Array.isArray(options)))
    throw ManagerErrors.invalidParams('Invalid parameter options: expected an object or null', {
      field: 'options',
    });
  const runId = fields['runId'] ?? null;
  if (runId !== null && (typeof runId !== 'string' || runId.length < 1 || runId.length > 64))
    throw ManagerErrors.invalidParams('Invalid parameter runId: expected a string of 1 to 64 characters', {
      field: 'runId',
    });
  return {
    mode: mode as 'query' | 'batch',
    runId,
    code,
    options: options as ExecuteCall['options'],
  };
}
