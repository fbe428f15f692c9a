import { ManagerErrors } from '../../manager-errors';

/** Page sizes the `_list` fields accept (upstream's GraphQL page-size cap is 100). */
export const MAX_PAGE_SIZE = 100;

/** `limit` 1..100 and `offset` >= 0, or `invalid-api-params` saying what is expected. */
export function checkPage(limit: number, offset: number): { limit: number; offset: number } {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
    throw ManagerErrors.invalidParams(`limit must be between 1 and ${MAX_PAGE_SIZE} (got ${limit})`, {
      limit,
    });
  if (!Number.isInteger(offset) || offset < 0)
    throw ManagerErrors.invalidParams(`offset must be 0 or more (got ${offset})`, { offset });
  return { limit, offset };
}
