/// <reference types="mocha" />
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AgentBackend, BackendKernel, KernelCreationExtra, RunnerMessage } from '../../contracts/agent-backend';
import { hostArchitecture } from '../../domain/host-architecture';
import type { KernelCreationSpec } from '../../domain/kernel-spec';

/** Snippets in the language of the image under test, sent to its runner as `code`. */
export interface RunnerCode {
  /** Prints `text` and a newline to stdout. */
  print(text: string): string;
  /** Prints the value of the environment variable `name` and a newline to stdout. */
  printEnviron(name: string): string;
  /** Ends the kernel's main process with exit code `code`. */
  exit(code: number): string;
}

/** `RunnerCode` for Python images (Tessera's own runner, Backend.AI's `python` kernels). */
export const PYTHON_RUNNER_CODE: RunnerCode = {
  print: (text) => `print(${JSON.stringify(text)})`,
  printEnviron: (name) => `import os\nprint(os.environ[${JSON.stringify(name)}])`,
  exit: (code) => `import os\nos._exit(${code})`,
};

export interface AgentBackendUnderTest {
  backend: AgentBackend;
  /** An image the backend runs (`scanImages` must report it). */
  image: string;
  /** Code in that image's language. */
  code: RunnerCode;
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

  /** Messages up to and including the first `op` not yet taken. */
  async until(op: string): Promise<RunnerMessage[]> {
    const deadline = Date.now() + ANSWER_MS;
    for (;;) {
      const index = this.messages.findIndex((m) => m.op === op);
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

function withinAnswerTime<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ANSWER_MS} ms`)), ANSWER_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The agent-backend/v2 conformance suite: kernels are created from a spec, run code through their
 * runner channel, see the environment they were given, and are destroyed (idempotently).
 */
export function describeAgentBackendConformance(
  name: string,
  create: () => Promise<AgentBackendUnderTest> | AgentBackendUnderTest,
): void {
  describe(`agent-backend/v2 conformance: ${name}`, function () {
    this.timeout(4 * ANSWER_MS);
    let subject: AgentBackendUnderTest;
    let backend: AgentBackend;
    let created: string[];

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
      const kernel = await backend.createKernel(request, extra);
      return new RunnerInbox(kernel);
    }

    beforeEach(async () => {
      subject = await create();
      backend = subject.backend;
      created = [];
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
      await assert.rejects(backend.createKernel(missing, { environ: {}, resourceData: {}, deviceAllocation: {} }));
      await backend.destroyKernel(missing.kernelId, 'never-started');
      const inbox = await start({ kernelId: missing.kernelId });
      assert.equal(await inbox.run(subject.code.print('reused')), 'reused\n');
    });
  });
}
