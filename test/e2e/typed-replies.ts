/** Typing a list of messages in turn and reading the bot's text answer to each. */
import { waitUntil, type ChatHarness } from './chat-harness.js';

/** For each `[typed, fragment]`: says `typed` and waits for a text containing `fragment`; the texts in order. */
export async function repliesTo(h: ChatHarness, exchanges: ReadonlyArray<readonly [typed: string, fragment: string]>): Promise<string[]> {
  const replies: string[] = [];
  for (const [typed, fragment] of exchanges) {
    await h.say(typed);
    replies.push(await h.text(fragment));
  }
  return replies;
}

/** Says `typed` (as `options.userId`) and gives the next text the bot says. */
export async function replyTo(h: ChatHarness, typed: string, options: { userId?: string } = {}): Promise<string> {
  const before = h.texts().length;
  await h.say(typed, options);
  return waitUntil(() => h.texts()[before], () => h.texts().join('\n'));
}
