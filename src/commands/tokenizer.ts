/**
 * Turns what people type on phones (Chinese IMEs, full-width characters, curly quotes) into a command word and its
 * arguments: positional words and `key=value` pairs.
 *
 * Rules, in the order they apply:
 * - Width: U+FF01–U+FF5E fold to ASCII (`＝`→`=`, `％`→`%`, `１`→`1`, `Ａ`→`A`), except the punctuation Chinese
 *   prose and company names use as written — `（），；：！？` — so `杭州某某（集团）有限公司` reaches the invoice unchanged.
 *   The tokenizer treats the kept `，；：` like their ASCII twins where they are syntax.
 * - Spaces: ideographic space, NBSP and the other Unicode spaces and tabs become a plain space; zero-width characters
 *   go; CRLF and CR become LF; every line is trimmed.
 * - A pair starts at a word boundary (line start, after whitespace, or after a `,，;；` separator) with a key
 *   (letters, CJK, digits after the first, `_`) followed by `=`; `:` and `：` count as `=` when the key is known
 *   (`isKey`), so `联系人：张三` inside a remark or `10:30` stay text. Spaces around the separator are allowed.
 * - A value is quoted when a quote directly follows the separator (`"…"`, `“…”`, `「…」`, `『…』`); otherwise it runs
 *   to the next pair on the same line, so `购方=杭州 测试 有限公司 税号=…` gives the buyer `杭州 测试 有限公司`
 *   (inner whitespace collapsed to one space, trailing `,，;；` dropped). Text right after a closing quote joins the
 *   value. A value never crosses a line break. To put `word=` inside a value, quote the value. The words after a
 *   value's first space are also reported apart (`ArgPair.trailing`): `开票` refuses them on a name, where they are
 *   more likely a stray note than part of it.
 * - `备注=a=b` is the remark `a=b`: the start of a value is not a word boundary.
 * - Words on a line before its first pair are positional; quotes group words and are dropped.
 */

/** Full-width punctuation kept as typed: Chinese text uses it, and the tokenizer understands `，；：` directly. */
const KEPT_FULL_WIDTH = new Set(['（', '）', '，', '；', '：', '！', '？']);

/** Unicode spaces other than U+0020 that IMEs and copy-paste produce. */
const ODD_SPACES = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/gu;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/gu;

/** Opening quote → the closing quotes that end it (IMEs sometimes type `”` for both ends). */
const QUOTES: ReadonlyMap<string, readonly string[]> = new Map([
  ['"', ['"', '”', '“']],
  ['“', ['”', '“', '"']],
  ['”', ['”', '“', '"']],
  ['「', ['」']],
  ['『', ['』']],
]);

const SEPARATORS = new Set([',', '，', ';', '；']);
const KEY_AT = /^([\p{L}_][\p{L}\p{N}_]*)[ ]*([=:：])/u;
const COLON_KEY_DEFAULT = /^[\p{L}_]+$/u;

/** Width folding, space and line-break clean-up; see the file comment. */
export function normalizeText(text: string): string {
  let folded = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    const foldable = code >= 0xff01 && code <= 0xff5e && !KEPT_FULL_WIDTH.has(char);
    folded += foldable ? String.fromCodePoint(code - 0xfee0) : char;
  }
  return folded
    .replace(ZERO_WIDTH, '')
    .replace(/\r\n?|[\u2028\u2029]/gu, '\n')
    .replace(ODD_SPACES, ' ')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .trim();
}

/** One `key=value` pair as typed. */
export interface ArgPair {
  /** The key lower-cased (`Buyer` → `buyer`; Chinese unchanged). */
  key: string;
  /** The key exactly as typed, for messages. */
  rawKey: string;
  value: string;
  /**
   * The words of the value after its first space, when it has any: `购方=杭州测试 随便写点` (or `购方="杭州" 随便写点`)
   * has the value `杭州测试 随便写点` and `trailing` `随便写点`, so a parser can refuse stray words after a name instead
   * of gluing them on silently. Absent for a quoted value with spaces inside the quotes.
   */
  trailing?: string;
  /** 0-based index into `ArgLines.lines` (blank lines are not counted). */
  line: number;
}

/** One non-blank line of arguments. */
export interface ArgLine {
  text: string;
  /** Words before the line's first pair. */
  positional: string[];
  pairs: ArgPair[];
}

export interface TokenizeOptions {
  /**
   * Whether a word is a key when followed by `:` or `：` (a word followed by `=` always is).
   * Default: a word of letters only, no digits.
   */
  isKey?: (lowerCasedKey: string) => boolean;
}

/** Splits normalised argument text into lines of positional words and pairs. */
export function tokenizeArgs(text: string, options: TokenizeOptions = {}): ArgLine[] {
  const isKey = options.isKey ?? ((key: string) => COLON_KEY_DEFAULT.test(key));
  const lines: ArgLine[] = [];
  for (const line of normalizeText(text).split('\n')) {
    if (line === '') continue;
    lines.push(new LineScanner(line, lines.length, isKey).scan());
  }
  return lines;
}

/** The command word and the text after it. */
export interface SplitCommand {
  /** Lower-cased, without a leading `/` or trailing `?？!！。,，`; empty for an empty message. */
  name: string;
  /** The first word as typed (case kept, no leading `/`), for commands glued to their arguments. */
  word: string;
  /** Normalised text after the name, lines kept. */
  rest: string;
}

export function splitCommand(text: string): SplitCommand {
  const normalized = normalizeText(text).replace(/^\/+\s*/u, '');
  const match = /^(\S*)\s*([\s\S]*)$/u.exec(normalized);
  const word = match?.[1] ?? '';
  return { name: word.replace(/[?？!！。,，]+$/u, '').toLowerCase(), word, rest: match?.[2] ?? '' };
}

class LineScanner {
  private position = 0;
  private readonly positional: string[] = [];
  private readonly pairs: ArgPair[] = [];
  private current: ArgPair | undefined;
  /** Whether the value of the current pair began with a quote (then no trailing separators are stripped). */
  private currentQuoted = false;
  /** Length of the current value before its first space-separated addition (see `ArgPair.trailing`). */
  private currentHead: number | undefined;

  constructor(
    private readonly text: string,
    private readonly lineIndex: number,
    private readonly isKey: (key: string) => boolean,
  ) {}

  scan(): ArgLine {
    let boundary = true;
    let spaced = false;
    while (this.position < this.text.length) {
      const char = this.text[this.position] ?? '';
      if (char === ' ') {
        this.position += 1;
        boundary = true;
        spaced = true;
        continue;
      }
      if (SEPARATORS.has(char) && this.keyLength(this.skipSpaces(this.position + 1)) > 0) {
        this.position += 1;
        boundary = true;
        continue;
      }
      if (boundary && this.startPair()) {
        boundary = false;
        spaced = false;
        continue;
      }
      this.takeWord(spaced);
      boundary = false;
      spaced = false;
    }
    this.finishPair();
    return { text: this.text, positional: this.positional, pairs: this.pairs };
  }

  /** Length of `key=` (or a known `key:`) at `from`, or 0. */
  private keyLength(from: number): number {
    const match = KEY_AT.exec(this.text.slice(from));
    if (match === null) return 0;
    const key = (match[1] ?? '').toLowerCase();
    return match[2] === '=' || this.isKey(key) ? match[0].length : 0;
  }

  private skipSpaces(from: number): number {
    let at = from;
    while (this.text[at] === ' ') at += 1;
    return at;
  }

  private startPair(): boolean {
    const length = this.keyLength(this.position);
    if (length === 0) return false;
    this.finishPair();
    const rawKey = (KEY_AT.exec(this.text.slice(this.position))?.[1] ?? '').trim();
    this.position += length;
    this.current = { key: rawKey.toLowerCase(), rawKey, value: '', line: this.lineIndex };
    this.currentQuoted = false;
    this.currentHead = undefined;
    const closers = QUOTES.get(this.text[this.position] ?? '');
    if (closers !== undefined) {
      this.current.value = this.readQuoted(closers);
      this.currentQuoted = true;
    }
    return true;
  }

  /** Reads past an opening quote up to its closing quote (or the end of the line); returns the inside. */
  private readQuoted(closers: readonly string[]): string {
    const start = this.position + 1;
    let end = start;
    while (end < this.text.length && !closers.includes(this.text[end] ?? '')) end += 1;
    this.position = Math.min(end + 1, this.text.length);
    return this.text.slice(start, end);
  }

  /** A run of text up to whitespace or a separator that comes before a pair; quotes group. */
  private takeWord(spaced: boolean): void {
    const start = this.position;
    const closers = QUOTES.get(this.text[start] ?? '');
    if (closers !== undefined) {
      const inside = this.readQuoted(closers);
      if (this.current === undefined) this.positional.push(inside);
      else if (this.current.value === '') {
        // `key= "…"`: the quote opens the value even after a space.
        this.current.value = inside;
        this.currentQuoted = true;
      } else this.append(this.text.slice(start, this.position), spaced);
      return;
    }
    while (this.position < this.text.length) {
      const char = this.text[this.position] ?? '';
      if (char === ' ') break;
      if (SEPARATORS.has(char) && this.keyLength(this.skipSpaces(this.position + 1)) > 0) break;
      this.position += 1;
    }
    // Never stall: the caller consumes separators before pairs, but keep the loop finite regardless.
    if (this.position === start) this.position += 1;
    const word = this.text.slice(start, this.position);
    if (this.current === undefined) this.positional.push(word);
    else this.append(word, spaced);
  }

  private append(word: string, spaced: boolean): void {
    if (this.current === undefined) return;
    const separate = this.current.value !== '' && spaced;
    if (separate && this.currentHead === undefined) this.currentHead = this.current.value.length;
    this.current.value += separate ? ` ${word}` : word;
  }

  private finishPair(): void {
    if (this.current === undefined) return;
    if (!this.currentQuoted) this.current.value = this.current.value.replace(/[,，;；]+$/u, '').trim();
    if (this.currentHead !== undefined) {
      const trailing = this.current.value.slice(this.currentHead).trim();
      if (trailing !== '') this.current.trailing = trailing;
    }
    this.pairs.push(this.current);
    this.current = undefined;
    this.currentHead = undefined;
  }
}
