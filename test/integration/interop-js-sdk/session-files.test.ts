import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import {
  ALICE,
  BOB,
  bootInteropManager,
  clientFor,
  multipartParts,
  readTar,
  runSession,
  serverFailure,
  type InteropClient,
  type ManagerDeployment,
} from './support/sdk-interop';

/**
 * The JS SDK's session-file calls (upload, download, download_single) and the session calls the
 * SDK has no wrapper for (list files, complete, interrupt, rename: its source marks interrupt and
 * auto-complete TODO), which a web app sends through the SDK's own `newSignedRequest` and
 * `_wrapWithPromise`. The scripted agent keeps each kernel's /home/work in a real folder.
 */
describe('backend.ai-client 21.3.1 interop: session files and calls without an SDK wrapper', function () {
  this.timeout(30_000);
  let deployment: ManagerDeployment;
  let alice: InteropClient;
  let bob: InteropClient;
  let sessionId: string;
  let kernelId: string;
  let work: string;

  before(async () => {
    deployment = await bootInteropManager();
    alice = await clientFor(deployment, ALICE);
    bob = await clientFor(deployment, BOB);
    sessionId = await runSession(alice, 'interop-files');
    kernelId = (await deployment.db.sessions.get(sessionId))!.kernels[0]!.id;
    work = deployment.agent.workFolderOf(kernelId);
  });
  after(async () => {
    deployment?.agent.removeWorkFolders();
    await deployment?.stop();
  });

  /** A route the SDK has no method for, sent and parsed by the SDK's own request code. */
  const sdkCall = (client: InteropClient, method: string, path: string, body: unknown = null) =>
    client._wrapWithPromise(client.newSignedRequest(method, path, body));

  const put = (path: string, content: string) => {
    mkdirSync(dirname(join(work, path)), { recursive: true });
    writeFileSync(join(work, path), content);
  };

  describe('upload (POST /session/:id/upload, multipart/form-data)', () => {
    it("writes a file under a new folder of the kernel's /home/work", async () => {
      const answer = await alice.upload('interop-files', 'src/main.py', new Blob(['print("hi")\n']));
      // 204 without Content-Type: the SDK hands back the empty body as a Blob.
      expect(answer).to.be.instanceOf(Blob);
      expect(readFileSync(join(work, 'src/main.py'), 'utf8')).to.equal('print("hi")\n');
    });

    it('takes an absolute path under /home/work and overwrites what is there', async () => {
      put('data.csv', 'old\n');
      await alice.upload('interop-files', '/home/work/data.csv', new Blob(['a,b\n1,2\n']));
      expect(readFileSync(join(work, 'data.csv'), 'utf8')).to.equal('a,b\n1,2\n');
    });

    it('refuses a path leaving /home/work with 400 naming it, and writes nothing', async () => {
      const failure = await serverFailure(alice.upload('interop-files', '../escape.txt', new Blob(['x'])));
      expect(failure.statusCode).to.equal(400);
      expect(failure.title).to.include('../escape.txt');
      expect(existsSync(join(work, '..', 'escape.txt'))).to.equal(false);
    });

    it("answers 404 for another user's session and writes nothing", async () => {
      const failure = await serverFailure(bob.upload('interop-files', 'bob.txt', new Blob(['bob'])));
      expect(failure.statusCode).to.equal(404);
      expect(existsSync(join(work, 'bob.txt'))).to.equal(false);
    });
  });

  describe('download (GET /session/:id/download?files=...)', () => {
    it('answers one tar archive per path in a multipart/mixed body (the SDK returns it as a Blob)', async () => {
      put('src/util.py', 'def f():\n    return 1\n');
      put('notes.txt', 'remember\n');
      const blob = await alice.download('interop-files', ['src/util.py', 'notes.txt']);
      expect(blob).to.be.instanceOf(Blob);
      expect(blob.type).to.match(/^multipart\/mixed; ?boundary=/);
      const parts = await multipartParts(blob);
      expect(parts).to.have.length(2);
      for (const part of parts) expect(part.headers).to.match(/Content-Type: application\/x-tar/i);
      const files = parts.flatMap((part) => readTar(part.body)).filter((entry) => entry.type === '0');
      expect(files.map((entry) => [entry.name.split('/').at(-1), entry.content.toString()])).to.deep.equal([
        ['util.py', 'def f():\n    return 1\n'],
        ['notes.txt', 'remember\n'],
      ]);
    });

    it('refuses more than five paths with 400', async () => {
      // download reads the answer as a raw file, so the SDK keeps no problem title (title "... - undefined").
      const failure = await serverFailure(alice.download('interop-files', ['a', 'b', 'c', 'd', 'e', 'f']));
      expect(failure.statusCode).to.equal(400);
      expect(failure.statusText).to.equal('Bad Request');
    });

    it("answers 404 for another user's session", async () => {
      expect((await serverFailure(bob.download('interop-files', ['notes.txt']))).statusCode).to.equal(404);
    });
  });

  describe('download_single (GET /session/:id/download_single?file=)', () => {
    it("answers the file's bytes (a Blob)", async () => {
      put('out/result.json', '{"ok":true}');
      const blob = await alice.download_single('interop-files', 'out/result.json');
      expect(blob).to.be.instanceOf(Blob);
      expect(await blob.text()).to.equal('{"ok":true}');
    });

    it('refuses a folder with 400 saying it is not a regular file', async () => {
      const failure = await serverFailure(alice.download_single('interop-files', 'out'));
      expect(failure.statusCode).to.equal(400);
    });

    it("answers 404 for another user's session", async () => {
      const failure = await serverFailure(bob.download_single('interop-files', 'out/result.json'));
      expect(failure.statusCode).to.equal(404);
    });
  });

  describe('no SDK wrapper: sent with newSignedRequest and _wrapWithPromise', () => {
    it('list files (GET /session/:id/files?path=): files is a JSON string, as Backend.AI answers', async () => {
      put('listing/one.txt', '1');
      put('listing/two.txt', '22');
      const answer = await sdkCall(alice, 'GET', '/session/interop-files/files?path=listing');
      expect(answer['folder_path']).to.equal('/home/work/listing');
      const files = JSON.parse(answer['files'] as string) as Array<{ filename: string; size: number }>;
      expect(files.map((file) => [file.filename, file.size]).sort()).to.deep.equal([
        ['one.txt', 1],
        ['two.txt', 2],
      ]);
    });

    it('complete (POST /session/:id/complete): the runner completes the code', async () => {
      const answer = await sdkCall(alice, 'POST', '/session/interop-files/complete', {
        code: 'pri',
        options: { post: '', line: 'pri', row: 0, col: 3 },
      });
      expect(answer).to.deep.equal({ result: ['print'] });
      expect(deployment.agent.completions.at(-1)).to.deep.equal({
        kernelId,
        request: { code: 'pri', options: { post: '', line: 'pri', row: 0, col: 3 } },
      });
    });

    it('interrupt (POST /session/:id/interrupt): the agent interrupts the main kernel (204)', async () => {
      await sdkCall(alice, 'POST', '/session/interop-files/interrupt');
      expect(deployment.agent.interrupted).to.deep.equal([kernelId]);
    });

    it("interrupt, complete and list files answer 404 for another user's session", async () => {
      for (const [method, path] of [
        ['POST', '/session/interop-files/interrupt'],
        ['POST', '/session/interop-files/complete'],
        ['GET', '/session/interop-files/files'],
      ] as const) {
        const failure = await serverFailure(
          sdkCall(bob, method, path, method === 'POST' ? { code: 'p' } : null),
        );
        expect(failure.statusCode, `${method} ${path}`).to.equal(404);
      }
      expect(deployment.agent.interrupted).to.deep.equal([kernelId]);
    });

    it("rename (POST /session/:id/rename): refuses Bob, then renames Alice's session", async () => {
      const refused = await serverFailure(
        sdkCall(bob, 'POST', '/session/interop-files/rename', { name: 'bob-took-it' }),
      );
      expect(refused.statusCode).to.equal(404);
      await sdkCall(alice, 'POST', '/session/interop-files/rename', { name: 'interop-files-renamed' });
      expect((await deployment.db.sessions.get(sessionId))!.name).to.equal('interop-files-renamed');
      expect(await alice.get_info('interop-files-renamed')).to.deep.include({ sessionId });
    });
  });
});
