/**
 * `帮助`: generated from the registry, so a new command shows up without touching this file.
 * `帮助` lists every command with its aliases and one example; `帮助 开票` shows one command's usage and example.
 */
import { defineCommand, type CommandDef, type CommandInfo, type Permission } from './registry.js';
import { splitCommand } from './tokenizer.js';

const EXAMPLE_INDENT = '  ';

/** What help knows of the setup. */
export interface HelpSetup {
  /** ALLOWED_USERS is empty: `allowed` commands are everyone's, so marking them would restrict nothing. */
  everyoneAllowed?: boolean;
}

/** A mark only where it tells someone they may be turned away. */
function permissionNote(permission: Permission, setup: HelpSetup): string {
  if (permission === 'approver') return '（仅审批人）';
  if (permission === 'admin') return '（仅管理员）';
  if (permission === 'allowed' && !setup.everyoneAllowed) return '（需开票权限）';
  return '';
}

/** Multi-line examples keep their lines, indented under the first. */
function indentExample(example: string): string {
  return example.split('\n').join(`\n${EXAMPLE_INDENT}   `);
}

function titleOf(command: CommandInfo): string {
  const aliases = command.aliases.length > 0 ? `（${command.aliases.join('、')}）` : '';
  return `${command.name}${aliases}`;
}

export function buildHelpText(commands: readonly CommandInfo[], setup: HelpSetup = {}): string {
  const entries = commands.map(
    (command) =>
      `• ${titleOf(command)}：${command.summary}${permissionNote(command.permission, setup)}\n` +
      `${EXAMPLE_INDENT}例：${indentExample(command.example)}`,
  );
  const first = commands.find((command) => command.name !== '帮助');
  const more = first === undefined ? '' : `\n\n发送「帮助 ${first.name}」查看某个命令的详细写法。`;
  return `我能做这些（群里请先 @我，开头的 / 可写可不写）：\n\n${entries.join('\n\n')}${more}`;
}

export function buildCommandHelp(command: CommandInfo, setup: HelpSetup = {}): string {
  return (
    `${titleOf(command)}：${command.summary}${permissionNote(command.permission, setup)}\n` +
    `写法：${command.usage}\n` +
    `例：${command.example}`
  );
}

/** The command named by a typed word (name or alias, any case, optional `/`). */
function findInfo(commands: readonly CommandInfo[], word: string): CommandInfo | undefined {
  const name = splitCommand(word).name;
  return commands.find((command) => [command.name, ...command.aliases].some((alias) => alias.toLowerCase() === name));
}

export interface HelpOptions<S> {
  /** Adds a paragraph about the current setup. */
  note?: (services: S) => string | undefined;
  /** The setup the permission marks depend on (default: every mark shown). */
  setup?: (services: S) => HelpSetup;
}

/** The `帮助` / `help` command; register it with the others. */
export function defineHelpCommand<S>({ note, setup: setupOf }: HelpOptions<S> = {}): CommandDef<S> {
  return defineCommand<S>({
    name: '帮助',
    aliases: ['help'],
    usage: '帮助 [命令]',
    example: '帮助',
    summary: '列出所有命令，或看一个命令的写法',
    handler: ({ args, commands, services }) => {
      const wanted = args.positional[0];
      const setup = setupOf?.(services) ?? {};
      if (wanted === undefined) {
        const extra = note?.(services);
        return extra ? `${buildHelpText(commands, setup)}\n\n${extra}` : buildHelpText(commands, setup);
      }
      const command = findInfo(commands, wanted);
      return command === undefined
        ? `没有「${wanted}」这个命令。\n\n${buildHelpText(commands, setup)}`
        : buildCommandHelp(command, setup);
    },
  });
}
