import { describe, expect, it } from 'vitest';
import {
  createRouter,
  defineAction,
  defineCommand,
  type CommandArgs,
  type PermissionCheck,
  type RouterOptions,
} from '../../../src/commands/registry.js';
import { makeAction, makeMessage } from './make-inbound.js';

/** What the handlers saw, so a test can tell which one ran and with what. */
interface Services {
  seen: { command: string; args: CommandArgs }[];
}

function makeServices(): Services {
  return { seen: [] };
}

const issue = defineCommand<Services>({
  name: '开票',
  aliases: ['issue', '开'],
  usage: '开票 购方=… 项目=… 金额=…',
  example: '开票 购方=杭州测试科技有限公司 项目=技术服务费 金额=1060 税率=6%',
  summary: '开一张发票',
  permission: 'allowed',
  handler: ({ args, services }) => {
    services.seen.push({ command: '开票', args });
    return { text: '预览' };
  },
});

const code = defineCommand<Services>({
  name: '验证码',
  aliases: ['code'],
  usage: '验证码 <6 位数字>',
  example: '验证码 123456',
  summary: '完成短信登录',
  handler: ({ args, services }) => {
    services.seen.push({ command: '验证码', args });
    return `收到 ${args.positional[0] ?? ''}`;
  },
});

const silent = defineCommand<Services>({
  name: '静默',
  usage: '静默',
  example: '静默',
  summary: '什么也不说',
  handler: () => undefined,
});

const confirm = defineAction<Services>({
  op: 'confirm',
  handler: ({ value, form }) => ({ answer: { toast: { type: 'success', text: `确认 ${value.id ?? ''} ${form.note ?? ''}` } } }),
});

const approve = defineAction<Services>({
  op: 'approve',
  permission: 'approver',
  handler: () => ({ answer: { toast: { type: 'success', text: '已同意' } } }),
});

/** Allows `allowed` for everyone and `approver` for the user `boss`. */
const permits: PermissionCheck<Services> = (user, permission) => permission === 'allowed' || user.id === 'boss';

function makeRouter(options: Partial<RouterOptions<Services>> = {}) {
  return createRouter<Services>({ commands: [issue, code, silent], actions: [confirm, approve], permits, ...options });
}

describe('createRouter: messages', () => {
  it('routes by name and turns a string answer into a text reply', async () => {
    expect(await makeRouter().route(makeMessage('验证码 123456'), makeServices())).toEqual({ text: '收到 123456' });
  });

  it('routes by alias in any case, with or without a leading slash', async () => {
    const router = makeRouter();
    for (const text of ['issue 购方=甲', '/ISSUE 购方=甲', '／开 购方=甲']) {
      const services = makeServices();
      expect(await router.route(makeMessage(text), services)).toEqual({ text: '预览' });
      expect(services.seen[0]?.args.pairs.map((pair) => [pair.key, pair.value])).toEqual([['购方', '甲']]);
    }
  });

  it('hands the handler the arguments: rest with lines, positional and pairs', async () => {
    const services = makeServices();
    await makeRouter().route(makeMessage('开票 购方=甲\r\n项目=乙 金额=１'), services);
    const args = services.seen[0]?.args;
    expect(args?.name).toBe('开票');
    expect(args?.rest).toBe('购方=甲\n项目=乙 金额=1');
    expect(args?.lines).toHaveLength(2);
    expect(args?.pairs.map((pair) => pair.key)).toEqual(['购方', '项目', '金额']);
  });

  it('finds a command word glued to its arguments, preferring the longest name', async () => {
    const services = makeServices();
    const router = makeRouter();
    expect(await router.route(makeMessage('验证码123456'), services)).toEqual({ text: '收到 123456' });
    await router.route(makeMessage('开票：购方=Acme Ltd'), services);
    expect(services.seen[1]?.command).toBe('开票');
    expect(services.seen[1]?.args.rest).toBe('购方=Acme Ltd');
  });

  it('stays silent in a group unless mentioned', async () => {
    const router = makeRouter();
    expect(await router.route(makeMessage('验证码 1', { chatType: 'group', mentioned: false }), makeServices())).toBe(
      undefined,
    );
    expect(await router.route(makeMessage('验证码 1', { chatType: 'group', mentioned: true }), makeServices())).toEqual({
      text: '收到 1',
    });
  });

  it('always answers in a private chat', async () => {
    const message = makeMessage('验证码 2', { chatType: 'p2p', mentioned: false });
    expect(await makeRouter().route(message, makeServices())).toEqual({ text: '收到 2' });
  });

  it('answers an unknown command by pointing to 帮助 and the closest command', async () => {
    const reply = await makeRouter().route(makeMessage('开漂 购方=甲'), makeServices());
    expect(reply?.text).toBe('我不认识「开漂」这个命令。你是不是想用「开票」？发送「帮助」查看所有命令。');
    const far = await makeRouter().route(makeMessage('今天天气怎么样'), makeServices());
    expect(far?.text).toBe('我不认识「今天天气怎么样」这个命令。发送「帮助」查看所有命令。');
  });

  it('suggests an English name for an English typo', async () => {
    const reply = await makeRouter().route(makeMessage('isue'), makeServices());
    expect(reply?.text).toContain('你是不是想用「issue」？');
  });

  it('answers a bare mention with a hint', async () => {
    const reply = await makeRouter().route(makeMessage('', { chatType: 'group', mentioned: true }), makeServices());
    expect(reply?.text).toContain('帮助');
  });

  it('asks the fallback before calling a message unknown', async () => {
    const router = makeRouter({ fallback: ({ args }) => (/^\d{6}$/u.test(args.name) ? `验证码 ${args.name}` : undefined) });
    expect(await router.route(makeMessage('654321'), makeServices())).toEqual({ text: '验证码 654321' });
    expect((await router.route(makeMessage('随便'), makeServices()))?.text).toContain('我不认识「随便」');
  });

  it('returns nothing when the handler says nothing', async () => {
    expect(await makeRouter().route(makeMessage('静默'), makeServices())).toBe(undefined);
  });

  it('checks the permission before running the handler, and fails closed without a check', async () => {
    const services = makeServices();
    const reply = await makeRouter({ permits: undefined }).route(makeMessage('开票 购方=甲'), services);
    expect(reply?.text).toContain('权限');
    expect(services.seen).toEqual([]);
  });
});

describe('createRouter: card actions', () => {
  it('dispatches by value.op with the value and form', async () => {
    const reply = await makeRouter().route(makeAction({ op: 'confirm', id: 'j1' }, { form: { note: '好' } }), makeServices());
    expect(reply).toEqual({ answer: { toast: { type: 'success', text: '确认 j1 好' } } });
  });

  it('answers a click on an unknown op with a warning toast', async () => {
    const reply = await makeRouter().route(makeAction({ op: 'gone' }), makeServices());
    expect(reply?.answer?.toast?.type).toBe('warning');
  });

  it('checks an action’s permission', async () => {
    const router = makeRouter();
    expect((await router.route(makeAction({ op: 'approve' }, { userId: 'someone' }), makeServices()))?.answer?.toast?.type).toBe(
      'error',
    );
    expect((await router.route(makeAction({ op: 'approve' }, { userId: 'boss' }), makeServices()))?.answer?.toast?.text).toBe(
      '已同意',
    );
  });
});

describe('registry declarations', () => {
  it('refuses a name or alias registered twice', () => {
    const twin = defineCommand<Services>({ ...code, name: 'code2', aliases: ['CODE'] });
    expect(() => createRouter<Services>({ commands: [code, twin] })).toThrow(/registered twice/u);
  });

  it('refuses an op registered twice', () => {
    expect(() => createRouter<Services>({ commands: [], actions: [confirm, confirm] })).toThrow(/registered twice/u);
  });

  it('refuses a command name with a space or a slash', () => {
    expect(() => defineCommand({ ...code, name: '验 证' })).toThrow();
    expect(() => defineCommand({ ...code, name: '/code' })).toThrow();
  });

  it('finds commands by typed word and lists their infos in order', () => {
    const router = makeRouter();
    expect(router.findCommand('/Issue')?.name).toBe('开票');
    expect(router.findCommand('登录')).toBe(undefined);
    expect(router.commands.map((command) => command.name)).toEqual(['开票', '验证码', '静默']);
    expect(router.commands[2]?.permission).toBe('anyone');
  });
});
