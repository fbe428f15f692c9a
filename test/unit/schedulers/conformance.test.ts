import { describeAgentSelectorConformance, describeSchedulerConformance } from '@tessera/core/testing';
import { createLogger } from '@tessera/core';
import { FileBackedConfigStore } from '@tessera/config-store-embedded';
import { ConcentratedSelector } from '@tessera/agent-selector-concentrated';
import { DispersedSelector } from '@tessera/agent-selector-dispersed';
import { LegacySelector } from '@tessera/agent-selector-legacy';
import {
  ConfigStoreCursorStore,
  MemoryCursorStore,
  RoundRobinSelector,
} from '@tessera/agent-selector-roundrobin';
import { DrfScheduler, type DrfKey } from '@tessera/scheduler-drf';
import { FifoScheduler } from '@tessera/scheduler-fifo';
import { LifoScheduler } from '@tessera/scheduler-lifo';
import { configDefaults } from './plugin-package';

// Every scheduler and agent selector plugin, with the config its schema defaults to.
const fifo = configDefaults('@tessera/scheduler-fifo') as { numRetriesToSkip: number };
describeSchedulerConformance('fifo', () => new FifoScheduler({ numRetriesToSkip: fifo.numRetriesToSkip }));
describeSchedulerConformance('fifo (numRetriesToSkip 2)', () => new FifoScheduler({ numRetriesToSkip: 2 }));
describeSchedulerConformance('lifo', () => new LifoScheduler());
const drf = configDefaults('@tessera/scheduler-drf') as { keyBy: DrfKey };
describeSchedulerConformance('drf', () => new DrfScheduler({ keyBy: drf.keyBy }));
describeSchedulerConformance('drf (keyBy user)', () => new DrfScheduler({ keyBy: 'user' }));

const priority = (name: string) => (configDefaults(name) as { slotPriority: string[] }).slotPriority;
describeAgentSelectorConformance('concentrated', () => ({
  selector: new ConcentratedSelector({ slotPriority: priority('@tessera/agent-selector-concentrated') }),
}));
describeAgentSelectorConformance('dispersed', () => ({
  selector: new DispersedSelector({ slotPriority: priority('@tessera/agent-selector-dispersed') }),
}));
describeAgentSelectorConformance('legacy', () => ({
  selector: new LegacySelector({ slotPriority: priority('@tessera/agent-selector-legacy') }),
}));

describeAgentSelectorConformance(
  'roundrobin (cursors in memory)',
  () => {
    const cursors = new MemoryCursorStore();
    return { selector: new RoundRobinSelector(() => cursors) };
  },
  { ties: 'agent-id', keepsState: true },
);

const roundrobin = configDefaults('@tessera/agent-selector-roundrobin') as { cursorPrefix: string };
describeAgentSelectorConformance(
  'roundrobin (cursors in the embedded config store)',
  () => {
    const store = new FileBackedConfigStore(null);
    store.load({});
    const cursors = new ConfigStoreCursorStore(
      store,
      roundrobin.cursorPrefix,
      createLogger({ level: 'silent' }),
    );
    return { selector: new RoundRobinSelector(() => cursors) };
  },
  { ties: 'agent-id', keepsState: true },
);
