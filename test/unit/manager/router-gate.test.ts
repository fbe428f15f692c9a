import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import { gatedRoutes, type ApiState } from '@tessera/manager';

/**
 * Routers mounted one after the other behind `gatedRoutes`, as the manager mounts the contributed
 * ones, answering real requests on loopback: a request reaches the router that has its route,
 * whatever the gates decide, and a router's own middleware runs only for requests it routes.
 */
describe('manager: contributed routers behind their first-segment gates', () => {
  let server: Server;
  let base: string;
  /** Which router middleware (`use`) ran, per request. */
  let ran: string[];
  /** Which routers tested their routes against the request. */
  let tested: string[];

  before(async () => {
    const app = new Koa<ApiState>();
    const mark = (name: string) => async (_ctx: Koa.Context, next: Koa.Next) => {
      ran.push(name);
      await next();
    };
    const sessions = new Router<ApiState>();
    sessions.use(mark('sessions'));
    sessions.get('/session/:id', (ctx) => void (ctx.body = { router: 'sessions', id: ctx.params['id'] }));
    sessions.get('/kernel/:id', (ctx) => void (ctx.body = { router: 'sessions', kernel: ctx.params['id'] }));
    const folders = new Router<ApiState>({ prefix: '/folders' });
    folders.use(mark('folders'));
    folders.get('/', (ctx) => void (ctx.body = { router: 'folders' }));
    folders.get('/:name', (ctx) => void (ctx.body = { router: 'folders', name: ctx.params['name'] }));
    // A route starting with a parameter: this router cannot be gated and sees every request.
    const anything = new Router<ApiState>();
    anything.use(mark('anything'));
    anything.get(
      '/:first/echo',
      (ctx) => void (ctx.body = { router: 'anything', first: ctx.params['first'] }),
    );
    const routers = { folders, sessions, anything };
    for (const [name, router] of Object.entries(routers)) {
      const match = router.match.bind(router);
      router.match = (path, method) => {
        tested.push(name);
        return match(path, method);
      };
      app.use(gatedRoutes(router));
    }
    app.use((ctx) => {
      ctx.status = 404;
      ctx.body = { router: null };
    });
    server = createServer(app.callback());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    ran = [];
    tested = [];
  });

  const get = async (path: string) => {
    const response = await fetch(base + path);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('lets a request by the routers none of whose routes starts with its first segment', async () => {
    expect(await get('/session/abc')).to.deep.equal({ status: 200, body: { router: 'sessions', id: 'abc' } });
    // The folders router, mounted first, was not even tested; the one after was never reached.
    expect(tested).to.deep.equal(['sessions']);
    expect(ran).to.deep.equal(['sessions']);
    expect((await get('/kernel/k1')).body).to.deep.equal({ router: 'sessions', kernel: 'k1' });
  });

  it('keeps the routers’ prefixes and their matching without case', async () => {
    expect((await get('/folders')).body).to.deep.equal({ router: 'folders' });
    expect((await get('/folders/data')).body).to.deep.equal({ router: 'folders', name: 'data' });
    expect(ran).to.deep.equal(['folders', 'folders']);
    ran = [];
    tested = [];
    expect((await get('/SESSION/abc')).body).to.deep.equal({ router: 'sessions', id: 'abc' });
    expect(ran).to.deep.equal(['sessions']);
  });

  it('never gates a router with a route starting with a parameter', async () => {
    expect((await get('/whatever/echo')).body).to.deep.equal({ router: 'anything', first: 'whatever' });
    expect(tested).to.deep.equal(['anything']);
    expect(ran).to.deep.equal(['anything']);
    ran = [];
    tested = [];
    expect(await get('/session/abc/more')).to.deep.equal({ status: 404, body: { router: null } });
    // Both routers that may have it tested their routes; none matched, so no middleware ran.
    expect(tested).to.deep.equal(['sessions', 'anything']);
    expect(ran).to.deep.equal([]);
  });

  it('answers a path no router has with the fallthrough', async () => {
    expect(await get('/nowhere')).to.deep.equal({ status: 404, body: { router: null } });
    expect(await get('/')).to.deep.equal({ status: 404, body: { router: null } });
    expect(tested).to.deep.equal(['anything', 'anything']);
    expect(ran).to.deep.equal([]);
  });
});
