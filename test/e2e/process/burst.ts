/**
 * A burst of distinct chat commands whose answers can be told apart: each 开票 carries its own 备注 (its preview card
 * shows it) and each 帮助 asks about its own unknown word (the help text names it). So a test can count, per event,
 * how often the chat answered it — and re-push exactly the events the bot never acknowledged, as Feishu would.
 */
import { randomUUID } from 'node:crypto';
import { cardText } from '../../fakes/feishu/card-reading.js';
import { deliver, signedEvent } from '../../fakes/feishu/events.js';
import type { FakeFeishu, FakeFeishuMessage } from '../../fakes/feishu/platform.js';
import { CHAT, ENCRYPT_KEY, groupMessage } from '../harness.js';

export const ISSUE = '开票 购方=杭州测试科技有限公司 税号=91330106MA2KXN4X3X 项目=技术服务费 金额=1060 税率=6%';

export interface Command {
  kind: 'issue' | 'help';
  /** Appears in the answer and nowhere else. */
  marker: string;
  /** The event as Feishu sends it; re-pushed unchanged (same event_id), signed afresh. */
  payload: Record<string, unknown>;
}

/** `count` commands, 开票 and 帮助 alternating. */
export function burst(feishu: FakeFeishu, count: number): Command[] {
  return Array.from({ length: count }, (_, i) => {
    const kind = i % 2 === 0 ? 'issue' : 'help';
    const marker = `编号${1000 + i}`;
    const text = kind === 'issue' ? `${ISSUE} 备注=${marker}` : `帮助 ${marker}`;
    return { kind, marker, payload: groupMessage(feishu, text, { eventId: randomUUID().replaceAll('-', '') }) };
  });
}

/** Every message in the group that answers `command`: its preview card, or its help text. */
export function answersTo(feishu: FakeFeishu, command: Command): FakeFeishuMessage[] {
  return feishu.messagesIn(CHAT).filter((message) =>
    command.kind === 'issue'
      ? message.msgType === 'interactive' && cardText(message.originalContent).includes(command.marker)
      : message.msgType === 'text' && String(message.content?.text ?? '').includes(`没有「${command.marker}」`),
  );
}

/** POSTs an event to the bot: its answer, or undefined when none came (refused, reset: the bot died). */
export async function push(botUrl: string, payload: unknown): Promise<{ status: number; json: any } | undefined> {
  try {
    return await deliver(`${botUrl}/feishu/webhook`, signedEvent(payload, { encryptKey: ENCRYPT_KEY }));
  } catch {
    return undefined;
  }
}

/**
 * Pushes every command at once and calls `interrupt` as the `afterAcks`-th acknowledgement (HTTP 200) arrives.
 * Resolves with the commands the bot acknowledged and those it did not.
 */
export async function pushAll(
  botUrl: string,
  commands: readonly Command[],
  afterAcks: number,
  interrupt: () => void,
): Promise<{ acknowledged: Command[]; unacknowledged: Command[] }> {
  let acks = 0;
  const statuses = await Promise.all(
    commands.map(async (command) => {
      const status = (await push(botUrl, command.payload))?.status;
      if (status === 200 && ++acks === afterAcks) interrupt();
      return status;
    }),
  );
  return {
    acknowledged: commands.filter((_, i) => statuses[i] === 200),
    unacknowledged: commands.filter((_, i) => statuses[i] !== 200),
  };
}
