import 'reflect-metadata';

export { default } from './plugin';
// Message parsing and the app list (table-tested on their own).
export { parseExecuteStart } from './execute/execute-start';
export { CLOSE_CODES } from './execute/execute-stream';
export { appList, type AppEntry } from './apps/app-list';
export { outMessage, parsePtyMessage, type PtyClientMessage, type PtyServerMessage } from './pty/pty-message';
export { PTY_CLOSE, PTY_MAX_BACKLOG } from './pty/pty-stream';
export { SocketInbox } from './execute/socket-inbox';
