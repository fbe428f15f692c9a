/** Columns whose values never reach a log: secret keys, password hashes, SSH private keys. */
const SECRET_COLUMNS = /secret_key|password_hash|ssh_private_key/i;
const STRING_LITERAL = /'(?:[^']|'')*'/g;

/**
 * A logged statement (`debug: true` logs every one with its values inlined) with every string
 * literal masked when it touches a secret column; other statements pass unchanged.
 */
export function redactStatement(message: string): string {
  return SECRET_COLUMNS.test(message) ? message.replace(STRING_LITERAL, "'***'") : message;
}
