/**
 * Commands and card actions as declarations, and the router that picks one for each Inbound.
 *
 * A command is one `defineCommand({...})`; its handler returns what to say (a `Reply` or just a string) and the caller
 * sends it. Card clicks are routed the same way by `value.op` to a `defineAction({...})`. The registry knows nothing
 * of workflows: whatever they need arrives as `services`, typed by the caller's `S`.
 *
 * Routing rules: in a group only messages that mention the bot are answered (others → `undefined`, stay silent); in a
 * private chat every message is. The command word matches a name or alias case-insensitively, with or without `/`,
 * and also glued to its arguments when they clearly start (`验证码123456`, `开票：购方=…`). Handler errors propagate.
 */
import type {
  ActionAnswer,
  ActionValue,
  Card,
  Inbound,
  InboundAction,
  InboundMessage,
  UserRef,
} from '../bot/platform.js';
import { truncateEcho } from '../reply-caps.js';
import { closestWord } from './closest-word.js';
import {
  ACTION_DENIED_TEXT,
  EMPTY_MESSAGE_TEXT,
  STALE_BUTTON_TEXT,
  permissionDeniedText,
  unknownCommandText,
} from './replies/routing.js';
import { splitCommand, tokenizeArgs, type ArgLine, type ArgPair, type SplitCommand } from './tokenizer.js';

/** Who may run a command: everyone, the ALLOWED_USERS (everyone when that is empty), the APPROVERS, or the BOT_ADMINS. */
export type Permission = 'anyone' | 'allowed' | 'approver' | 'admin';

/** What to say. For a message: `text` then `card` are posted to the chat. For a card click: `answer` is the
 * immediate answer (toast, replacement of the clicked card) and `text`/`card` are posted as new messages. */
export interface Reply {
  text?: string;
  card?: Card;
  answer?: ActionAnswer;
}

/** A handler may return a Reply, a string (shorthand for `{ text }`), or nothing (no reply). */
export type HandlerResult = Reply | string | undefined | void;

export interface CommandArgs {
  /** The command word as typed, normalised and lower-cased (`开票`, `issue`). */
  name: string;
  /** Normalised text after the command word, line breaks kept: what `parseIssueArgs` takes. */
  rest: string;
  /** Words before the first pair on each line, all lines in order (`验证码 123456` → `['123456']`). */
  positional: string[];
  /** All `key=value` pairs in order (default key rule: see `tokenizeArgs`). */
  pairs: ArgPair[];
  lines: ArgLine[];
}

/** The declarative part of a command: what help shows. */
export interface CommandInfo {
  name: string;
  aliases: readonly string[];
  /** Syntax, e.g. `红冲 <发票号码> <原因>`. */
  usage: string;
  /** One complete example; may span lines. */
  example: string;
  /** One short Chinese sentence. */
  summary: string;
  permission: Permission;
}

export interface CommandContext<S> {
  inbound: InboundMessage;
  args: CommandArgs;
  services: S;
  /** Every registered command (for help and hints). */
  commands: readonly CommandInfo[];
}

export type CommandHandler<S> = (ctx: CommandContext<S>) => Promise<HandlerResult> | HandlerResult;

export interface CommandDef<S> extends CommandInfo {
  handler: CommandHandler<S>;
}

export interface CommandSpec<S> {
  name: string;
  aliases?: readonly string[];
  usage: string;
  example: string;
  summary: string;
  /** Default `anyone`. */
  permission?: Permission;
  handler: CommandHandler<S>;
}

export interface ActionContext<S> {
  inbound: InboundAction;
  /** The clicked button's value (`value.op` chose this action). */
  value: ActionValue;
  /** Submitted form fields; empty for a plain button. */
  form: Record<string, string>;
  services: S;
}

export type ActionHandler<S> = (ctx: ActionContext<S>) => Promise<HandlerResult> | HandlerResult;

export interface ActionDef<S> {
  op: string;
  permission: Permission;
  handler: ActionHandler<S>;
}

export interface ActionSpec<S> {
  op: string;
  /** Default `anyone`. */
  permission?: Permission;
  handler: ActionHandler<S>;
}

/** Decides `allowed`, `approver` and `admin`; the app builds it from ALLOWED_USERS, APPROVERS and BOT_ADMINS. */
export type PermissionCheck<S> = (
  user: UserRef,
  permission: Exclude<Permission, 'anyone'>,
  services: S,
) => boolean | Promise<boolean>;

export interface RouterOptions<S> {
  commands: readonly CommandDef<S>[];
  actions?: readonly ActionDef<S>[];
  /** Without it only `anyone` commands and actions run (fail closed). */
  permits?: PermissionCheck<S>;
  /**
   * Asked before the unknown-command reply, e.g. for a bare SMS code while a login waits for one.
   * Returning nothing means "not mine": the unknown-command reply follows.
   */
  fallback?: CommandHandler<S>;
}

export interface Router<S> {
  route(inbound: Inbound, services: S): Promise<Reply | undefined>;
  /** Commands in the order given, for help. */
  readonly commands: readonly CommandInfo[];
  /** The command a typed word names (name or alias, any case, optional `/`), or undefined. */
  findCommand(word: string): CommandDef<S> | undefined;
}

const NAME_RULE = /^[^\s/]+$/u;

export function defineCommand<S>(spec: CommandSpec<S>): CommandDef<S> {
  for (const name of [spec.name, ...(spec.aliases ?? [])]) {
    if (!NAME_RULE.test(name)) throw new Error(`command name "${name}" must be one word without "/"`);
  }
  return Object.freeze({
    name: spec.name,
    aliases: Object.freeze([...(spec.aliases ?? [])]),
    usage: spec.usage,
    example: spec.example,
    summary: spec.summary,
    permission: spec.permission ?? 'anyone',
    handler: spec.handler,
  });
}

export function defineAction<S>(spec: ActionSpec<S>): ActionDef<S> {
  if (spec.op.trim() === '') throw new Error('action op must not be empty');
  return Object.freeze({ op: spec.op, permission: spec.permission ?? 'anyone', handler: spec.handler });
}

/** Text that plainly starts arguments right after a glued command word: a digit, a quote, a separator, `key=`. */
const GLUED_ARGUMENTS = /^(?:[0-9"“”「『:：,，]|[\p{L}_][\p{L}\p{N}_]*\s*=)/u;

/** Throws on a name, alias or op registered twice: a programming error better found at start-up. */
export function createRouter<S>(options: RouterOptions<S>): Router<S> {
  const byWord = new Map<string, CommandDef<S>>();
  for (const command of options.commands) {
    for (const word of [command.name, ...command.aliases].map((name) => name.toLowerCase())) {
      if (byWord.has(word)) throw new Error(`command word "${word}" is registered twice`);
      byWord.set(word, command);
    }
  }
  const byOp = new Map<string, ActionDef<S>>();
  for (const action of options.actions ?? []) {
    if (byOp.has(action.op)) throw new Error(`action op "${action.op}" is registered twice`);
    byOp.set(action.op, action);
  }
  const infos: readonly CommandInfo[] = Object.freeze(options.commands.map(infoOf));
  // Longest first, so `开票…` is not read as the alias `开` followed by `票…`.
  const wordsLongestFirst = [...byWord.keys()].sort((a, b) => [...b].length - [...a].length);

  const permitted = async (user: UserRef, permission: Permission, services: S): Promise<boolean> =>
    permission === 'anyone' || (options.permits !== undefined && (await options.permits(user, permission, services)));

  /** Exact word, else a command word glued to its arguments; returns the command and the arguments text. */
  const match = (split: SplitCommand): { command: CommandDef<S>; rest: string } | undefined => {
    const exact = byWord.get(split.name);
    if (exact !== undefined) return { command: exact, rest: split.rest };
    const lowerWord = split.word.toLowerCase();
    for (const candidate of wordsLongestFirst) {
      // Slice the word as typed so glued arguments keep their case.
      const remainder = split.word.slice(candidate.length);
      if (!lowerWord.startsWith(candidate) || !GLUED_ARGUMENTS.test(remainder)) continue;
      const command = byWord.get(candidate);
      const glued = remainder.replace(/^[:：,，]+/u, '');
      if (command !== undefined) return { command, rest: split.rest === '' ? glued : `${glued} ${split.rest}` };
    }
    return undefined;
  };

  const routeMessage = async (inbound: InboundMessage, services: S): Promise<Reply | undefined> => {
    if (inbound.chat.chatType === 'group' && !inbound.mentioned) return undefined;
    const split = splitCommand(inbound.text);
    if (split.name === '') return { text: EMPTY_MESSAGE_TEXT };
    const found = match(split);
    if (found === undefined) {
      const ctx: CommandContext<S> = { inbound, args: argsOf(split.name, split.rest), services, commands: infos };
      const handled = options.fallback === undefined ? undefined : toReply(await options.fallback(ctx));
      const suggestion = closestWord(split.name, [...byWord.keys()]);
      return handled ?? { text: unknownCommandText(truncateEcho(split.name, 12), suggestion) };
    }
    const { command } = found;
    const { permission } = command;
    if (permission !== 'anyone' && !(await permitted(inbound.user, permission, services))) {
      return { text: permissionDeniedText(command.name, permission) };
    }
    const ctx: CommandContext<S> = { inbound, args: argsOf(split.name, found.rest), services, commands: infos };
    return toReply(await command.handler(ctx));
  };

  const routeAction = async (inbound: InboundAction, services: S): Promise<Reply | undefined> => {
    const action = byOp.get(inbound.value.op ?? '');
    if (action === undefined) return { answer: { toast: { type: 'warning', text: STALE_BUTTON_TEXT } } };
    if (!(await permitted(inbound.user, action.permission, services))) {
      return { answer: { toast: { type: 'error', text: ACTION_DENIED_TEXT } } };
    }
    return toReply(await action.handler({ inbound, value: inbound.value, form: inbound.form ?? {}, services }));
  };

  return {
    commands: infos,
    findCommand: (word) => byWord.get(splitCommand(word).name),
    route: (inbound, services) =>
      inbound.kind === 'action' ? routeAction(inbound, services) : routeMessage(inbound, services),
  };
}

function infoOf<S>(command: CommandDef<S>): CommandInfo {
  const { name, aliases, usage, example, summary, permission } = command;
  return Object.freeze({ name, aliases, usage, example, summary, permission });
}

function argsOf(name: string, rest: string): CommandArgs {
  const lines = tokenizeArgs(rest);
  return {
    name,
    rest,
    positional: lines.flatMap((line) => line.positional),
    pairs: lines.flatMap((line) => line.pairs),
    lines,
  };
}

function toReply(result: HandlerResult): Reply | undefined {
  if (result === undefined) return undefined;
  if (typeof result === 'string') return result === '' ? undefined : { text: result };
  const empty = result.text === undefined && result.card === undefined && result.answer === undefined;
  return empty ? undefined : result;
}
