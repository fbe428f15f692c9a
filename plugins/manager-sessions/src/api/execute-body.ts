import { bodyValidator } from '@tessera/manager';
import type { ExecuteCall } from '../session-executor';

const EXECUTE_SCHEMA = {
  type: 'object',
  required: ['mode'],
  properties: {
    mode: { type: 'string', enum: ['query', 'batch', 'continue', 'input'] },
    runId: { type: ['string', 'null'], minLength: 1, maxLength: 64 },
    code: { type: ['string', 'null'] },
    options: { type: ['object', 'null'] },
  },
};

interface ExecuteBody {
  mode: ExecuteCall['mode'];
  runId?: string | null;
  code?: string | null;
  options?: Record<string, unknown> | null;
}

const validate = bodyValidator<ExecuteBody>(EXECUTE_SCHEMA);

/** Validates an execute body (POST /session/:id). */
export function parseExecuteBody(body: unknown): ExecuteCall {
  const input = validate(body);
  return {
    mode: input.mode,
    runId: input.runId ?? null,
    code: input.code ?? '',
    options: input.options ?? null,
  };
}
