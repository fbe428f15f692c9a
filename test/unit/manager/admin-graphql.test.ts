import { expect } from 'chai';
import {
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import { TesseraError } from '@tessera/core';
import { AdminGraphQL, type GraphQLContext } from '@tessera/manager';
import { RecordingLogger } from '../../support/recording-logger';

interface Item {
  id: number;
  name: string;
}

/** A small schema in the admin API's shape: a paged list, a failing field, one mutation. */
function schemaOver(items: Item[], seen: { contexts: unknown[] }): GraphQLSchema {
  const ItemType = new GraphQLObjectType<Item>({
    name: 'Item',
    fields: {
      id: { type: new GraphQLNonNull(GraphQLInt) },
      name: { type: GraphQLString },
      broken: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('connection string postgres://secret@db');
        },
      },
      refused: {
        type: GraphQLString,
        resolve: () => {
          throw TesseraError.badRequest('invalid-api-params', 'field "refused" is never answered');
        },
      },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        item_list: {
          type: new GraphQLList(ItemType),
          args: { limit: { type: new GraphQLNonNull(GraphQLInt) }, offset: { type: GraphQLInt } },
          resolve: (_root, args: { limit: number; offset?: number }, context: unknown) => {
            seen.contexts.push(context);
            const offset = args.offset ?? 0;
            return Promise.resolve(items.slice(offset, offset + args.limit));
          },
        },
      },
    }),
    mutation: new GraphQLObjectType({
      name: 'Mutation',
      fields: {
        add_item: {
          type: ItemType,
          args: { name: { type: new GraphQLNonNull(GraphQLString) } },
          resolve: (_root, args: { name: string }) => {
            const item = { id: items.length + 1, name: args.name };
            items.push(item);
            return item;
          },
        },
      },
    }),
  });
}

const LIST = 'query ($limit: Int!, $offset: Int) { item_list(limit: $limit, offset: $offset) { id name } }';
const context = { caller: { accessKey: 'AKIATEST' } } as unknown as GraphQLContext;

describe('AdminGraphQL: operations prepared once, compiled, and answered as graphql-js answers', () => {
  let items: Item[];
  let seen: { contexts: unknown[] };
  let log: RecordingLogger;
  let frozen: boolean;
  let graphql: AdminGraphQL;

  const ask = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
    graphql.run({ query, variables, operationName }, context);

  beforeEach(() => {
    items = [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 3, name: 'c' },
    ];
    seen = { contexts: [] };
    log = new RecordingLogger();
    frozen = false;
    graphql = new AdminGraphQL(schemaOver(items, seen), {
      allowIntrospection: false,
      log,
      preparedOperations: 2,
      beforeMutation: () =>
        frozen ? Promise.reject(TesseraError.badRequest('invalid-api-params', 'frozen')) : Promise.resolve(),
    });
  });

  it('runs a repeated operation compiled, with each request its own variables and caller', async () => {
    const first = await ask(LIST, { limit: 2 });
    const second = await ask(LIST, { limit: 2, offset: 2 });
    expect(first).to.deep.equal({
      data: {
        item_list: [
          { id: 1, name: 'a' },
          { id: 2, name: 'b' },
        ],
      },
    });
    expect(second).to.deep.equal({ data: { item_list: [{ id: 3, name: 'c' }] } });
    expect(seen.contexts).to.deep.equal([context, context]);
    expect(graphql.preparedOperations()).to.deep.equal({ kept: 1, compiled: 1 });
    expect(log.messages('warn')).to.deep.equal([]);
  });

  it('refuses a bad variable, a syntax error and an unknown field, naming them', async () => {
    const badVariable = await ask(LIST, { limit: 'two' });
    expect(badVariable.data).to.equal(undefined);
    expect(badVariable.errors![0]!.message).to.match(
      /\$limit.*Int cannot represent non-integer value: "two"/,
    );
    const syntax = await ask('{ item_list(limit: 1) { id ');
    expect(syntax.errors![0]!.message).to.match(/^Syntax Error/);
    const unknown = await ask('{ item_list(limit: 1) { colour } }');
    expect(unknown.errors![0]!.message).to.equal('Cannot query field "colour" on type "Item".');
  });

  it('refuses introspection unless allowed, from the cache as the first time', async () => {
    for (let i = 0; i < 2; i++) {
      const answer = await ask('{ __schema { queryType { name } } }');
      expect(answer.errors![0]!.message).to.match(/introspection/i);
    }
  });

  it("keeps a failing field's own error and hides a bug's internals, with the path", async () => {
    const answer = await ask('{ item_list(limit: 1) { id refused broken } }');
    expect(answer.data).to.deep.equal({ item_list: [{ id: 1, refused: null, broken: null }] });
    const errors = answer.errors!.map((error) => ({
      message: error.message,
      path: error.path,
      code: error.extensions?.['code'],
    }));
    expect(errors).to.have.deep.members([
      {
        message: 'field "refused" is never answered',
        path: ['item_list', 0, 'refused'],
        code: 'invalid-api-params',
      },
      {
        message: 'internal error while resolving the query',
        path: ['item_list', 0, 'broken'],
        code: 'internal-error',
      },
    ]);
    expect(JSON.stringify(answer)).not.to.include('secret');
    expect(log.messages('error')).to.deep.equal(['graphql resolver failed']);
  });

  it('asks beforeMutation before every mutation, and a refusal changes nothing', async () => {
    const mutation = 'mutation ($name: String!) { add_item(name: $name) { id name } }';
    expect(await ask(mutation, { name: 'd' })).to.deep.equal({
      data: { add_item: { id: 4, name: 'd' } },
    });
    frozen = true;
    let refused: unknown;
    await ask(mutation, { name: 'e' }).catch((error) => (refused = error));
    expect(refused).to.be.instanceOf(TesseraError);
    expect(items.map((item) => item.name)).to.deep.equal(['a', 'b', 'c', 'd']);
  });

  it('keeps the most recently used operations only, and answers a dropped one again', async () => {
    const queries = [
      '{ item_list(limit: 1) { id } }',
      '{ item_list(limit: 1) { name } }',
      '{ item_list(limit: 1) { id name } }',
    ];
    for (const query of queries) await ask(query);
    expect(graphql.preparedOperations()).to.deep.equal({ kept: 2, compiled: 2 });
    expect(await ask(queries[0]!)).to.deep.equal({ data: { item_list: [{ id: 1 }] } });
    expect(graphql.preparedOperations().kept).to.equal(2);
  });

  it('tells two operations of one document apart by their name', async () => {
    const document =
      'query First { item_list(limit: 1) { id } } query Second { item_list(limit: 1) { name } }';
    const first = await ask(document, undefined, 'First');
    const second = await ask(document, undefined, 'Second');
    expect(first).to.deep.equal({ data: { item_list: [{ id: 1 }] } });
    expect(second).to.deep.equal({ data: { item_list: [{ name: 'a' }] } });
  });
});
