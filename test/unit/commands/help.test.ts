import { describe, expect, it } from 'vitest';
import { buildCommandHelp, buildHelpText, defineHelpCommand } from '../../../src/commands/help.js';
import { createRouter, defineCommand, type CommandDef } from '../../../src/commands/registry.js';
import { makeMessage } from './make-inbound.js';

function makeCommand(name: string, aliases: string[], example: string, permission?: 'allowed' | 'approver'): CommandDef<void> {
  return defineCommand<void>({
    name,
    aliases,
    usage: `${name} …`,
    example,
    summary: `${name}的说明`,
    ...(permission === undefined ? {} : { permission }),
    handler: () => 'ok',
  });
}

const commands = [
  defineHelpCommand<void>(),
  makeCommand('登录', ['login'], '登录'),
  makeCommand('开票', ['issue', '开'], '开票 购方=甲 项目=乙 金额=1\n项目=丙 金额=2', 'allowed'),
  makeCommand('红冲', ['refund'], '红冲 25332000000456135731 销货退回', 'approver'),
];
const router = createRouter<void>({ commands, permits: () => true });

describe('help', () => {
  it('lists every command with its aliases and example', () => {
    const text = buildHelpText(router.commands);
    for (const command of router.commands) {
      expect(text).toContain(`• ${command.name}`);
      for (const alias of command.aliases) expect(text).toContain(alias);
      expect(text).toContain(`例：${command.example.split('\n')[0] ?? ''}`);
    }
  });

  it('keeps each line of a multi-line example, indented under the first', () => {
    expect(buildHelpText(router.commands)).toContain('例：开票 购方=甲 项目=乙 金额=1\n     项目=丙 金额=2');
  });

  it('marks commands that need a permission', () => {
    const text = buildHelpText(router.commands);
    expect(text).toContain('红冲（refund）：红冲的说明（仅审批人）');
    expect(text).toContain('开票（issue、开）：开票的说明（需开票权限）');
  });

  it('leaves 需开票权限 off when everyone may use such commands, and keeps the approver and admin marks', async () => {
    const text = buildHelpText(router.commands, { everyoneAllowed: true });
    expect(text).not.toContain('需开票权限');
    expect(text).toContain('开票（issue、开）：开票的说明\n');
    expect(text).toContain('红冲（refund）：红冲的说明（仅审批人）');

    const open = createRouter<void>({
      commands: [defineHelpCommand<void>({ setup: () => ({ everyoneAllowed: true }) }), ...commands.slice(1)],
      permits: () => true,
    });
    expect((await open.route(makeMessage('帮助'), undefined))?.text).toBe(text);
    expect((await open.route(makeMessage('帮助 开票'), undefined))?.text).not.toContain('需开票权限');
  });

  it('answers 帮助 and help with the whole list', async () => {
    const expected = buildHelpText(router.commands);
    expect(await router.route(makeMessage('帮助'), undefined)).toEqual({ text: expected });
    expect(await router.route(makeMessage('/HELP'), undefined)).toEqual({ text: expected });
  });

  it('answers 帮助 <command> with that command’s usage, found by alias too', async () => {
    const refund = router.commands.find((command) => command.name === '红冲');
    if (refund === undefined) throw new Error('红冲 missing');
    expect(await router.route(makeMessage('帮助 refund'), undefined)).toEqual({ text: buildCommandHelp(refund) });
    expect(buildCommandHelp(refund)).toBe(
      '红冲（refund）：红冲的说明（仅审批人）\n写法：红冲 …\n例：红冲 25332000000456135731 销货退回',
    );
  });

  it('answers 帮助 with an unknown name by saying so and listing everything', async () => {
    const reply = await router.route(makeMessage('帮助 飞行'), undefined);
    expect(reply?.text?.startsWith('没有「飞行」这个命令。')).toBe(true);
    expect(reply?.text).toContain('• 登录');
  });
});
