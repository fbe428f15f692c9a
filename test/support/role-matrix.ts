/// <reference types="mocha" />
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';

/** One mutation of a role matrix, made ready for one caller on fresh rows named by `tag`. */
export interface RoleMatrixCase {
  mutation: string;
  /** The roles that may run it (by the callers' role names); default superadmins only. */
  allowed?: ReadonlySet<string>;
  /** Sets up what the call works on; answers the call and a snapshot of what it would change. */
  prepare(tag: string): Promise<{ query: string; snapshot: () => Promise<unknown> }>;
}

/** A GraphQL answer as the harnesses return it. */
interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: unknown[];
}

/**
 * One `describe` per mutation and one test per caller: an allowed caller's call answers `ok` and
 * changes the snapshot; a refused caller gets one `forbidden` error, a null field, and the snapshot
 * unchanged (nothing written).
 */
export function describeRoleMatrix<C>(
  cases: readonly RoleMatrixCase[],
  callers: ReadonlyArray<readonly [string, C]>,
  call: (caller: C, query: string) => Promise<GraphQLAnswer>,
): void {
  let counter = 0;
  for (const matrixCase of cases) {
    describe(matrixCase.mutation, () => {
      for (const [role, caller] of callers) {
        const allowed = (matrixCase.allowed ?? SUPERADMIN_ONLY).has(role);
        it(`${allowed ? 'lets' : 'refuses'} the ${role}`, async () => {
          const tag = `${++counter}-${randomUUID().slice(0, 8)}`;
          const { query, snapshot } = await matrixCase.prepare(tag);
          const before = await snapshot();
          const answer = await call(caller, query);
          const [field] = Object.keys(answer.data ?? {});
          if (allowed) {
            expect(answer.errors, JSON.stringify(answer.errors)).to.equal(undefined);
            const payload = answer.data![field!] as { ok: boolean; msg: string };
            expect(payload.ok, payload.msg).to.equal(true);
            expect(await snapshot()).to.not.deep.equal(before);
          } else {
            expect(answer.errors, JSON.stringify(answer.data)).to.be.an('array').with.lengthOf(1);
            const [error] = answer.errors as Array<{ message: string; extensions: { code: string } }>;
            expect(error!.extensions.code, error!.message).to.equal('forbidden');
            expect(answer.data).to.deep.equal({ [field!]: null });
            expect(await snapshot()).to.deep.equal(before);
          }
        });
      }
    });
  }
}

const SUPERADMIN_ONLY: ReadonlySet<string> = new Set(['superadmin']);
