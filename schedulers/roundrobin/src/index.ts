export { default } from './plugin';
export { RoundRobinSelector } from './round-robin-selector';
export { FRESH_CURSOR, parseCursor, type CursorStore, type RoundRobinCursor } from './round-robin-cursor';
export { ConfigStoreCursorStore } from './config-store-cursor-store';
export { MemoryCursorStore } from './memory-cursor-store';
