import { LegacySelector } from '@tessera/agent-selector-legacy';
import { describeSelectorFixture } from './selector-fixture-cases';

describeSelectorFixture(
  'legacy',
  '@tessera/agent-selector-legacy',
  (slotPriority) => new LegacySelector({ slotPriority }),
);
