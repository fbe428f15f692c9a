import { createHash, createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { createLogger, type AgentRpcDirectory, type ConfigStore, type PluginEntry } from '@tessera/core';
import { bootTestKernel, type TestKernel } from '@tessera/core/testing';
import { EtcdConfigStore } from '@tessera/config-store-etcd';

export const SECRET_KEY = 'agent-rpc/secret';

/** One process of the cluster: a kernel with the etcd config store and the http transport. */
export interface RpcNode {
  test: TestKernel;
  directory: AgentRpcDirectory;
  store: ConfigStore;
}

export interface NodeOptions {
  role: 'manager' | 'agent';
  /** The agent-rpc-http plugin config. */
  config?: Record<string, unknown>;
  /** Also load lock-etcd (on the same namespace), so the secret is created under its lock. */
  lock?: boolean;
}

/** Boots and stops the nodes of one test, each on the test's own etcd namespace. */
export class RpcCluster {
  readonly namespace = `test-agent-rpc-${randomUUID()}`;
  private readonly nodes: TestKernel[] = [];

  constructor(readonly etcd: string) {}

  async boot(options: NodeOptions): Promise<RpcNode> {
    const etcd = { endpoints: [this.etcd], namespace: this.namespace };
    const plugins: PluginEntry[] = [{ package: '@tessera/config-store-etcd', config: etcd }];
    if (options.lock) plugins.push({ package: '@tessera/lock-etcd', config: etcd });
    plugins.push({ package: '@tessera/agent-rpc-http', config: options.config ?? {} });
    const test = await bootTestKernel({ roles: [options.role], plugins });
    this.nodes.push(test);
    return {
      test,
      directory: test.kernel.resolve<AgentRpcDirectory>('agent-rpc-directory'),
      store: test.kernel.resolve<ConfigStore>('config-store'),
    };
  }

  /** Every log line of the nodes booted so far. */
  logs(): Array<Record<string, unknown>> {
    return this.nodes.flatMap((node) => node.logs);
  }

  /** Stops every node, then deletes the namespace's keys. */
  async stop(): Promise<void> {
    await Promise.all(this.nodes.splice(0).map((node) => node.stop()));
    const store = new EtcdConfigStore(
      { endpoints: [this.etcd], namespace: this.namespace, requestTimeoutMs: 5000 },
      createLogger({ level: 'silent' }),
    );
    await store.connect();
    await store.deletePrefix('');
    await store.close();
  }
}

/** The headers of a request signed as docs/agent-rpc.md describes, computed without the package. */
export function signedHeaders(
  secret: string,
  path: string,
  body: string,
  date = new Date().toISOString(),
): Record<string, string> {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  const signature = createHmac('sha256', secret).update(`POST\n${path}\n${date}\n${bodyHash}`).digest('hex');
  return {
    'content-type': 'application/json',
    'x-tessera-date': date,
    authorization: `Tessera-HMAC-SHA256 ${signature}`,
  };
}

/** POSTs `body` in chunks without a Content-Length (Transfer-Encoding: chunked); resolves to status and text. */
export function postChunked(
  url: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/**
 * Makes the server cut the connection of the first request to `path` once the agent has handled
 * it and before its answer leaves: the caller sees a reset after the call took effect.
 */
export function dropFirstAnswer(server: Server, path: string): Promise<void> {
  return new Promise((resolve) => {
    let armed = true;
    server.prependListener('request', (req, res) => {
      if (!armed || req.url !== path) return;
      armed = false;
      res.end = (() => {
        req.socket.destroy();
        resolve();
        return res;
      }) as typeof res.end;
    });
  });
}
