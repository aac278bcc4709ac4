/**
 * Chat text → the `text` of a Feishu text message (msg_type `text`), shown as plain text.
 *
 * Feishu reads markup in text messages too: `<at user_id="all"></at>` (also `<at id=all>`) mentions everyone,
 * `<b>`/`<i>`/`<u>`/`<s>` style, `[文本](链接)` is a hyperlink, `**…**` and `~~…~~` format. Text messages show HTML
 * entities as typed (not confirmed either way), so escaping is not an option; instead an invisible U+2060 WORD
 * JOINER goes right after the character that would open the markup. The text looks the same, and nothing in it is
 * read as a tag, a link or formatting. Bare URLs are left alone: the delivery message's download link must stay
 * clickable, and a bare URL shows where it goes.
 */

const JOINER = '\u2060';

/** `<` opening a tag (`<at`, `</b>`, `<a href`), `](` of a markdown link, doubled `*`, `~`, `_`, an `&name;` entity. */
const MARKUP_OPENER = /<(?=\s*[/!A-Za-z])|\](?=\s*\()|([*~_])(?=\1)|&(?=#?[A-Za-z0-9]+;)/gu;
/** A bare URL, up to a space or a character that would end it in markup; left whole so it stays a working link. */
const BARE_URL = /(https?:\/\/[^\s<>"'()[\]]+)/u;

export function feishuTextContent(text: string): string {
  return text
    .split(BARE_URL)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(MARKUP_OPENER, (opener) => `${opener}${JOINER}`)))
    .join('');
}
