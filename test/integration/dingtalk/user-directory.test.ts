import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import { DingTalkClient } from '../../../src/bot/dingtalk/openapi.js';
import { createDingTalkUserDirectory } from '../../../src/bot/dingtalk/user-directory.js';
import { startFakeDingTalk, type FakeDingTalk } from '../../fakes/dingtalk/platform.js';

let fake: FakeDingTalk;
let client: DingTalkClient;

beforeEach(async () => {
  fake = await startFakeDingTalk();
  client = new DingTalkClient({
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    apiBase: fake.url,
    oapiBase: fake.url,
    logger: createLogger('silent'),
  });
});

afterEach(async () => {
  await client.close();
  await fake.close();
});

describe('DingTalk address book (topapi/v2/user/get)', () => {
  it('names a member by staffId, says nothing of a stranger, and fetches a new token when the old one is refused', async () => {
    fake.users.set('manager4220', '主管老李');
    const directory = createDingTalkUserDirectory(client);
    expect(await directory.lookupName('manager4220')).toBe('主管老李');
    expect(await directory.lookupName('nobody')).toBeUndefined();
    fake.expireTokens();
    expect(await directory.lookupName('manager4220')).toBe('主管老李');
    expect(fake.tokensIssued()).toHaveLength(2);
    expect(fake.calls.filter((call) => call.path === '/topapi/v2/user/get').map((call) => call.code)).toEqual([undefined, '60121', '40014', undefined]);
  });
});
