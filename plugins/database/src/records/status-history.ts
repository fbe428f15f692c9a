/** Merges one transition into a `{STATUS: iso8601}` history; returns a new object so the ORM sees the change. */
export function withTransition(
  history: Record<string, string>,
  status: string,
  at: Date,
): Record<string, string> {
  return { ...history, [status]: at.toISOString() };
}
