/**
 * 审批人: lists who approves. BOT_ADMINS add or remove people by mentioning them (`审批人 添加 @张三`), or by their
 * platform user id where a mention is not possible. A change is written before the reply, survives a restart and
 * shows in 状态 at once; an approval already waiting is decided by whoever approves when the button is clicked.
 */
import type { UserRef } from '../bot/platform.js';
import { displayName } from '../bot/user-names.js';
import { approverNames } from '../flows/approver-names.js';
import { defineCommand } from './registry.js';
import {
  addedText,
  alreadyApproverText,
  approverListText,
  APPROVERS_USAGE,
  NOT_ADMIN_TEXT,
  nobodyNamedText,
  notApproverText,
  notAUserText,
  removedText,
  unknownApproverActionText,
} from './replies/approvers.js';
import type { BotServices } from './services.js';

const CHANGES = new Map<string, 'add' | 'remove'>([
  ...['添加', '增加', '加', 'add'].map((word) => [word, 'add'] as const),
  ...['移除', '删除', '去掉', '删', 'remove'].map((word) => [word, 'remove'] as const),
]);
const VERB = { add: '添加', remove: '移除' } as const;

/** Feishu open_ids (`ou_…`), DingTalk staff ids: ASCII letters, digits, `_` and `-`. */
const USER_ID = /^[A-Za-z0-9_-]{3,64}$/u;

export const approversCommand = defineCommand<BotServices>({
  name: '审批人',
  aliases: ['approvers'],
  usage: APPROVERS_USAGE,
  example: '审批人 添加 @张三',
  summary: '查看审批人；机器人管理员可以 @ 某人添加或移除审批人',
  async handler({ inbound, args, services }) {
    const ctx = services.flowContext;
    const { platform } = inbound.chat;
    const mentioned = inbound.mentions ?? [];
    ctx.names.remember(platform, mentioned);
    const [word, ...words] = args.positional;
    if (word === undefined) return approverListText(await approverNames(ctx, platform));
    const change = CHANGES.get(word.toLowerCase());
    if (change === undefined) return unknownApproverActionText(word);
    if (!services.botAdmins.includes(inbound.user.id)) return NOT_ADMIN_TEXT;
    const verb = VERB[change];
    const stray = words.find((typed) => !USER_ID.test(typed));
    if (stray !== undefined) return notAUserText(stray, verb);
    const people: UserRef[] = [...mentioned, ...words.map((id) => ({ id }))];
    if (people.length === 0) return nobodyNamedText(verb);

    const lines: string[] = [];
    for (const person of people) {
      const known = await ctx.names.named(platform, person);
      const name = displayName(known);
      if (change === 'add') {
        const added = await services.approvers.add(known, inbound.user.id);
        lines.push(added ? addedText(name) : alreadyApproverText(name));
      } else {
        lines.push((await services.approvers.remove(person.id, inbound.user.id)) ? removedText(name) : notApproverText(name));
      }
    }
    lines.push('', approverListText(await approverNames(ctx, platform)));
    return lines.join('\n');
  },
});
