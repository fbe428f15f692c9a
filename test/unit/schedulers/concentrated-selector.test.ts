import { ConcentratedSelector } from '@tessera/agent-selector-concentrated';
import { describeSelectorFixture } from './selector-fixture-cases';

describeSelectorFixture(
  'concentrated',
  '@tessera/agent-selector-concentrated',
  (slotPriority) => new ConcentratedSelector({ slotPriority }),
);
