import { expect } from 'chai';
import { MAX_PAGE_SIZE, checkPage } from '@tessera/manager';
import { sessionStatuses } from '@tessera/manager-sessions';

describe('GraphQL list arguments (compute_session_list)', () => {
  it('reads one status or a comma-separated list, as the official SDK sends it', () => {
    expect(sessionStatuses('RUNNING')).to.deep.equal(['RUNNING']);
    expect(
      sessionStatuses(
        'RUNNING,RESTARTING,TERMINATING,PENDING,SCHEDULED,PREPARING,PULLING,TERMINATED,CANCELLED,ERROR',
      ),
    ).to.have.length(10);
    expect(sessionStatuses(' PENDING , RUNNING,,PENDING ')).to.deep.equal(['PENDING', 'RUNNING']);
    expect(sessionStatuses(undefined)).to.equal(undefined);
    expect(sessionStatuses(null)).to.equal(undefined);
    expect(sessionStatuses(' , ')).to.equal(undefined);
  });

  it('names an unknown status and lists the known ones', () => {
    expect(() => sessionStatuses('RUNNING,running')).to.throw(
      /^Unknown session status "running" in status; use one or more of PENDING, /,
    );
    expect(() => sessionStatuses('PAUSED')).to.throw(/"PAUSED"/);
  });

  it("takes upstream 22.09's statuses Tessera never sets (backend.ai ps sends RESIZING) as matching nothing", () => {
    expect(sessionStatuses('RUNNING,RESIZING,BUILDING,SUSPENDED')).to.deep.equal(['RUNNING']);
    // Only such statuses: an empty filter, which matches no session (not "no filter").
    expect(sessionStatuses('RESIZING')).to.deep.equal([]);
  });

  it(`bounds limit to 1..${MAX_PAGE_SIZE} and offset to 0 or more`, () => {
    expect(checkPage(1, 0)).to.deep.equal({ limit: 1, offset: 0 });
    expect(checkPage(100, 250)).to.deep.equal({ limit: 100, offset: 250 });
    expect(() => checkPage(0, 0)).to.throw('limit must be between 1 and 100 (got 0)');
    expect(() => checkPage(101, 0)).to.throw('limit must be between 1 and 100 (got 101)');
    expect(() => checkPage(10, -5)).to.throw('offset must be 0 or more (got -5)');
  });
});
