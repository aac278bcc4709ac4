import { describe, expect, it } from 'vitest';
import { createUserNames } from '../../../src/bot/user-names.js';
import type { UserDirectory } from '../../../src/bot/platform.js';
import { createLogger } from '../../../src/logger.js';

/** A directory that counts its lookups; `answer` decides each one. */
function makeDirectory(answer: (id: string) => Promise<string | undefined>): UserDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookupName(id) {
      asked.push(id);
      return answer(id);
    },
  };
}

function makeNames(directory: UserDirectory, clock = { now: 0 }, lookupTimeoutMs = 1_000) {
  return createUserNames({
    directories: { feishu: directory },
    logger: createLogger('silent'),
    now: () => clock.now,
    ttlMs: 1_000,
    missTtlMs: 100,
    lookupTimeoutMs,
  });
}

describe('user names', () => {
  it('asks the platform once per person while the name is fresh, and again after it expires', async () => {
    const directory = makeDirectory(async (id) => (id === 'ou_li' ? '主管老李' : undefined));
    const clock = { now: 0 };
    const names = makeNames(directory, clock);
    const [first, second] = await Promise.all([names.nameOf('feishu', 'ou_li'), names.nameOf('feishu', 'ou_li')]);
    expect([first, second]).toEqual(['主管老李', '主管老李']);
    expect(await names.named('feishu', { id: 'ou_li' })).toEqual({ id: 'ou_li', name: '主管老李' });
    expect(directory.asked).toEqual(['ou_li']);
    clock.now = 1_001;
    await names.nameOf('feishu', 'ou_li');
    expect(directory.asked).toEqual(['ou_li', 'ou_li']);
  });

  it('shows the id for someone the platform does not know or cannot be asked about, and asks again later', async () => {
    const directory = makeDirectory(async (id) => {
      if (id === 'ou_gone') throw new Error('HTTP 400, code 41050');
      return undefined;
    });
    const clock = { now: 0 };
    const names = makeNames(directory, clock);
    expect(await names.nameOf('feishu', 'ou_gone')).toBe('ou_gone');
    expect(await names.named('feishu', { id: 'ou_nobody' })).toEqual({ id: 'ou_nobody' });
    expect(await names.nameOf('dingtalk', 'staff-1')).toBe('staff-1');
    await names.nameOf('feishu', 'ou_gone');
    expect(directory.asked).toEqual(['ou_gone', 'ou_nobody']);
    clock.now = 101;
    await names.nameOf('feishu', 'ou_gone');
    expect(directory.asked).toEqual(['ou_gone', 'ou_nobody', 'ou_gone']);
  });

  it('uses names seen in events before asking, and a name a user already carries as it is', async () => {
    const directory = makeDirectory(async () => '通讯录里的名字');
    const names = makeNames(directory);
    names.remember('feishu', [{ id: 'ou_chen', name: ' 老陈 ' }, { id: 'ou_blank', name: '  ' }]);
    expect(await names.nameOf('feishu', 'ou_chen')).toBe('老陈');
    expect(await names.named('feishu', { id: 'ou_x', name: '钉钉昵称' })).toEqual({ id: 'ou_x', name: '钉钉昵称' });
    expect(directory.asked).toEqual([]);
    expect(await names.nameOf('feishu', 'ou_blank')).toBe('通讯录里的名字');
  });

  it('lets a click go on with the id when the platform is slow, and keeps the late answer for next time', async () => {
    let answer!: (name: string) => void;
    const directory = makeDirectory(() => new Promise<string>((resolve) => (answer = resolve)));
    const names = makeNames(directory, { now: 0 }, 10);
    expect(await names.nameOf('feishu', 'ou_slow')).toBe('ou_slow');
    const patient = names.nameOf('feishu', 'ou_slow', { patient: true });
    answer('慢慢的名字');
    expect(await patient).toBe('慢慢的名字');
    expect(await names.nameOf('feishu', 'ou_slow')).toBe('慢慢的名字');
    expect(directory.asked).toEqual(['ou_slow']);
  });
});
