/**
 * Whether a message the bot sent mentions everyone: `<at user_id="all"></at>` in a text message (the documented way;
 * `@_all` is accepted as well), or `<at id=all></at>` in card markdown. Recorded so tests can assert the bot never
 * pings a whole group.
 */

const TEXT_AT_ALL = /<at\s+user_id\s*=\s*["']?all["']?\s*>|@_all\b/iu;
const MARKDOWN_AT_ALL = /<at\s+id\s*=\s*["']?all["']?\s*>/iu;

export function mentionsEveryone(msgType: string, content: unknown): boolean {
  if (msgType === 'text') return TEXT_AT_ALL.test(String((content as { text?: unknown })?.text ?? ''));
  if (msgType === 'post' || msgType === 'interactive') {
    const json = JSON.stringify(content ?? '');
    return MARKDOWN_AT_ALL.test(json) || /"user_id":"all"/u.test(json);
  }
  return false;
}
