import { defineErrorCodes, TesseraError } from '@tessera/core';

/** The error codes only the event streams raise. */
export const EventErrorCodes = defineErrorCodes('@tessera/manager-events', {
  /** The manager is stopping: no new stream opens (Backend.AI's ServiceUnavailable). */
  'event-streams-stopping': { status: 503, problem: 'service-unavailable' },
});

/** Every error the event streams answer, built in one place. Malformed queries are `ManagerErrors`. */
export const EventErrors = {
  backgroundTaskNotFound(taskId: string): TesseraError {
    return new TesseraError(
      'object-not-found',
      `No such background task "${taskId}": the id is wrong, or the task ended too long ago for its result to be kept`,
      { taskId },
    );
  },
  stopping(): TesseraError {
    return EventErrorCodes.error(
      'event-streams-stopping',
      'The manager is stopping; open the stream again shortly',
    );
  },
};
