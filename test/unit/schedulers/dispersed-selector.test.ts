import { DispersedSelector } from '@tessera/agent-selector-dispersed';
import { describeSelectorFixture } from './selector-fixture-cases';

describeSelectorFixture(
  'dispersed',
  '@tessera/agent-selector-dispersed',
  (slotPriority) => new DispersedSelector({ slotPriority }),
);
