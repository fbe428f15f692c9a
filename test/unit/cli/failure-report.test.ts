import { expect } from 'chai';
import { BackendAPIError, BackendClientError } from '@tessera/client';
import { describeFailure } from '@tessera/cli';

describe('describeFailure (one line for people)', () => {
  it('words a refused key pair as an authentication failure', () => {
    const error = new BackendAPIError(
      401,
      'https://api.backend.ai/probs/auth-failed',
      'Authentication failed',
      {
        detail: 'unknown access key',
      },
    );
    expect(describeFailure(error)).to.deep.equal({
      line: 'authentication failed: unknown access key (check BACKEND_ACCESS_KEY and BACKEND_SECRET_KEY)',
      exitCode: 1,
    });
    const bare = new BackendAPIError(
      401,
      'https://api.backend.ai/probs/auth-failed',
      'Authentication failed',
    );
    expect(describeFailure(bare).line).to.equal(
      'authentication failed: Authentication failed (check BACKEND_ACCESS_KEY and BACKEND_SECRET_KEY)',
    );
  });

  it('keeps other API errors with their status and problem type, on one line', () => {
    const error = new BackendAPIError(
      404,
      'https://api.backend.ai/probs/session-not-found',
      'Session not found',
      {
        detail: 'no session named\n  "x"',
      },
    );
    expect(describeFailure(error).line).to.equal(
      'Session not found: no session named "x" (HTTP 404) [session-not-found]',
    );
  });

  it('passes client errors through and marks cancellation as an interrupt', () => {
    const refused = new BackendClientError(
      'connection-refused',
      'cannot reach the manager at http://127.0.0.1:8091 (connection refused)',
    );
    expect(describeFailure(refused)).to.deep.equal({ line: refused.message, exitCode: 1 });
    expect(describeFailure(new BackendClientError('aborted', 'the request was cancelled')).exitCode).to.equal(
      130,
    );
  });

  it('says when an error was not expected and how to see more', () => {
    expect(describeFailure(new TypeError('x is not a function'))).to.deep.equal({
      line: 'unexpected error: x is not a function (run with --debug for details)',
      exitCode: 1,
    });
  });
});
