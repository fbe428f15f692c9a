import { getMetadataStorage } from 'type-graphql';

/**
 * Lets plain fields of the admin schema be read as properties, without a resolver each.
 *
 * type-graphql gives every field a resolver of its own (`root[property]` behind its middleware
 * chain) unless the field or its type is marked simple. graphql-jit compiles a field without a
 * resolver into a property read, but runs a field with one through its deferred path (a resolve
 * info, promise and error checks) for every object: on the admin listing's pages of 100 sessions,
 * that was most of what the GraphQL layer allocated. So, before the schema is built:
 *
 * - a field whose property carries its GraphQL name, with no middleware and no `@Authorized`
 *   roles, is marked simple: the answer is the same, the property's value;
 * - on a type marked `@ObjectType({ simpleResolvers: true })`, a renamed field
 *   (`@Field({ name: 'user_email' }) userEmail`) is read through a getter of its GraphQL name on
 *   the class's prototype. Such a type must be answered as instances of its class
 *   (`Object.assign(new ComputeSession(), {...})`), never as plain objects.
 *
 * Fields with a `@FieldResolver` keep it. Safe to run more than once (a second manager in the
 * process builds its own schema from the same classes).
 */
export function readPlainFieldsAsProperties(): void {
  const storage = getMetadataStorage();
  // Fields with middleware or roles, by class.
  const guarded = new Map<unknown, Set<string>>();
  for (const { target, fieldName } of [...storage.middlewares, ...storage.authorizedFields]) {
    guarded.set(target, (guarded.get(target) ?? new Set()).add(fieldName));
  }
  const simpleTypes = new Set(
    storage.objectTypes.filter((type) => type.simpleResolvers === true).map((type) => type.target),
  );
  for (const field of storage.fields) {
    if (field.simple !== undefined || guarded.get(field.target)?.has(field.name)) continue;
    if (field.name === field.schemaName) {
      field.simple = true;
    } else if (simpleTypes.has(field.target)) {
      defineAlias(field.target.prototype as object, field.schemaName, field.name);
    }
  }
}

/** A getter `alias` answering the property `name`, unless the prototype already has `alias`. */
function defineAlias(prototype: object, alias: string, name: string): void {
  if (Object.prototype.hasOwnProperty.call(prototype, alias)) return;
  Object.defineProperty(prototype, alias, {
    get(this: Record<string, unknown>) {
      return this[name];
    },
    configurable: true,
  });
}
