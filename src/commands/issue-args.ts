/**
 * `开票` arguments → RawDraft. Parse only: values stay strings as typed (width-normalised), checkDraft judges them.
 *
 * Where a line key goes (decided where contract.md is silent):
 * - Header keys (购方, 税号, 备注, 类型, 邮箱) belong to the invoice wherever they appear.
 * - Every item key (`项目=` or a synonym) starts a new line item, also a second one on the same text line (phones make
 *   line breaks awkward), except that line keys written before the `项目=` of their text line belong to that item.
 * - Line keys on a text line without an item key belong to the current item (a wrapped long line); on the first
 *   line they start item 1. So the first line may hold only header keys, with the items on the lines below.
 * - A blank value (`税号=`) counts as written (a second one is a duplicate) but is left out of the draft.
 * - Words that are not `key=value` are a problem rather than silently lost.
 *
 * A duplicate's `field` is the key's contract name (`购方` also for `buyer=`), as in checkDraft. An unknown key's
 * `field` is what the user typed; the type still wants a `key`, so it is the property of the nearest known name
 * (`field` then differs from that key's name, which tells a form not to mark that input).
 * Stray words: `field` is the words, `key` the first known key on their line (else buyer/item).
 * Words after a space in an unquoted name (购方, 项目, 规格, 单位) are refused, not glued on: `购方=杭州测试科技有限公司 随便写点`
 * would otherwise put `随便写点` on the invoice unnoticed. A name with spaces is quoted (`购方="Acme Ltd"`). 备注 is
 * prose and keeps its spaces; the other keys fail their own check when words are glued on.
 */
import type { DraftProblem, RawDraft, RawLine } from '../invoice/raw-draft.js';
import { closestWord, editDistance } from './closest-word.js';
import {
  ISSUE_KEY_NAMES,
  ISSUE_KEYS,
  issueKeyFor,
  issueKeyOf,
  type IssueHeaderProperty,
  type IssueKey,
  type IssueLineProperty,
  type IssueProperty,
} from './issue-keys.js';
import { duplicateKeyText, linePrefix, strayTextText, trailingWordsText, unknownKeyText } from './replies/issue-args.js';
import { tokenizeArgs, type ArgPair } from './tokenizer.js';

export type ParseIssueArgsResult = { ok: true; raw: RawDraft } | { ok: false; problems: DraftProblem[] };

interface OpenLine {
  raw: RawLine;
  written: Set<IssueLineProperty>;
  /** The text line it was opened on. */
  textLine: number;
}

/** A problem whose message depends on how many lines the draft ends up with. */
type PendingProblem = (lineCount: number) => DraftProblem;

/** Names whose stray trailing words would reach the invoice unnoticed (see the file comment). */
const NAME_PROPERTIES: ReadonlySet<IssueProperty> = new Set<IssueProperty>(['buyer', 'item', 'spec', 'unit']);

/** Parses the text after the command name (the router's `args.rest`). */
export function parseIssueArgs(text: string): ParseIssueArgsResult {
  const raw: RawDraft = { lines: [] };
  const headerWritten = new Set<IssueHeaderProperty>();
  const lines: OpenLine[] = [];
  const pending: PendingProblem[] = [];
  let current: OpenLine | undefined;

  const open = (textLine: number): OpenLine => {
    current = { raw: {}, written: new Set(), textLine };
    lines.push(current);
    return current;
  };

  const textLines = tokenizeArgs(text, { isKey: (name) => issueKeyOf(name) !== undefined });
  textLines.forEach((textLine, textIndex) => {
    if (textLine.positional.length > 0) pending.push(strayProblem(textLine.positional, textLine.pairs, textIndex));
    const lineHasItem = textLine.pairs.some((pair) => issueKeyOf(pair.key)?.property === 'item');

    for (const pair of textLine.pairs) {
      const key = issueKeyOf(pair.key);
      if (key === undefined) {
        pending.push(unknownKeyProblem(pair));
        continue;
      }
      const value = pair.value.trim();
      const glued = pair.trailing !== undefined && NAME_PROPERTIES.has(key.property);
      if (key.scope === 'header') {
        if (glued) pending.push(trailingProblem(key, pair, undefined));
        const property = key.property as IssueHeaderProperty;
        if (headerWritten.has(property)) pending.push(duplicateProblem(property, undefined));
        else {
          headerWritten.add(property);
          if (value !== '') raw[property] = value;
        }
        continue;
      }
      const property = key.property as IssueLineProperty;
      const openedHere = current !== undefined && current.textLine === textIndex;
      let target: OpenLine;
      if (property === 'item') {
        target = openedHere && current !== undefined && !current.written.has('item') ? current : open(textIndex);
      } else if (current === undefined || (lineHasItem && !openedHere)) {
        target = open(textIndex);
      } else {
        target = current;
      }
      if (target.written.has(property)) {
        pending.push(duplicateProblem(property, lines.indexOf(target) + 1));
        continue;
      }
      target.written.add(property);
      if (glued) pending.push(trailingProblem(key, pair, lines.indexOf(target) + 1));
      if (value !== '') target.raw[property] = value;
    }
  });

  raw.lines = lines.map((line) => line.raw);
  if (pending.length > 0) return { ok: false, problems: pending.map((make) => make(lines.length)) };
  return { ok: true, raw };
}

function duplicateProblem(property: IssueProperty, line: number | undefined): PendingProblem {
  const { field } = issueKeyFor(property);
  return (lineCount) => {
    const message = duplicateKeyText(field, linePrefix(line, lineCount));
    const problem: DraftProblem = { field, key: property, message };
    if (line !== undefined) problem.line = line;
    return problem;
  };
}

function trailingProblem(key: IssueKey, pair: ArgPair, line: number | undefined): PendingProblem {
  return (lineCount) => {
    const message = trailingWordsText(key.field, pair.rawKey, pair.value.trim(), pair.trailing ?? '', linePrefix(line, lineCount));
    const problem: DraftProblem = { field: key.field, key: key.property, message };
    if (line !== undefined) problem.line = line;
    return problem;
  };
}

function unknownKeyProblem(pair: ArgPair): PendingProblem {
  const suggestion = closestWord(pair.key, ISSUE_KEY_NAMES);
  const english = /^[a-z_]+$/u.test(pair.key);
  const available = ISSUE_KEYS.map((key) => (english ? key.english : key.field));
  const problem: DraftProblem = {
    field: pair.rawKey,
    key: (suggestion === undefined ? nearestKey(pair.key) : issueKeyOf(suggestion) ?? nearestKey(pair.key)).property,
    message: unknownKeyText(pair.rawKey, suggestion, available),
  };
  return () => problem;
}

/** The key whose nearest name is closest, however far: DraftProblem needs some key. */
function nearestKey(typed: string): IssueKey {
  let best: { key: IssueKey; distance: number } | undefined;
  for (const name of ISSUE_KEY_NAMES) {
    const key = issueKeyOf(name);
    const distance = editDistance(typed, name);
    if (key !== undefined && (best === undefined || distance < best.distance)) best = { key, distance };
  }
  if (best === undefined) throw new Error('ISSUE_KEYS is empty');
  return best.key;
}

function strayProblem(words: readonly string[], pairs: readonly ArgPair[], textIndex: number): PendingProblem {
  const nextKey = pairs.map((pair) => issueKeyOf(pair.key)).find((key) => key !== undefined);
  const problem: DraftProblem = {
    field: words.join(' '),
    key: nextKey?.property ?? (textIndex === 0 ? 'buyer' : 'item'),
    message: strayTextText(words),
  };
  return () => problem;
}
