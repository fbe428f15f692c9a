import { bodyValidator, ManagerErrors } from '@tessera/manager';

/**
 * A session name as Backend.AI accepts it when renaming: 4 to 64 characters, word characters,
 * dots and dashes, starting and ending with a word character.
 */
const SESSION_NAME = /^(?=.{4,64}$)\w[\w.-]*\w$/;

/** Backend.AI's body: `name`, or its older alias `clientSessionToken`. */
const RENAME_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    clientSessionToken: { type: 'string' },
  },
};

const validate = bodyValidator<{ name?: string; clientSessionToken?: string }>(RENAME_SCHEMA);

/** The new name of a POST /session/:id/rename body. */
export function parseRenameBody(body: unknown): string {
  const input = validate(body);
  const name = input.name ?? input.clientSessionToken;
  if (name === undefined) throw ManagerErrors.invalidParams('Missing parameter "name"', { field: 'name' });
  if (!SESSION_NAME.test(name))
    throw ManagerErrors.invalidParams(
      `Invalid parameter name: "${name}" must be 4 to 64 letters, digits, "_", "." or "-", starting and ending with a letter, digit or "_"`,
      { field: 'name', value: name },
    );
  return name;
}
