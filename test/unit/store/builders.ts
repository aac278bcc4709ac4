/** Small records the store tests build: a job of one chat and a 帮助 message delivery. */
import type { Inbound } from '../../../src/bot/platform.js';
import type { NewJob } from '../../../src/store/jobs.js';

export function makeJob(id: string): NewJob {
  return {
    id,
    type: 'blue',
    chat: { platform: 'feishu', chatId: 'oc_1', chatType: 'group' },
    requester: { id: 'ou_1' },
    accountKey: 'acc',
    taskId: `task-${id}`,
  };
}

export function message(dedupeId: string): Inbound {
  return {
    kind: 'message',
    chat: { platform: 'feishu', chatId: 'oc_1', chatType: 'group' },
    user: { id: 'ou_1' },
    dedupeId,
    text: '帮助',
    mentioned: true,
  };
}
