import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import {
  bootImagesManager,
  followTask,
  gql,
  HALFSTACK_UP_TIMEOUT_MS,
  pushImage,
  requireServices,
  SUPERADMIN,
  uniqueProject,
  type ManagerDeployment,
} from './support/registry-harness';

const USER = 'robot';
const PASSWORD = 'auth-test-pass-Xk42';
const CREATE = `mutation ($hostname: String!, $props: CreateContainerRegistryInput!) {
  create_container_registry(hostname: $hostname, props: $props) { container_registry { hostname } }
}`;
const RESCAN = `mutation ($registry: String) { rescan_images(registry: $registry) { ok msg task_id } }`;

/** The token scope a registry request needs, as Docker's token auth names it. */
function scopeOf(path: string): string {
  if (path.startsWith('/v2/_catalog')) return 'registry:catalog:*';
  const match = /^\/v2\/(.+?)\/(tags|manifests|blobs)\//.exec(path);
  return match ? `repository:${match[1]}:pull` : '';
}

/**
 * A front of the halfstack registry that asks for credentials: `bearer` answers 401 with a token
 * challenge and hands out a token per scope at /token to Basic-authenticated robot; `basic` wants
 * Basic auth on every request. What passes is forwarded to the real registry.
 */
class AuthFront {
  private server!: Server;
  readonly seen: string[] = [];

  constructor(
    private readonly mode: 'bearer' | 'basic',
    private readonly upstream: string,
  ) {}

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private basicOk(request: IncomingMessage): boolean {
    return request.headers.authorization === `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url!, `http://${this.host}`);
    this.seen.push(`${request.headers.authorization?.split(' ')[0] ?? 'none'} ${url.pathname}`);
    if (url.pathname === '/token') {
      if (!this.basicOk(request)) return void response.writeHead(401).end('{"errors":[]}');
      response.writeHead(200, { 'Content-Type': 'application/json' });
      return void response.end(JSON.stringify({ token: `token:${url.searchParams.get('scope')}` }));
    }
    const scope = scopeOf(url.pathname);
    const allowed =
      this.mode === 'basic'
        ? this.basicOk(request)
        : request.headers.authorization === `Bearer token:${scope}`;
    if (!allowed) {
      const challenge =
        this.mode === 'basic'
          ? 'Basic realm="test"'
          : `Bearer realm="http://${this.host}/token",service="test-registry",scope="${scope}"`;
      response.writeHead(401, { 'WWW-Authenticate': challenge, 'Content-Type': 'application/json' });
      return void response.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
    }
    const answer = await fetch(new URL(url.pathname + url.search, this.upstream), {
      headers: { Accept: String(request.headers.accept ?? '*/*') },
    });
    const headers: Record<string, string> = {};
    for (const name of ['content-type', 'docker-content-digest', 'link'])
      if (answer.headers.get(name)) headers[name] = answer.headers.get(name)!;
    response.writeHead(answer.status, headers);
    response.end(Buffer.from(await answer.arrayBuffer()));
  }
}

describe('manager-images: rescanning registries that ask for credentials', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let registryUrl: string;
  const project = uniqueProject();
  const fronts: AuthFront[] = [];

  const front = async (mode: 'bearer' | 'basic') => {
    const started = new AuthFront(mode, registryUrl);
    await started.start();
    fronts.push(started);
    return started;
  };
  const scan = async (host: string, password: string) => {
    const created = await gql(deployment.endpoint, SUPERADMIN, CREATE, {
      hostname: host,
      props: { url: `http://${host}`, type: 'docker', project: [project], username: USER, password },
    });
    expect(created.errors, JSON.stringify(created.errors)).to.equal(undefined);
    const answer = await gql(deployment.endpoint, SUPERADMIN, RESCAN, { registry: host });
    const taskId = (answer.data!['rescan_images'] as { task_id: string }).task_id;
    return (await followTask(deployment, SUPERADMIN, taskId)).at(-2)!;
  };

  before(async function () {
    this.timeout(HALFSTACK_UP_TIMEOUT_MS);
    registryUrl = (await requireServices(['docker', 'registry'])).registry;
    const host = new URL(registryUrl).host;
    await pushImage(`${host}/${project}/busybox:1.0`, { 'ai.backend.kernelspec': '1' });
    deployment = await bootImagesManager();
  });
  after(async () => {
    for (const started of fronts) await started.stop();
    await deployment?.stop();
  });

  it('fetches a bearer token per scope with the credentials (Docker token auth)', async () => {
    const bearer = await front('bearer');
    const end = await scan(bearer.host, PASSWORD);
    expect(end.event, JSON.stringify(end.json)).to.equal('bgtask_done');
    expect(await deployment.db.images.find(`${bearer.host}/${project}/busybox:1.0`)).to.not.equal(null);
    expect(bearer.seen).to.include('Basic /token');
    expect(bearer.seen).to.include(`Bearer /v2/${project}/busybox/tags/list`);
  });

  it('sends basic auth when the registry asks for it', async () => {
    const basic = await front('basic');
    const end = await scan(basic.host, PASSWORD);
    expect(end.event, JSON.stringify(end.json)).to.equal('bgtask_done');
    expect(await deployment.db.images.find(`${basic.host}/${project}/busybox:1.0`)).to.not.equal(null);
    expect(basic.seen).to.include('Basic /v2/_catalog');
  });

  it('fails the task when the token service refuses the credentials, without logging the password', async () => {
    const bearer = await front('bearer');
    const end = await scan(bearer.host, 'wrong-password-Pq7');
    expect(end.event).to.equal('bgtask_failed');
    expect(end.json['message']).to.include('refused the credentials');
    expect(await deployment.db.images.find(`${bearer.host}/${project}/busybox:1.0`)).to.equal(null);
    const logs = JSON.stringify(deployment.test.logs);
    expect(logs).not.to.include(PASSWORD);
    expect(logs).not.to.include('wrong-password-Pq7');
  });
});
