import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApproverRepository } from '../../../src/store/approvers.js';
import { openStore, type Store } from '../../../src/store/db.js';
import { makeTempDir } from '../../helpers/temp-dir.js';

describe('approver list', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let store: Store | undefined;
  beforeEach(async () => {
    temp = await makeTempDir();
  });
  afterEach(async () => {
    await store?.close();
    await temp.remove();
  });

  /** The list as a (re)started bot sees it: the store as left, and APPROVERS as configured now. */
  async function reopen(configured: string[]) {
    await store?.close();
    store = await openStore(temp.dir);
    return createApproverRepository(store, configured);
  }

  it('starts from APPROVERS and keeps chat changes across a restart', async () => {
    let approvers = await reopen(['ou_a', 'ou_b']);
    expect(approvers.ids()).toEqual(['ou_a', 'ou_b']);
    expect(await approvers.add({ id: 'ou_c', name: '老陈' }, 'ou_admin')).toBe(true);
    expect(await approvers.add({ id: 'ou_c' }, 'ou_admin')).toBe(false);
    expect(await approvers.remove('ou_a', 'ou_admin')).toBe(true);
    expect(await approvers.remove('ou_a', 'ou_admin')).toBe(false);

    approvers = await reopen(['ou_a', 'ou_b']);
    expect(approvers.ids()).toEqual(['ou_b', 'ou_c']);
    expect(approvers.includes('ou_a')).toBe(false);
    expect(approvers.knownName('ou_c')).toBe('老陈');
  });

  it('lets the chat outrank APPROVERS only for the people it named', async () => {
    let approvers = await reopen(['ou_a']);
    await approvers.remove('ou_a', 'ou_admin');
    await approvers.add({ id: 'ou_x' }, 'ou_admin');
    // A later deployment lists ou_a again and adds ou_d: the chat's removal of ou_a stands, ou_d counts.
    approvers = await reopen(['ou_a', 'ou_d']);
    expect(approvers.ids()).toEqual(['ou_d', 'ou_x']);
    // Added back in chat, then dropped from APPROVERS: the chat's addition stands.
    await approvers.add({ id: 'ou_a' }, 'ou_admin');
    approvers = await reopen([]);
    expect(approvers.ids()).toEqual(['ou_x', 'ou_a']);
  });

  it('treats ids like __proto__ as plain ids', async () => {
    const approvers = await reopen([]);
    expect(approvers.knownName('__proto__')).toBeUndefined();
    expect(approvers.includes('constructor')).toBe(false);
    await approvers.add({ id: '__proto__', name: 'x' }, 'ou_admin');
    expect(approvers.ids()).toEqual(['__proto__']);
    expect(approvers.knownName('__proto__')).toBe('x');
  });
});
