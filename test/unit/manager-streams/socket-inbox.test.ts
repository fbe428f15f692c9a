import { expect } from 'chai';
import { EventEmitter, getEventListeners } from 'node:events';
import type { WebSocket } from 'ws';
import { SocketInbox } from '@tessera/manager-streams';

/** A socket as SocketInbox uses it: `message` and `close` events. */
function fakeSocket(): EventEmitter & WebSocket {
  return new EventEmitter() as EventEmitter & WebSocket;
}

describe('manager-streams: reading a socket until it closes or the manager stops', () => {
  it('reads messages in order, kept while nothing reads', async () => {
    const socket = fakeSocket();
    const inbox = new SocketInbox(socket, new AbortController().signal);
    socket.emit('message', Buffer.from('one'));
    socket.emit('message', Buffer.from('two'));
    expect(await inbox.next()).to.deep.equal({ text: 'one' });
    expect(await inbox.next()).to.deep.equal({ text: 'two' });
    const third = inbox.next();
    socket.emit('message', Buffer.from('three'));
    expect(await third).to.deep.equal({ text: 'three' });
  });

  it("ends with 'stopping' when the manager stops and 'closed' when the client closes", async () => {
    const stopping = new AbortController();
    const first = new SocketInbox(fakeSocket(), stopping.signal);
    stopping.abort();
    expect(await first.next()).to.deep.equal({ end: 'stopping' });
    expect(await new SocketInbox(fakeSocket(), stopping.signal).ended).to.equal('stopping');
    const socket = fakeSocket();
    const closed = new SocketInbox(socket, new AbortController().signal);
    socket.emit('close');
    expect(await closed.next()).to.deep.equal({ end: 'closed' });
  });

  it("leaves no listener on the manager's signal once a socket closed (one signal serves every stream)", () => {
    const stopping = new AbortController();
    for (let i = 0; i < 50; i++) {
      const socket = fakeSocket();
      new SocketInbox(socket, stopping.signal);
      socket.emit('close');
    }
    const open = fakeSocket();
    new SocketInbox(open, stopping.signal);
    expect(getEventListeners(stopping.signal, 'abort')).to.have.length(1);
    open.emit('close');
    expect(getEventListeners(stopping.signal, 'abort')).to.have.length(0);
  });
});
