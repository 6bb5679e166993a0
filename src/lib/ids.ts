import { monotonicFactory } from 'ulid';

const nextUlid = monotonicFactory();

export type IdPrefix = 'ten' | 'ep' | 'evt' | 'dlv' | 'job' | 'key' | 'ps';

/** Time-ordered ids with a readable prefix (`evt_01JD...`): keyset pagination stays cheap. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${nextUlid()}`;
}
