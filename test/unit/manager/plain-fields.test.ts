import 'reflect-metadata';
import { expect } from 'chai';
import type { GraphQLObjectType, GraphQLSchema } from 'graphql';
import { Field, FieldResolver, ObjectType, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import { AdminGraphQL, buildAdminSchema, type GraphQLContext } from '@tessera/manager';
import { RecordingLogger } from '../../support/recording-logger';

// Type names are prefixed so they cannot meet the real schema's in type-graphql's global metadata.

@ObjectType('PlainFieldsRow', { simpleResolvers: true })
class Row {
  @Field(() => String)
  name!: string;

  @Field(() => String, { name: 'user_email' })
  userEmail!: string;

  @Field(() => String, { name: 'resolved_name' })
  resolvedName!: string;
}

@ObjectType('PlainFieldsLoose')
class Loose {
  @Field(() => String)
  name!: string;

  @Field(() => String, { name: 'group_name' })
  groupName!: string;

  @Field(() => String)
  @UseMiddleware(async (_data, next) => `<${String(await next())}>`)
  wrapped!: string;
}

@Resolver(() => Row)
class RowResolver {
  @Query(() => [Row], { name: 'plain_fields_rows' })
  rows(): Row[] {
    return [Object.assign(new Row(), { name: 'a', userEmail: 'a@example.com', resolvedName: 'ignored' })];
  }

  @FieldResolver(() => String, { name: 'resolved_name' })
  resolvedName(@Root() row: Row): string {
    return `resolved ${row.name}`;
  }
}

@Resolver(() => Loose)
class LooseResolver {
  /** Answered as plain objects: a type not marked simpleResolvers keeps working so. */
  @Query(() => [Loose], { name: 'plain_fields_loose' })
  loose(): Loose[] {
    return [{ name: 'b', groupName: 'research', wrapped: 'w' }];
  }
}

describe('admin GraphQL: plain fields read as properties', () => {
  let schema: GraphQLSchema;
  before(() => {
    const instances = new Map<unknown, object>([
      [RowResolver, new RowResolver()],
      [LooseResolver, new LooseResolver()],
    ]);
    schema = buildAdminSchema([
      { resolvers: [RowResolver, LooseResolver], resolve: (cls) => instances.get(cls)! },
    ])!;
  });
  const fields = (type: string) => (schema.getType(type) as GraphQLObjectType).getFields();

  it('drops the resolver of same-named fields and, on simpleResolvers types, of renamed ones', () => {
    expect(fields('PlainFieldsRow')['name']!.resolve).to.equal(undefined);
    expect(fields('PlainFieldsRow')['user_email']!.resolve).to.equal(undefined);
    expect(fields('PlainFieldsLoose')['name']!.resolve).to.equal(undefined);
  });

  it('keeps field resolvers, middleware, and renamed fields of other types', () => {
    expect(fields('PlainFieldsRow')['resolved_name']!.resolve).to.be.a('function');
    expect(fields('PlainFieldsLoose')['wrapped']!.resolve).to.be.a('function');
    expect(fields('PlainFieldsLoose')['group_name']!.resolve).to.be.a('function');
  });

  it('answers every field through the compiled executor, instances and plain objects alike', async () => {
    const graphql = new AdminGraphQL(schema, { allowIntrospection: false, log: new RecordingLogger() });
    const context = {} as GraphQLContext;
    const run = (query: string) =>
      graphql.run({ query, variables: undefined, operationName: undefined }, context);
    // Twice: the first run prepares the operation, the second runs the compiled one.
    for (let i = 0; i < 2; i++) {
      expect(await run('{ plain_fields_rows { name user_email resolved_name } }')).to.deep.equal({
        data: {
          plain_fields_rows: [{ name: 'a', user_email: 'a@example.com', resolved_name: 'resolved a' }],
        },
      });
      expect(await run('{ plain_fields_loose { name group_name wrapped } }')).to.deep.equal({
        data: { plain_fields_loose: [{ name: 'b', group_name: 'research', wrapped: '<w>' }] },
      });
    }
  });

  it('answers the renamed field of a simpleResolvers type from its property, on the class only', () => {
    const row = Object.assign(new Row(), { userEmail: 'c@example.com' });
    expect((row as unknown as Record<string, unknown>)['user_email']).to.equal('c@example.com');
    expect(Object.keys(row)).to.not.include('user_email');
  });
});
