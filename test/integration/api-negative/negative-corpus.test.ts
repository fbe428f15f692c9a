import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { expect } from 'chai';
import { ALICE, BOB, bootGraphQLManager, createSession, statusReached } from '../manager/graphql-harness';
import type { ManagerDeployment } from '../manager/support/manager-deployment';
import {
  handshake,
  json,
  multipart,
  send,
  type Caller,
  type RawAnswer,
  type RawRequest,
} from './support/raw-request';

const PROBLEM = 'https://api.backend.ai/probs/';
const UNKNOWN_ID = '0badc0de-0000-4000-8000-000000000000';
const SESSION_NAME = 'alice-negative';
/** Stands for Alice's session id in the rows' paths. */
const SID = '{sid}';

const MALLORY: Caller = {
  accessKey: 'AKIANEGATIVEINACTIVE',
  secretKey: 'negativeCorpusInactiveSecret00000000001',
};
const NOBODY: Caller = {
  accessKey: 'AKIANEGATIVEUNKNOWN1',
  secretKey: 'negativeCorpusUnknownSecret000000000001',
};

/** Agent RPC methods the rows must never reach (every one the scripted agent answers). */
const AGENT_METHODS = [
  'createKernels',
  'destroyKernel',
  'execute',
  'interruptKernel',
  'startService',
  'kernelLogs',
  'complete',
  'uploadFiles',
  'listFiles',
  'downloadFiles',
  'restartKernel',
] as const;

interface Row {
  name: string;
  request: RawRequest;
  /** A WebSocket handshake rather than a plain request. */
  websocket?: boolean;
  status: number;
  problem: string;
  /** Why the row is skipped: the bug, in a package this corpus does not own. */
  skip?: string;
}

function minutesFromNow(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString();
}

// ---- signatures, dates, keys, versions (one signed route: GET /session/:id of Alice's session)
const AUTH_ROWS: Row[] = [
  {
    name: 'no Authorization header',
    request: { method: 'GET', path: `/session/${SID}`, caller: null },
    status: 401,
    problem: 'auth-failed',
  },
  {
    name: 'a garbled Authorization header',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, authorization: 'garbage' },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'an Authorization header without a credential',
    request: {
      method: 'GET',
      path: `/session/${SID}`,
      caller: ALICE,
      authorization: 'BackendAI signMethod=HMAC-SHA256',
    },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'an unknown auth type',
    request: {
      method: 'GET',
      path: `/session/${SID}`,
      caller: ALICE,
      authorization: `Bearer signMethod=HMAC-SHA256, credential=${ALICE.accessKey}:00`,
    },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'an unknown hash in signMethod',
    request: {
      method: 'GET',
      path: `/session/${SID}`,
      caller: ALICE,
      authorization: `BackendAI signMethod=HMAC-NOPE, credential=${ALICE.accessKey}:00`,
    },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'a signature made with the wrong secret (forged)',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, signingSecret: BOB.secretKey },
    status: 401,
    problem: 'auth-failed',
  },
  {
    name: "Bob's access key with Alice's secret",
    request: { method: 'GET', path: `/session/${SID}`, caller: BOB, signingSecret: ALICE.secretKey },
    status: 401,
    problem: 'auth-failed',
  },
  {
    name: 'a signature of another path, replayed',
    request: { method: 'DELETE', path: `/session/${SID}`, caller: ALICE, signedPath: '/session/other' },
    status: 401,
    problem: 'auth-failed',
  },
  {
    name: 'a signature of GET, replayed as DELETE',
    request: { method: 'DELETE', path: `/session/${SID}`, caller: ALICE, signedMethod: 'GET' },
    status: 401,
    problem: 'auth-failed',
  },
  {
    name: 'a signature whose hex was altered',
    request: {
      method: 'GET',
      path: `/session/${SID}`,
      caller: ALICE,
      authorization: `BackendAI signMethod=HMAC-SHA256, credential=${ALICE.accessKey}:${'0'.repeat(64)}`,
    },
    status: 401,
    problem: 'auth-failed',
  },
  {
    name: 'a date that is no date',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, date: 'yesterday at noon' },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'a date in a format neither ISO 8601 nor RFC 822',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, date: '2026/01/01 10:00:00' },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'an impossible ISO date',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, date: '2026-13-45T25:61:00Z' },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'a date 16 minutes in the past (clock skew)',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, date: minutesFromNow(-16) },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'a date 16 minutes in the future (clock skew)',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, date: minutesFromNow(16) },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'an RFC 822 date a day old',
    request: {
      method: 'GET',
      path: `/session/${SID}`,
      caller: ALICE,
      date: new Date(Date.now() - 86_400_000).toUTCString(),
    },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'an unknown access key',
    request: { method: 'GET', path: `/session/${SID}`, caller: NOBODY },
    status: 401,
    problem: 'auth-failed',
  },
  {
    name: 'an inactive access key',
    request: { method: 'GET', path: `/session/${SID}`, caller: MALLORY },
    status: 401,
    problem: 'auth-failed',
  },
  {
    name: 'no version header',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, version: null },
    status: 400,
    problem: 'invalid-auth-params',
  },
  {
    name: 'a version that does not exist',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, version: 'v4.20190614' },
    status: 400,
    problem: 'invalid-api-params',
  },
  {
    name: 'a version header that is not a version',
    request: { method: 'GET', path: `/session/${SID}`, caller: ALICE, version: 'latest' },
    status: 400,
    problem: 'invalid-api-params',
  },
  {
    name: 'an unknown major prefix on the path',
    request: { method: 'GET', path: `/v99/session/${SID}`, caller: ALICE },
    status: 404,
    problem: 'url-not-found',
  },
  {
    name: 'a WebSocket handshake with a forged signature',
    websocket: true,
    request: {
      method: 'GET',
      path: `/stream/session/${SID}/execute`,
      caller: ALICE,
      signingSecret: BOB.secretKey,
    },
    status: 401,
    problem: 'auth-failed',
  },
  {
    name: 'a WebSocket handshake without Authorization',
    websocket: true,
    request: { method: 'GET', path: `/stream/session/${SID}/pty`, caller: null },
    status: 401,
    problem: 'auth-failed',
  },
];

// ---- bodies
const BIG = 'x'.repeat(1024 * 1024 + 16);
const BODY_ROWS: Row[] = [
  {
    name: 'an execute body over the 1 MiB JSON limit',
    request: {
      method: 'POST',
      path: `/session/${SID}`,
      caller: ALICE,
      body: json({ mode: 'query', runId: 'big', code: BIG }),
    },
    status: 400,
    problem: 'generic-bad-request',
  },
  {
    name: 'a create body over the 1 MiB JSON limit',
    request: {
      method: 'POST',
      path: '/session',
      caller: ALICE,
      body: json({ image: 'python', clientSessionToken: 'too-big', enqueueOnly: true, padding: BIG }),
    },
    status: 400,
    problem: 'generic-bad-request',
  },
  {
    name: 'a body that is not JSON',
    request: {
      method: 'POST',
      path: `/session/${SID}`,
      caller: ALICE,
      body: { contentType: 'application/json', bytes: Buffer.from('{"mode": "query", "code": ') },
    },
    status: 400,
    problem: 'invalid-api-params',
  },
];

// ---- sessions: unknown ids, and Alice's session asked for by Bob, on every /session/:id route
interface Endpoint {
  method: string;
  suffix: string;
  body?: { contentType: string; bytes: Buffer };
  websocket?: boolean;
}
const ENDPOINTS: Endpoint[] = [
  { method: 'GET', suffix: '' },
  { method: 'POST', suffix: '', body: json({ mode: 'query', runId: 'r1', code: 'print(1)' }) },
  { method: 'DELETE', suffix: '' },
  { method: 'GET', suffix: '/logs' },
  { method: 'POST', suffix: '/start-service', body: json({ app: 'jupyter' }) },
  { method: 'POST', suffix: '/rename', body: json({ name: 'stolen' }) },
  { method: 'POST', suffix: '/interrupt' },
  { method: 'GET', suffix: '/status-history' },
  { method: 'POST', suffix: '/upload', body: multipart([{ name: 'planted.txt', content: 'planted' }]) },
  { method: 'GET', suffix: '/files' },
  { method: 'GET', suffix: '/download?files=planted.txt' },
  { method: 'GET', suffix: '/download_single?file=planted.txt' },
  { method: 'POST', suffix: '/complete', body: json({ code: 'pr', options: {} }) },
  { method: 'GET', suffix: '/scheduling' },
  { method: 'POST', suffix: '/commit' },
  { method: 'GET', suffix: '/commit' },
];
const STREAM_ENDPOINTS: Endpoint[] = [
  { method: 'GET', suffix: '/apps' },
  { method: 'GET', suffix: '/execute', websocket: true },
  { method: 'GET', suffix: '/pty', websocket: true },
];

function sessionRows(): Row[] {
  const rows: Row[] = [];
  const add = (prefix: string, endpoint: Endpoint) => {
    const route = `${endpoint.method} ${prefix}/:id${endpoint.suffix.split('?')[0]}`;
    const base = { method: endpoint.method, ...(endpoint.body ? { body: endpoint.body } : {}) };
    const extra = endpoint.websocket ? { websocket: true } : {};
    rows.push({
      name: `${route}: an unknown session id`,
      request: { ...base, path: `${prefix}/${UNKNOWN_ID}${endpoint.suffix}`, caller: ALICE },
      status: 404,
      problem: 'session-not-found',
      ...extra,
    });
    rows.push({
      name: `${route}: another user's session, by id`,
      request: { ...base, path: `${prefix}/${SID}${endpoint.suffix}`, caller: BOB },
      status: 404,
      problem: 'session-not-found',
      ...extra,
    });
    rows.push({
      name: `${route}: another user's session, by name`,
      request: { ...base, path: `${prefix}/${SESSION_NAME}${endpoint.suffix}`, caller: BOB },
      status: 404,
      problem: 'session-not-found',
      ...extra,
    });
    const separator = endpoint.suffix.includes('?') ? '&' : '?';
    rows.push({
      name: `${route}: a user acting for another with owner_access_key`,
      request: {
        ...base,
        path: `${prefix}/${SID}${endpoint.suffix}${separator}owner_access_key=${ALICE.accessKey}`,
        caller: BOB,
      },
      status: 403,
      problem: 'forbidden',
      ...extra,
    });
  };
  for (const endpoint of ENDPOINTS) add('/session', endpoint);
  for (const endpoint of [ENDPOINTS[0]!, ENDPOINTS[2]!]) add('/kernel', endpoint);
  for (const endpoint of STREAM_ENDPOINTS) add('/stream/session', endpoint);
  rows.push({
    name: 'GET /session/:id: an id that is a path traversal',
    request: { method: 'GET', path: '/session/..%2F..%2Fetc%2Fpasswd', caller: ALICE },
    status: 404,
    problem: 'session-not-found',
  });
  return rows;
}

// ---- path traversal in session file names (Alice on her own session)
const TRAVERSALS = [
  '../escaped.txt',
  '../../escaped.txt',
  '/etc/escaped.txt',
  '/home/work/../escaped.txt',
  'a/../../escaped.txt',
];
function traversalRows(): Row[] {
  const rows: Row[] = [];
  for (const name of TRAVERSALS) {
    rows.push({
      name: `upload of a file named "${name}"`,
      request: {
        method: 'POST',
        path: `/session/${SID}/upload`,
        caller: ALICE,
        body: multipart([{ name, content: 'escaped' }]),
      },
      status: 400,
      problem: 'invalid-api-params',
    });
    const encoded = encodeURIComponent(name);
    rows.push({
      name: `download of "${name}"`,
      request: { method: 'GET', path: `/session/${SID}/download?files=${encoded}`, caller: ALICE },
      status: 400,
      problem: 'invalid-api-params',
    });
    rows.push({
      name: `download_single of "${name}"`,
      request: { method: 'GET', path: `/session/${SID}/download_single?file=${encoded}`, caller: ALICE },
      status: 400,
      problem: 'invalid-api-params',
    });
    rows.push({
      name: `listing of "${name}"`,
      request: { method: 'GET', path: `/session/${SID}/files?path=${encoded}`, caller: ALICE },
      status: 400,
      problem: 'invalid-api-params',
    });
  }
  rows.push({
    name: 'upload where one of two files escapes (nothing is written)',
    request: {
      method: 'POST',
      path: `/session/${SID}/upload`,
      caller: ALICE,
      body: multipart([
        { name: 'innocent.txt', content: 'fine' },
        { name: '../../escaped.txt', content: 'escaped' },
      ]),
    },
    status: 400,
    problem: 'invalid-api-params',
  });
  return rows;
}

/** Every file under a folder, relative to it. */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)))
    .sort();
}

describe('api-negative: what the manager refuses, and that a refusal changes nothing', function () {
  this.timeout(60_000);
  let deployment: ManagerDeployment;
  let sessionId: string;
  let workFolder: string;
  let agentRoot: string;
  const agentCalls: string[] = [];
  let baseline: { sessions: number; files: string[] };

  const sessionCount = async () =>
    (await deployment.db.sessions.list({ limit: 1000, offset: 0 })).items.length;

  before(async () => {
    deployment = await bootGraphQLManager({
      features: [{ package: '@tessera/manager-session-files' }, { package: '@tessera/manager-streams' }],
      // The scripted agent heartbeats once; it must not be declared lost while the corpus runs.
      scheduling: { heartbeatTimeout: 3600 },
    });
    await deployment.db.fixtures.populate({
      users: [
        {
          uuid: 'd1f0c7a2-1111-4a4a-9b9b-0000000000ee',
          email: 'mallory@lablup.com',
          username: 'mallory',
          role: 'user',
          domain_name: 'default',
        },
      ],
      keypairs: [
        {
          access_key: MALLORY.accessKey,
          secret_key: MALLORY.secretKey,
          user_id: 'mallory@lablup.com',
          is_active: false,
          resource_policy: 'default',
        },
      ],
    });
    sessionId = await createSession(deployment, ALICE, SESSION_NAME);
    await statusReached(deployment, sessionId, 'RUNNING');
    const kernelId = (await deployment.db.sessions.get(sessionId))!.kernels[0]!.id;
    workFolder = deployment.agent.workFolderOf(kernelId);
    agentRoot = dirname(workFolder);
    const control = await send(deployment.endpoint, {
      method: 'POST',
      path: `/session/${sessionId}/upload`,
      caller: ALICE,
      body: multipart([{ name: 'planted.txt', content: 'alice' }]),
    });
    expect(control.status, control.text).to.equal(204);
    // Record every agent RPC from here on.
    const agent = deployment.agent as unknown as Record<string, unknown>;
    for (const method of AGENT_METHODS) {
      const original = agent[method];
      if (typeof original !== 'function') continue;
      agent[method] = (...args: unknown[]) => {
        agentCalls.push(method);
        return (original as (...a: unknown[]) => unknown).apply(deployment.agent, args);
      };
    }
  });
  after(async () => {
    deployment?.agent.removeWorkFolders();
    await deployment?.stop();
  });

  beforeEach(async () => {
    agentCalls.length = 0;
    baseline = { sessions: await sessionCount(), files: filesUnder(agentRoot) };
  });

  it('accepts the same requests correctly signed (the corpus is not refused for its signing)', async () => {
    const answer = await send(deployment.endpoint, {
      method: 'GET',
      path: `/session/${sessionId}`,
      caller: ALICE,
    });
    expect(answer.status, answer.text).to.equal(200);
    const rfc822 = await send(deployment.endpoint, {
      method: 'GET',
      path: `/session/${sessionId}/status-history`,
      caller: ALICE,
      date: new Date().toUTCString(),
    });
    expect(rfc822.status, rfc822.text).to.equal(200);
    // The recorder sees the agent calls the rows must not make.
    const logs = await send(deployment.endpoint, {
      method: 'GET',
      path: `/session/${sessionId}/logs`,
      caller: ALICE,
    });
    expect(logs.status, logs.text).to.equal(200);
    expect(agentCalls).to.deep.equal(['kernelLogs']);
  });

  const rows = [...AUTH_ROWS, ...BODY_ROWS, ...sessionRows(), ...traversalRows()];
  for (const row of rows) {
    (row.skip ? it.skip : it)(`${row.name}: ${row.status} ${row.problem}`, async () => {
      const request = { ...row.request, path: row.request.path.replace(SID, sessionId) };
      const answer: RawAnswer = row.websocket
        ? await handshake(deployment.endpoint, request)
        : await send(deployment.endpoint, request);
      expect(answer.status, answer.text).to.equal(row.status);
      expect(answer.contentType).to.match(/^application\/problem\+json/);
      const body = answer.json();
      expect(body['type'], answer.text).to.equal(PROBLEM + row.problem);
      expect(body['title']).to.be.a('string').and.not.equal('');
      expect(answer.text).to.not.include(ALICE.secretKey).and.not.include(BOB.secretKey);

      // Nothing changed: Alice's session runs under its name, no agent call, no file written.
      const session = await deployment.db.sessions.get(sessionId);
      expect(session?.status).to.equal('RUNNING');
      expect(session?.name).to.equal(SESSION_NAME);
      expect(agentCalls, 'agent RPCs').to.deep.equal([]);
      expect(await sessionCount()).to.equal(baseline.sessions);
      expect(filesUnder(workFolder)).to.deep.equal(['planted.txt']);
      expect(filesUnder(agentRoot)).to.deep.equal(baseline.files);
      for (const outside of [join(agentRoot, '..', 'escaped.txt'), '/etc/escaped.txt'])
        expect(existsSync(outside), outside).to.equal(false);
    });
  }
});
