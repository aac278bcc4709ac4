/**
 * The robot's name in groups. A markdown card's button link sends `@<name> 确认开具 #K7Q2MX` as the clicker, and a
 * group robot only receives messages that mention it, so the name must be the one the group shows; a form's typed
 * template says to mention it too.
 *
 * DINGTALK_BOT_NAME when set. Otherwise it is read from DingTalk: no call names the robot itself, but a group's robot
 * list does (`POST /v1.0/robot/groups/robots/query` {openConversationId} → `chatbotInstanceVOList[{robotCode, name}]`,
 * permission `qyapi_chat_manage`), so the first group that needs the name is asked, and the name is kept. While it
 * cannot be read (no permission, the robot not in the list, DingTalk not answering) DEFAULT_BOT_NAME stands in and
 * the list is asked again after RETRY_MS; the first failure is logged with what to do about it.
 */
import type { Logger } from 'pino';
import type { DingTalkClient } from './openapi.js';

export const DEFAULT_BOT_NAME = '开票助手';
const RETRY_MS = 10 * 60_000;

export interface BotName {
  /** The name to mention in the group `chatId`. */
  inGroup(chatId: string): Promise<string>;
}

export interface BotNameDeps {
  /** DINGTALK_BOT_NAME; absent = read it from a group's robot list. */
  configured?: string;
  client: DingTalkClient;
  robotCode: string;
  logger: Logger;
  now?: () => number;
}

interface GroupRobots {
  chatbotInstanceVOList?: Array<{ robotCode?: string; name?: string }>;
}

export function createBotName(deps: BotNameDeps): BotName {
  const { configured, client, robotCode } = deps;
  if (configured) return { inGroup: () => Promise.resolve(configured) };
  const logger = deps.logger.child({ component: 'dingtalk-bot-name' });
  const now = deps.now ?? Date.now;
  let found: string | undefined;
  let failedAt: number | undefined;
  let warned = false;
  let asking: Promise<string> | undefined;

  async function ask(chatId: string): Promise<string> {
    try {
      const answer = await client.api<GroupRobots>('robot.groups.robots.query', '/v1.0/robot/groups/robots/query', { openConversationId: chatId });
      const name = answer.chatbotInstanceVOList?.find((robot) => robot.robotCode === robotCode)?.name?.trim();
      if (!name) throw new Error(`robot ${robotCode} is not in the group's robot list`);
      found = name;
      logger.info({ botName: name }, 'dingtalk robot name read from a group');
      return name;
    } catch (error) {
      failedAt = now();
      const log = warned ? logger.debug.bind(logger) : logger.warn.bind(logger);
      log({ err: error }, `could not read the dingtalk robot name; button links mention ${DEFAULT_BOT_NAME} (set DINGTALK_BOT_NAME, or grant qyapi_chat_manage)`);
      warned = true;
      return DEFAULT_BOT_NAME;
    }
  }

  return {
    inGroup(chatId) {
      if (found) return Promise.resolve(found);
      if (failedAt !== undefined && now() - failedAt < RETRY_MS) return Promise.resolve(DEFAULT_BOT_NAME);
      asking ??= ask(chatId).finally(() => (asking = undefined));
      return asking;
    },
  };
}
