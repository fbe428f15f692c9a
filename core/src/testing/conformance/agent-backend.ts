/// <reference types="mocha" />
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { KernelFileListing } from '../../contracts/agent-rpc';
import type {
  AgentBackend,
  BackendKernel,
  KernelCreationExtra,
  KernelMeasures,
  RunnerMessage,
} from '../../contracts/agent-backend';
import { hostArchitecture } from '../../domain/host-architecture';
import type { DeviceAllocation, KernelCreationSpec } from '../../domain/kernel-spec';

/** Snippets in the language of the image under test, sent to its runner as `code`. */
export interface RunnerCode {
  /** Prints `text` and a newline to stdout. */
  print(text: string): string;
  /** Prints the value of the environment variable `name` and a newline to stdout. */
  printEnviron(name: string): string;
  /** Ends the kernel's main process with exit code `code`. */
  exit(code: number): string;
  /** Sets the interpreter variable `name` to the integer `value`, printing nothing. */
  setVariable(name: string, value: number): string;
  /** Prints the interpreter variable `name` plus one and a newline. */
  printVariablePlusOne(name: string): string;
  /** Uses a measurable amount of CPU time (a fraction of a second), printing nothing. */
  burnCpu(): string;
  /** Prints the text file at `path` (relative to the working directory) as it is, no newline added. */
  printFile?(path: string): string;
  /** Appends `text` to the file at `path`, as the kernel's user (printing nothing). */
  appendToFile?(path: string, text: string): string;
  /** Makes `linkName` (in the working directory) a symlink to `target`, as a kernel's user can. */
  plantSymlink?(target: string, linkName: string): string;
  /** A completion the runner answers: `code` up to the cursor, and a suggestion that starts with `expected`. */
  completion?: { code: string; expected: string };
}

/** `RunnerCode` for Python images (Tessera's own runner, Backend.AI's `python` kernels). */
export const PYTHON_RUNNER_CODE: RunnerCode = {
  print: (text) => `print(${JSON.stringify(text)})`,
  printEnviron: (name) => `import os\nprint(os.environ[${JSON.stringify(name)}])`,
  exit: (code) => `import os\nos._exit(${code})`,
  setVariable: (name, value) => `${name} = ${value}`,
  printVariablePlusOne: (name) => `print(${name} + 1)`,
  burnCpu: () => 'sum(range(10**7))',
  printFile: (path) => `print(open(${JSON.stringify(path)}).read(), end="")`,
  appendToFile: (path, text) =>
    `with open(${JSON.stringify(path)}, "a") as f:\n    f.write(${JSON.stringify(text)})`,
  plantSymlink: (target, linkName) =>
    `import os\nos.symlink(${JSON.stringify(target)}, ${JSON.stringify(linkName)})`,
  completion: { code: 'pri', expected: 'print' },
};

export interface AgentBackendUnderTest {
  backend: AgentBackend;
  /** An image the backend runs (`scanImages` must report it). */
  image: string;
  /** Code in that image's language. */
  code: RunnerCode;
  /**
   * A new instance of the backend on the same state, as if the agent's process had been killed
   * with -9 and started again: the current instance is not stopped or asked to destroy anything,
   * its kernels are left as the agent's death would leave them. The suite uses the new instance
   * from then on (the old one no more); `close` cleans up after both.
   */
  reopen(): Promise<AgentBackend>;
  /**
   * What is left of a kernel on the host (its processes, container, scratch folder), one
   * description each; empty when nothing is. Asked after a restart of a backend whose kernels do
   * not survive it.
   */
  remainsOf(kernel: BackendKernel): Promise<string[]>;
  /**
   * The backend runs a session's `bootstrapScript` in the kernel before it is ready and its output
   * shows in `kernelLogs` (otherwise the suite only checks that `kernelLogs` answers).
   */
  bootstrapEchoes?: boolean;
  /** Measures the backend reports for every running kernel; the suite requires them. */
  measures?: Array<keyof KernelMeasures>;
  /**
   * For a backend with service ports (`capabilities().servicePorts`): a service the image under
   * test defines (a service port and its service definition), and a check that it answers once
   * started (an HTTP GET to its host port, say). `spec` is merged into the kernel's spec.
   */
  service?: {
    name: string;
    spec?: Partial<KernelCreationSpec>;
    check(kernel: BackendKernel): Promise<void>;
  };
  /** Destroys whatever kernels are left and removes what the backend wrote. */
  close(): Promise<void>;
}

/** How long the suite waits for a runner to answer. */
const ANSWER_MS = 15_000;

/** Every message a kernel's runner sends, kept from the moment the kernel is created. */
class RunnerInbox {
  private readonly messages: RunnerMessage[] = [];
  private wake: (() => void) | undefined;

  constructor(readonly kernel: BackendKernel) {
    kernel.runner.onMessage((message) => {
      this.messages.push(message);
      this.wake?.();
    });
  }

  /** Messages up to and including the first `op` not yet taken (and passing `matches`). */
  async until(
    op: string,
    matches: (message: RunnerMessage) => boolean = () => true,
  ): Promise<RunnerMessage[]> {
    const deadline = Date.now() + ANSWER_MS;
    for (;;) {
      const index = this.messages.findIndex((m) => m.op === op && matches(m));
      if (index >= 0) return this.messages.splice(0, index + 1);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${op} from the runner within ${ANSWER_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Runs a snippet and answers what it printed to stdout. */
  async run(code: string): Promise<string> {
    this.kernel.runner.send({ op: 'code', data: code });
    const messages = await this.until('finished');
    return messages
      .filter((m) => m.op === 'stdout')
      .map((m) => String(m.data))
      .join('');
  }
}

/** The runner's `service-result` for a `start-service` of `service` on `kernel`. */
async function startService(
  inbox: RunnerInbox,
  service: string,
): Promise<{ status?: unknown; error?: unknown }> {
  const port = inbox.kernel.servicePorts.find((p) => p.name === service);
  const requestId = randomUUID();
  inbox.kernel.runner.send({
    op: 'start-service',
    data: {
      requestId,
      service,
      protocol: port?.protocol ?? 'tcp',
      ports: port?.containerPorts ?? [],
      args: {},
      envs: {},
    },
  });
  const answered = await inbox.until(
    'service-result',
    (m) => (m.data as { requestId?: unknown } | null)?.requestId === requestId,
  );
  return answered.at(-1)!.data as { status?: unknown; error?: unknown };
}

/**
 * Calls `check` until it answers true, for at most ANSWER_MS; fails with `what` and the last
 * answer that was not true (a description of what is still there, say).
 */
async function pollUntil(check: () => Promise<true | unknown>, what: string): Promise<void> {
  const deadline = Date.now() + ANSWER_MS;
  for (;;) {
    const answer = await check();
    if (answer === true) return;
    if (Date.now() >= deadline) {
      throw new Error(`${what}: still not so after ${ANSWER_MS} ms (last: ${JSON.stringify(answer)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls what a terminal has shown until it contains `text`, for at most ANSWER_MS. */
async function terminalShows(screen: () => string, text: string): Promise<void> {
  const deadline = Date.now() + ANSWER_MS;
  while (!screen().includes(text)) {
    if (Date.now() > deadline)
      throw new Error(`the terminal never showed ${text}: ${JSON.stringify(screen())}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Awaits `action` and answers the code of the error it fails with (an assertion error when it does not fail). */
async function failureCode(action: () => Promise<unknown>, what: string): Promise<string> {
  try {
    await action();
  } catch (error) {
    return String((error as { code?: unknown }).code ?? (error as Error).message);
  }
  assert.fail(`${what}: expected a refusal, and it succeeded`);
}

/** The names in a tar archive (ustar headers and pax `path` records), in order. */
function tarNames(archive: Buffer): string[] {
  const names: string[] = [];
  let offset = 0;
  let paxPath: string | undefined;
  while (offset + 512 <= archive.length) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const text = (start: number, length: number) => {
      const raw = header.subarray(start, start + length);
      const end = raw.indexOf(0);
      return raw.subarray(0, end < 0 ? length : end).toString('utf8');
    };
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] || 0x30);
    const body = archive.subarray(offset + 512, offset + 512 + size);
    if (type === 'x') {
      paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1];
    } else {
      const prefix = text(345, 155);
      names.push(paxPath ?? (prefix ? `${prefix}/${text(0, 100)}` : text(0, 100)));
      paxPath = undefined;
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

function withinAnswerTime<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ANSWER_MS} ms`)), ANSWER_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The agent-backend/v2 conformance suite: kernels are created from a spec, run code through their
 * runner channel, see the environment they were given, and are destroyed (idempotently); after a
 * restart of the agent they are recovered with their state, or nothing of them is left; their
 * console log and measures are there; their services start through the runner.
 */
export function describeAgentBackendConformance(
  name: string,
  create: () => Promise<AgentBackendUnderTest> | AgentBackendUnderTest,
): void {
  describe(`agent-backend/v2 conformance: ${name}`, function () {
    /** The session-file methods, when the backend has them (all three or none); skips the test otherwise. */
    function sessionFiles(context: Mocha.Context) {
      const { uploadFiles, listFiles, downloadFiles } = backend;
      // Reported as skipped, not passed: the session-file methods are optional, and a backend
      // without them has no files to check.
      if (!uploadFiles && !listFiles && !downloadFiles) context.skip(); // skipped: no session files
      assert.ok(
        uploadFiles && listFiles && downloadFiles,
        'a backend has all three session-file methods, or none',
      );
      return {
        upload: (kernelId: string, files: Array<{ path: string; content: string }>) =>
          uploadFiles.call(
            backend,
            kernelId,
            files.map((file) => ({ path: file.path, content: Buffer.from(file.content) })),
          ),
        list: (kernelId: string, path: string): Promise<KernelFileListing> =>
          listFiles.call(backend, kernelId, path),
        download: (kernelId: string, paths: string[]): Promise<Buffer> =>
          downloadFiles.call(backend, kernelId, paths),
      };
    }

    this.timeout(4 * ANSWER_MS);
    let subject: AgentBackendUnderTest;
    let backend: AgentBackend;
    let created: string[];
    let specs: Map<string, KernelCreationSpec>;

    function spec(overrides: Partial<KernelCreationSpec> = {}): KernelCreationSpec {
      const id = randomUUID();
      return {
        kernelId: id,
        sessionId: randomUUID(),
        sessionName: `conformance-${id.slice(0, 8)}`,
        sessionType: 'interactive',
        image: subject.image,
        architecture: hostArchitecture(),
        resourceSlots: { cpu: '1', mem: String(256 * 1024 ** 2) },
        environ: {},
        cluster: { mode: 'single-node', size: 1, role: 'main', idx: 1, localRank: 0, hostname: 'main1' },
        ownerAccessKey: 'AKIAIOSFODNN7EXAMPLE',
        ownerUserId: 'f38dea23-50fa-42a0-b5ae-338f5f4693f4',
        ...overrides,
      };
    }

    async function start(
      overrides: Partial<KernelCreationSpec> = {},
      extra: KernelCreationExtra = { environ: {}, resourceData: {}, deviceAllocation: {} },
    ): Promise<RunnerInbox> {
      const request = spec(overrides);
      created.push(request.kernelId);
      specs.set(request.kernelId, request);
      const kernel = await backend.createKernel(request, extra);
      return new RunnerInbox(kernel);
    }

    beforeEach(async () => {
      subject = await create();
      backend = subject.backend;
      created = [];
      specs = new Map();
    });
    afterEach(async () => {
      for (const kernelId of created)
        await backend.destroyKernel(kernelId, 'test-finished').catch(() => null);
      await subject.close();
    });

    it('has a kebab-case name and states its capabilities', () => {
      assert.match(backend.name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      const capabilities = backend.capabilities();
      assert.ok(['container', 'process', 'vm'].includes(capabilities.isolation));
      assert.equal(typeof capabilities.servicePorts, 'boolean');
      assert.equal(typeof capabilities.pty, 'boolean');
      assert.equal(typeof capabilities.survivesRestart, 'boolean');
    });

    it('lists the images it can run, the one under test among them', async () => {
      const images = await backend.scanImages();
      const image = images.find((i) => i.name === subject.image);
      assert.ok(image, `${subject.image} among ${images.map((i) => i.name).join(', ')}`);
      for (const { name: imageName, architecture, labels } of images) {
        assert.ok(imageName.length > 0 && architecture.length > 0, 'an image has a name and an architecture');
        assert.ok(
          Object.values(labels).every((value) => typeof value === 'string'),
          `${imageName} labels`,
        );
      }
    });

    it('creates a kernel whose runner is ready and runs code, answering with its output', async () => {
      const inbox = await start();
      const { kernel } = inbox;
      assert.equal(kernel.kernelId, created[0]);
      assert.ok(kernel.containerId.length > 0, 'the backend names the kernel');
      assert.ok(kernel.kernelHost.length > 0, 'the kernel has a host');
      await withinAnswerTime(kernel.runner.ready(), 'runner ready');
      assert.equal(await inbox.run(subject.code.print('hello from conformance')), 'hello from conformance\n');
      assert.equal(await inbox.run(subject.code.print('and again')), 'and again\n');
    });

    it("gives the kernel the spec's environment and the accelerators' environment", async () => {
      const inbox = await start(
        { environ: { CONFORMANCE_FROM_SPEC: 'spec-value' } },
        { environ: { CONFORMANCE_FROM_DEVICES: 'device-value' }, resourceData: {}, deviceAllocation: {} },
      );
      assert.equal(await inbox.run(subject.code.printEnviron('CONFORMANCE_FROM_SPEC')), 'spec-value\n');
      assert.equal(await inbox.run(subject.code.printEnviron('CONFORMANCE_FROM_DEVICES')), 'device-value\n');
    });

    it('keeps kernels apart: each runner answers only for its own kernel, and outlives the other', async () => {
      const first = await start();
      const second = await start();
      assert.notEqual(first.kernel.containerId, second.kernel.containerId);
      const [a, b] = await Promise.all([
        first.run(subject.code.print('first')),
        second.run(subject.code.print('second')),
      ]);
      assert.deepEqual([a, b], ['first\n', 'second\n']);
      await backend.destroyKernel(first.kernel.kernelId, 'user-requested');
      assert.equal(await second.run(subject.code.print('still here')), 'still here\n');
    });

    it('destroys a kernel: destroy answers its exit code, which `exited` reports too', async () => {
      const { kernel } = await start();
      const exitCode = await withinAnswerTime(
        backend.destroyKernel(kernel.kernelId, 'user-requested'),
        'destroy',
      );
      assert.ok(exitCode === null || Number.isInteger(exitCode), `exit code ${exitCode}`);
      assert.equal(await withinAnswerTime(kernel.exited, 'exited'), exitCode);
    });

    it('destroying is idempotent: again, at once, and for a kernel it never had', async () => {
      const { kernel } = await start();
      await Promise.all([
        backend.destroyKernel(kernel.kernelId, 'user-requested'),
        backend.destroyKernel(kernel.kernelId, 'user-requested'),
      ]);
      await backend.destroyKernel(kernel.kernelId, 'user-requested');
      await backend.destroyKernel(randomUUID(), 'user-requested');
    });

    it('reports a kernel that ends by itself through `exited`, and destroying it then resolves', async () => {
      const inbox = await start();
      inbox.kernel.runner.send({ op: 'code', data: subject.code.exit(3) });
      assert.equal(await withinAnswerTime(inbox.kernel.exited, 'exited'), 3);
      await backend.destroyKernel(inbox.kernel.kernelId, 'self-terminated');
    });

    it('refuses an image it does not have, and leaves nothing behind under that kernel id', async () => {
      const missing = spec({ image: `conformance-no-such-image-${randomUUID()}:1` });
      await assert.rejects(
        backend.createKernel(missing, { environ: {}, resourceData: {}, deviceAllocation: {} }),
      );
      await backend.destroyKernel(missing.kernelId, 'never-started');
      const inbox = await start({ kernelId: missing.kernelId });
      assert.equal(await inbox.run(subject.code.print('reused')), 'reused\n');
    });

    it('after the agent was killed and restarted, recovers its kernels with their state, or leaves nothing of them', async () => {
      const allocation: DeviceAllocation = { 'conformance.device': { 'conformance-device-0': '1' } };
      const inbox = await start(
        { environ: { CONFORMANCE_FROM_SPEC: 'kept' } },
        { environ: { CONFORMANCE_FROM_DEVICES: 'kept-too' }, resourceData: {}, deviceAllocation: allocation },
      );
      const request = specs.get(inbox.kernel.kernelId)!;
      assert.equal(await inbox.run(subject.code.setVariable('x', 41)), '');
      const survives = backend.capabilities().survivesRestart;
      backend = await subject.reopen();
      const recovered = await withinAnswerTime(backend.recoverKernels(), 'recoverKernels');
      if (!survives) {
        assert.deepEqual(
          recovered.map((r) => r.kernel.kernelId),
          [],
          'a backend whose kernels do not survive a restart recovers none',
        );
        await pollUntil(async () => {
          const remains = await subject.remainsOf(inbox.kernel);
          return remains.length === 0 || remains;
        }, 'nothing of the kernel is left after the restart');
        return;
      }
      const found = recovered.find((r) => r.kernel.kernelId === request.kernelId);
      assert.ok(
        found,
        `kernel ${request.kernelId} among ${recovered.map((r) => r.kernel.kernelId).join(', ')}`,
      );
      assert.deepEqual(
        {
          kernelId: found.spec.kernelId,
          sessionId: found.spec.sessionId,
          image: found.spec.image,
          role: found.spec.cluster.role,
        },
        {
          kernelId: request.kernelId,
          sessionId: request.sessionId,
          image: request.image,
          role: request.cluster.role,
        },
      );
      assert.deepEqual(found.deviceAllocation, allocation);
      const again = new RunnerInbox(found.kernel);
      await withinAnswerTime(found.kernel.runner.ready(), 'recovered runner ready');
      assert.equal(
        await again.run(subject.code.printVariablePlusOne('x')),
        '42\n',
        'the interpreter kept its state',
      );
      assert.equal(await again.run(subject.code.printEnviron('CONFORMANCE_FROM_SPEC')), 'kept\n');
      assert.equal(await again.run(subject.code.printEnviron('CONFORMANCE_FROM_DEVICES')), 'kept-too\n');
    });

    it('recovers nothing where nothing is left: at a first start, and after its kernels were destroyed', async () => {
      const first = await withinAnswerTime(backend.recoverKernels(), 'recoverKernels');
      assert.deepEqual(
        first.map((r) => r.kernel.kernelId),
        [],
      );
      const { kernel } = await start();
      await withinAnswerTime(backend.destroyKernel(kernel.kernelId, 'user-requested'), 'destroy');
      backend = await subject.reopen();
      const again = await withinAnswerTime(backend.recoverKernels(), 'recoverKernels');
      assert.deepEqual(
        again.map((r) => r.kernel.kernelId),
        [],
      );
    });

    it("keeps the kernel's console log, with what the session's bootstrap script printed", async () => {
      const marker = `conformance-bootstrap-${randomUUID()}`;
      const { kernel } = await start({ bootstrapScript: `echo ${marker}\n` });
      await withinAnswerTime(kernel.runner.ready(), 'runner ready');
      const logs = await withinAnswerTime(backend.kernelLogs(kernel.kernelId), 'kernelLogs');
      assert.equal(typeof logs, 'string');
      if (!subject.bootstrapEchoes) return;
      await pollUntil(
        async () => (await backend.kernelLogs(kernel.kernelId)).includes(marker),
        "the bootstrap script's output in kernelLogs",
      );
    });

    it('measures a running kernel that used CPU, and leaves out kernels it does not know', async () => {
      const inbox = await start();
      assert.equal(await inbox.run(subject.code.burnCpu()), '');
      const unknown = randomUUID();
      const measures = await withinAnswerTime(
        backend.measureKernels([inbox.kernel.kernelId, unknown]),
        'measureKernels',
      );
      assert.deepEqual(
        Object.keys(measures).filter((id) => id !== inbox.kernel.kernelId),
        [],
      );
      const own: KernelMeasures = measures[inbox.kernel.kernelId] ?? {};
      for (const key of subject.measures ?? []) {
        assert.ok(own[key] !== undefined, `the backend reports ${key}: ${JSON.stringify(own)}`);
      }
      for (const [key, value] of Object.entries(own)) {
        assert.ok(typeof value === 'number' && Number.isFinite(value) && value >= 0, `${key} = ${value}`);
      }
      if (own.cpuUsedMs !== undefined) assert.ok(own.cpuUsedMs > 0, `cpuUsedMs ${own.cpuUsedMs}`);
      if (own.memBytes !== undefined) assert.ok(own.memBytes > 0, `memBytes ${own.memBytes}`);
      assert.deepEqual(await backend.measureKernels([]), {});
    });

    it('starts a service through the runner, once (backends with service ports)', async function () {
      // Reported as skipped, not passed: a backend without service ports (the process backend) has
      // no published port for a service to answer on.
      if (!backend.capabilities().servicePorts) this.skip(); // skipped: no service ports
      const service = subject.service;
      assert.ok(
        service,
        'a backend with service ports names a service of its image (AgentBackendUnderTest.service)',
      );
      const inbox = await start(service.spec);
      await withinAnswerTime(inbox.kernel.runner.ready(), 'runner ready');
      assert.ok(
        inbox.kernel.servicePorts.some((p) => p.name === service.name),
        `${service.name} among the kernel's service ports ${JSON.stringify(inbox.kernel.servicePorts)}`,
      );
      const started = await startService(inbox, service.name);
      assert.equal(started.status, 'started', `start-service answered ${JSON.stringify(started)}`);
      await service.check(inbox.kernel);
      const again = await startService(inbox, service.name);
      assert.equal(again.status, 'already-running', `start-service answered ${JSON.stringify(again)}`);
      const missing = await startService(inbox, `conformance-no-such-service-${randomUUID().slice(0, 8)}`);
      assert.equal(missing.status, 'failed');
      assert.equal(typeof missing.error, 'string');
    });

    it('opens a shell on a pty that follows resizes, ends with its exit code and opens again (backends with a pty)', async function () {
      // Reported as skipped, not passed: a backend that declares no pty (the process backend) offers
      // no terminal to open.
      if (!backend.capabilities().pty) this.skip(); // skipped: no pty
      assert.ok(backend.openTerminal, 'a backend with a pty implements openTerminal');
      const { kernel } = await start();
      await withinAnswerTime(kernel.runner.ready(), 'runner ready');
      const terminal = await backend.openTerminal(kernel.kernelId, { rows: 24, cols: 80 });
      let screen = '';
      terminal.onOutput((chunk) => (screen += chunk.toString('utf8')));
      // The arithmetic is done by the shell, so the echo of the typed line cannot pass for the answer.
      terminal.write('stty size; echo "answer-$((6 * 7))"\n');
      await terminalShows(() => screen, 'answer-42');
      await terminalShows(() => screen, '24 80');
      await terminal.resize({ rows: 40, cols: 120 });
      terminal.write('stty size\n');
      await terminalShows(() => screen, '40 120');
      terminal.write('exit 3\n');
      assert.equal(await withinAnswerTime(terminal.exited, 'terminal exited'), 3);
      // A restart is a new terminal.
      const again = await backend.openTerminal(kernel.kernelId, { rows: 24, cols: 80 });
      let second = '';
      again.onOutput((chunk) => (second += chunk.toString('utf8')));
      again.write('echo "again-$((1 + 1))"\n');
      await terminalShows(() => second, 'again-2');
      await again.close();
      await assert.rejects(backend.openTerminal(randomUUID(), { rows: 24, cols: 80 }), /not running/);
    });

    it('writes session files the kernel sees and may change, creating folders and overwriting (backends with session files)', async function () {
      const files = sessionFiles(this);
      const { code } = subject;
      const inbox = await start();
      await inbox.kernel.runner.ready();
      const kernelId = inbox.kernel.kernelId;
      await files.upload(kernelId, [
        { path: 'top.txt', content: 'first' },
        { path: 'sub/dir/b.txt', content: 'from the agent' },
      ]);
      await files.upload(kernelId, [{ path: 'top.txt', content: 'second' }]);
      if (code.printFile) {
        assert.equal(await inbox.run(code.printFile('sub/dir/b.txt')), 'from the agent');
        assert.equal(await inbox.run(code.printFile('top.txt')), 'second');
      }
      if (code.appendToFile) {
        // Only the kernel's user may write there: the file must be its own.
        await inbox.run(code.appendToFile('sub/dir/b.txt', ' and the kernel'));
      }
      const archive = await files.download(kernelId, ['sub']);
      assert.deepEqual(tarNames(archive), ['sub/', 'sub/dir/', 'sub/dir/b.txt']);
      const expected = code.appendToFile ? 'from the agent and the kernel' : 'from the agent';
      assert.ok(archive.includes(Buffer.from(expected)), `the archive holds "${expected}"`);
      assert.deepEqual(tarNames(await files.download(kernelId, ['top.txt', 'sub/dir/b.txt'])), [
        'top.txt',
        'sub/dir/b.txt',
      ]);
    });

    it('lists a folder of /home/work with its entries, and names a missing one (backends with session files)', async function () {
      const files = sessionFiles(this);
      const inbox = await start();
      await inbox.kernel.runner.ready();
      const kernelId = inbox.kernel.kernelId;
      await files.upload(kernelId, [{ path: 'data/x.csv', content: '1,2\n' }]);
      const root = await files.list(kernelId, '');
      assert.equal(root.path, '/home/work');
      const data = root.files.find((entry) => entry.filename === 'data');
      assert.equal(data?.type, 'directory');
      assert.equal(data?.mode[0], 'd');
      const listing = await files.list(kernelId, 'data');
      assert.equal(listing.path, '/home/work/data');
      assert.deepEqual(
        listing.files.map((entry) => [entry.filename, entry.type, entry.size]),
        [['x.csv', 'file', 4]],
      );
      assert.ok(Math.abs(listing.files[0]!.mtime - Date.now() / 1000) < 600, 'mtime is in seconds');
      assert.equal(
        await failureCode(() => files.list(kernelId, 'nowhere'), 'listing a missing folder'),
        'object-not-found',
      );
      assert.equal(
        await failureCode(() => files.download(kernelId, ['nowhere.txt']), 'downloading a missing file'),
        'object-not-found',
      );
      assert.equal(
        await failureCode(() => files.list(randomUUID(), ''), 'listing an unknown kernel'),
        'kernel-not-running',
      );
    });

    it('never follows a symlink the kernel planted out of /home/work (backends with session files)', async function () {
      const files = sessionFiles(this);
      const { code } = subject;
      // Reported as skipped, not passed: the subject gave no code that plants a symlink in its image.
      if (!code.plantSymlink) this.skip(); // skipped: no symlink-planting code given
      const inbox = await start();
      await inbox.kernel.runner.ready();
      const kernelId = inbox.kernel.kernelId;
      await inbox.run(code.plantSymlink('/etc', 'escape'));
      await inbox.run(code.plantSymlink('/etc/passwd', 'pw'));
      const refusals = [
        await failureCode(
          () => files.upload(kernelId, [{ path: 'escape/planted', content: 'x' }]),
          'writing through a linked folder',
        ),
        await failureCode(
          () => files.upload(kernelId, [{ path: 'pw', content: 'x' }]),
          'writing through a linked file',
        ),
        await failureCode(() => files.list(kernelId, 'escape'), 'listing a linked folder'),
        await failureCode(
          () => files.download(kernelId, ['escape/passwd']),
          'downloading through a linked folder',
        ),
      ];
      assert.deepEqual(refusals, Array(4).fill('invalid-api-params'));
      // The link itself may be downloaded, as a link: never what it points to.
      const archive = await files.download(kernelId, ['pw']);
      assert.deepEqual(tarNames(archive), ['pw']);
      assert.ok(!archive.includes(Buffer.from('root:')), 'the archive holds the link, not /etc/passwd');
      const listed = (await files.list(kernelId, '')).files.find((entry) => entry.filename === 'pw');
      assert.equal(listed?.type, 'symlink');
    });

    it("answers completions from the kernel's runner (images whose runner completes)", async function () {
      const completion = subject.code.completion;
      // Reported as skipped, not passed: the subject's image has no runner that completes code.
      if (!completion) this.skip(); // skipped: the image's runner does not complete
      const inbox = await start();
      await inbox.kernel.runner.ready();
      inbox.kernel.runner.send({ op: 'complete', data: { code: completion.code, options: {} } });
      const answered = await inbox.until('completion');
      const suggestions = (answered.at(-1)!.data as { suggestions?: unknown }).suggestions as string[];
      assert.ok(
        suggestions.some((suggestion) => suggestion.startsWith(completion.expected)),
        `a suggestion for ${completion.code} starts with ${completion.expected}: ${JSON.stringify(suggestions)}`,
      );
    });
  });
}
