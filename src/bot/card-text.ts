/** Building and reading neutral card text (`CardText`) without knowing any platform's markup. */
import type { CardSpan, CardText } from './platform.js';

/** Paragraphs (each a CardText) joined by blank lines; empty ones are left out. */
export function paragraphs(...parts: ReadonlyArray<CardText | undefined>): CardText {
  const kept = parts.filter((part): part is CardText => part !== undefined && part.length > 0);
  return kept.flatMap((part, index) => (index === 0 ? [...part] : ['\n\n', ...part]));
}

/** Lines (each a CardText) joined by line breaks. */
export function lines(parts: readonly CardText[]): CardText {
  return parts.flatMap((part, index) => (index === 0 ? [...part] : ['\n', ...part]));
}

/** What a person reads: the text of every span, without any formatting. */
export function plainTextOf(text: CardText): string {
  return text.map(spanText).join('');
}

function spanText(span: CardSpan): string {
  if (typeof span === 'string') return span;
  return 'strong' in span ? span.strong : span.text;
}
