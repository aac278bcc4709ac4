/** Typing a list of messages in turn and reading the bot's text answer to each. */
import type { ChatHarness } from './chat-harness.js';

/** For each `[typed, fragment]`: says `typed` and waits for a text containing `fragment`; the texts in order. */
export async function repliesTo(h: ChatHarness, exchanges: ReadonlyArray<readonly [typed: string, fragment: string]>): Promise<string[]> {
  const replies: string[] = [];
  for (const [typed, fragment] of exchanges) {
    await h.say(typed);
    replies.push(await h.text(fragment));
  }
  return replies;
}
