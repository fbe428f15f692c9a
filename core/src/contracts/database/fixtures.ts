/** Rows inserted and rows left alone (they existed already), per table. */
export type FixtureCounts = Record<string, { inserted: number; existing: number }>;

/** Loads operator fixtures (`tessera fixture populate`): domains, users, keypairs, policies, ... */
export interface DatabaseFixtures {
  /**
   * Loads a fixture document (the format the database plugin's README describes) in one
   * transaction. Idempotent: a row whose key exists is left as it is. Invalid data throws
   * `fixture-invalid` naming the JSON path, and nothing is written.
   */
  populate(data: unknown): Promise<FixtureCounts>;
}
