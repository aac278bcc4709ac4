/**
 * Feishu refuses a card whose JSON is over 30 KB. The neutral cards fold long lists themselves (a job card shows
 * its first lines and the totals); this is the last guard for whatever still comes out too big — a long failure
 * text, many long warnings: the longest markdown element loses lines from its end until the card fits, and says so.
 */
import type { FeishuCardElement, FeishuCardJson } from './wire.js';

/** Feishu's limit on a card's JSON. */
export const FEISHU_CARD_MAX_BYTES = 30 * 1024;
/** What a rendered card may take: room left for the quotes escaped when the card travels as a JSON string. */
export const CARD_BYTE_BUDGET = 28 * 1024;
const CUT_MARK = '…（内容过长，已省略）';

export function cardBytes(card: FeishuCardJson): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** The card as it is when it fits; else a copy whose longest markdown texts are cut at line ends until it fits. */
export function fitFeishuCard(card: FeishuCardJson, budget = CARD_BYTE_BUDGET): FeishuCardJson {
  if (cardBytes(card) <= budget) return card;
  const fitted: FeishuCardJson = structuredClone(card);
  // Elements that can still get shorter.
  let candidates = fitted.body.elements.filter(
    (element): element is FeishuCardElement & { content: string } =>
      element.tag === 'markdown' && typeof element.content === 'string',
  );
  while (candidates.length > 0 && cardBytes(fitted) > budget) {
    const longest = candidates.reduce((best, element) => (element.content.length > best.content.length ? element : best));
    const cut = shorter(longest.content);
    if (cut.length < longest.content.length) longest.content = cut;
    else candidates = candidates.filter((element) => element !== longest);
  }
  return fitted;
}

/** Drops the last line (or, for one long line, its second half, never inside a `&#…;` reference) and marks the cut. */
function shorter(content: string): string {
  const text = content.endsWith(CUT_MARK) ? content.slice(0, -CUT_MARK.length).replace(/\n$/u, '') : content;
  const lastBreak = text.lastIndexOf('\n');
  const kept = lastBreak > 0 ? text.slice(0, lastBreak) : text.slice(0, Math.floor(text.length / 2)).replace(/&#?\d*$/u, '');
  return `${kept}\n${CUT_MARK}`;
}
