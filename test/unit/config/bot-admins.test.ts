import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';

describe('BOT_ADMINS', () => {
  it('is a list of platform user ids like APPROVERS, empty by default', () => {
    expect(loadConfig({}).botAdmins).toEqual([]);
    expect(loadConfig({ BOT_ADMINS: 'ou_1, ou_2，ou_3' }).botAdmins).toEqual(['ou_1', 'ou_2', 'ou_3']);
  });
});
