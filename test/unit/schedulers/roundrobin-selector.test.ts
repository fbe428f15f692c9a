import { Writable } from 'node:stream';
import { expect } from 'chai';
import { createLogger } from '@tessera/core';
import { FileBackedConfigStore } from '@tessera/config-store-embedded';
import {
  ConfigStoreCursorStore,
  MemoryCursorStore,
  RoundRobinSelector,
  type RoundRobinCursor,
} from '@tessera/agent-selector-roundrobin';
import { candidateFrom, loadSchedulingFixture } from './scheduling-fixtures';

interface RoundRobinCase {
  name: string;
  candidates: string[];
  cursor: string | null;
  expected: string | null;
}

interface RotationCase {
  name: string;
  candidates: string[];
  cursor: string | null;
  expected: string[];
}

const REQUEST = { kernelId: 'k-1', architecture: 'x86_64', slots: { cpu: '1' } };
const silent = createLogger({ level: 'silent' });

function candidates(ids: string[]) {
  return ids.map((id) => candidateFrom({ id, remaining: { cpu: '4', mem: '4294967296' } }));
}

describe('agent-selector-roundrobin (test/fixtures/scheduling/roundrobin.json)', () => {
  const fixture = loadSchedulingFixture<{ cases: RoundRobinCase[]; rotations: RotationCase[] }>('roundrobin');
  const selector = new RoundRobinSelector(() => new MemoryCursorStore());

  for (const testCase of fixture.cases) {
    it(testCase.name, () => {
      const result = selector.select(REQUEST, candidates(testCase.candidates), {
        lastAgentId: testCase.cursor,
      });
      if (testCase.expected === null) expect(result.kind).to.equal('none');
      else
        expect(result).to.deep.equal({
          kind: 'selected',
          agentId: testCase.expected,
          state: { lastAgentId: testCase.expected },
        });
    });
  }

  for (const rotation of fixture.rotations) {
    it(rotation.name, () => {
      let cursor: RoundRobinCursor = { lastAgentId: rotation.cursor };
      const chosen: string[] = [];
      for (let i = 0; i < rotation.expected.length; i++) {
        const result = selector.select(REQUEST, candidates(rotation.candidates), cursor);
        if (result.kind !== 'selected') throw new Error(`selection ${i} found no agent`);
        chosen.push(result.agentId);
        cursor = result.state!;
      }
      expect(chosen).to.deep.equal(rotation.expected);
    });
  }
});

describe('agent-selector-roundrobin: cursors in the config store', () => {
  let store: FileBackedConfigStore;
  beforeEach(() => {
    store = new FileBackedConfigStore(null);
    store.load({});
  });

  it('keeps one cursor per resource group and architecture under the prefix, as JSON', async () => {
    const cursors = new ConfigStoreCursorStore(store, 'schedulers/roundrobin', silent);
    await cursors.save({ resourceGroup: 'gpu', architecture: 'x86_64' }, { lastAgentId: 'agent-7' });
    await cursors.save({ resourceGroup: 'gpu', architecture: 'aarch64' }, { lastAgentId: 'agent-2' });
    expect(await store.list('schedulers/roundrobin/')).to.deep.equal([
      ['schedulers/roundrobin/gpu/aarch64', '{"lastAgentId":"agent-2"}'],
      ['schedulers/roundrobin/gpu/x86_64', '{"lastAgentId":"agent-7"}'],
    ]);
    expect(await cursors.load({ resourceGroup: 'gpu', architecture: 'x86_64' })).to.deep.equal({
      lastAgentId: 'agent-7',
    });
    expect(await cursors.load({ resourceGroup: 'cpu', architecture: 'x86_64' })).to.deep.equal({
      lastAgentId: null,
    });
  });

  it('encodes group names so a slash cannot reach into another scope', async () => {
    const cursors = new ConfigStoreCursorStore(store, 'schedulers/roundrobin', silent);
    await cursors.save({ resourceGroup: 'team/a', architecture: 'x86_64' }, { lastAgentId: 'agent-1' });
    expect((await store.list('schedulers/roundrobin/')).map(([key]) => key)).to.deep.equal([
      'schedulers/roundrobin/team%2Fa/x86_64',
    ]);
  });

  it('starts the rotation over, with a warning, when the stored cursor is unreadable', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    const log = createLogger({ level: 'warn', format: 'json', destination });
    await store.put('schedulers/roundrobin/default/x86_64', 'not json');
    const cursors = new ConfigStoreCursorStore(store, 'schedulers/roundrobin', log);
    expect(await cursors.load({ resourceGroup: 'default', architecture: 'x86_64' })).to.deep.equal({
      lastAgentId: null,
    });
    expect(lines.map((line) => line['msg'])).to.include(
      'round-robin cursor unreadable; rotation starts over',
    );
  });
});
