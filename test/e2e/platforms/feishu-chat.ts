/** `ChatHarness` on Feishu: the Feishu harness (../harness.ts), its cards read from the card JSON the bot sent. */
import type { CardState } from '../../../src/bot/platform.js';
import { cardButtons, cardElements, cardTemplate, shownCardText } from '../../fakes/feishu/card-reading.js';
import type { FakeFeishuMessage } from '../../fakes/feishu/platform.js';
import { waitUntil, type ChatCard, type ChatHarness } from '../chat-harness.js';
import { cardTitle, CHAT, CLERK, ENCRYPT_KEY, startHarness, VERIFICATION_TOKEN, type HarnessOptions } from '../harness.js';

/** Feishu names a one-to-one chat like a group (`oc_…`); the fake takes any id. */
const privateChatOf = (openId: string) => `oc_p2p_${openId}`;

/** Feishu's answer to a bot sending into a chat it was removed from. */
const BOT_NOT_IN_CHAT = 230002;
const STATE_OF_TEMPLATE: Record<string, CardState> = { blue: 'info', orange: 'pending', green: 'success', red: 'danger', grey: 'neutral' };

function chatCard(message: FakeFeishuMessage, content: unknown): ChatCard {
  return {
    id: message.messageId,
    chatId: message.chatId,
    title: cardTitle(content),
    state: STATE_OF_TEMPLATE[cardTemplate(content) ?? ''],
    text: shownCardText(content),
    buttons: cardButtons(content).map((button) => button.text),
    raw: { ...message, content },
  };
}

/** The form value of a card whose one input holds `text`. */
function onlyInput(content: unknown, text: string): Record<string, string> {
  const inputs = cardElements(content).filter((element) => element.tag === 'input');
  if (inputs.length !== 1) throw new Error(`the card has ${inputs.length} inputs, not one`);
  return { [String(inputs[0]!.name)]: text };
}

export async function startFeishuChat(options: HarnessOptions): Promise<ChatHarness> {
  const h = await startHarness(options);
  /** Each toast, with how many texts the group held when it showed: its place among them. */
  const toasts: Array<{ text: string; textsBefore: number }> = [];
  const cardsIn = (chatId = CHAT) => h.feishu.messagesIn(chatId).filter((m) => m.msgType === 'interactive');
  // What a person reads: the word joiners that keep user text from reading as markup are invisible.
  const textsIn = (chatId = CHAT) =>
    h.feishu.messagesIn(chatId).flatMap((m) => (m.msgType === 'text' ? [String(m.content.text).replaceAll('\u2060', '')] : []));
  const answers = () => {
    const texts = textsIn();
    const told: string[] = [];
    for (let index = 0; index <= texts.length; index += 1) {
      for (const toast of toasts) if (toast.textsBefore === index) told.push(toast.text);
      if (index < texts.length) told.push(texts[index]!);
    }
    return told;
  };
  // A click's answer may carry the card's new state: the client shows it in place of the card until the next update.
  const answeredCards = new Map<string, { card: unknown; updatesBefore: number }>();
  const updatesOf = (messageId: string) => h.feishu.patches.filter((patch) => patch.messageId === messageId).length;
  const showing = (message: FakeFeishuMessage) => {
    const answered = answeredCards.get(message.messageId);
    return answered && updatesOf(message.messageId) === answered.updatesBefore ? answered.card : message.content;
  };
  const seen = () => h.feishu.messages.map((m) => `${m.msgType}: ${JSON.stringify(m.content).slice(0, 200)}`).join('\n');
  return {
    platform: 'feishu',
    sandbox: h.sandbox,
    get bot() {
      return h.bot;
    },
    dataDir: h.dataDir,
    chatId: CHAT,
    privateChatOf,
    say: (text, { userId = CLERK, deliveryId, chatId, mentions, privately } = {}) =>
      h.say(text, {
        userId,
        eventId: deliveryId,
        chatId: privately ? privateChatOf(userId) : chatId,
        p2p: privately,
        mentions: mentions?.map(({ userId: openId, name }) => ({ openId, name })),
      }),
    async click(card, buttonText, { userId, input, deliveryId } = {}) {
      const message = card.raw as FakeFeishuMessage;
      const formValue = input === undefined ? undefined : onlyInput(message.content, input);
      const answer = await h.click(message, buttonText, { userId, formValue, eventId: deliveryId });
      const toast = answer.json?.toast?.content;
      if (typeof toast === 'string') toasts.push({ text: toast, textsBefore: textsIn().length });
      const shown = answer.json?.card?.data;
      if (shown) answeredCards.set(message.messageId, { card: shown, updatesBefore: updatesOf(message.messageId) });
      return { status: answer.status };
    },
    async answered(fragment) {
      await waitUntil(() => answers().some((text) => text.includes(fragment)) || undefined, seen);
    },
    answers,
    text: (fragment, chatId) => waitUntil(() => textsIn(chatId).find((text) => text.includes(fragment)), seen),
    card: async (fragment, chatId) => {
      const message = await h.card(fragment, chatId);
      return chatCard(message, message.originalContent);
    },
    cardShowing: (fragment) =>
      waitUntil(() => {
        const message = cardsIn().find((m) => shownCardText(showing(m)).includes(fragment));
        return message ? chatCard(message, showing(message)) : undefined;
      }, seen),
    image(card) {
      const imageKey = JSON.stringify((card.raw as FakeFeishuMessage).content).match(/"img_key":"([^"]+)"/)?.[1];
      return imageKey ? h.feishu.images.get(imageKey) : undefined;
    },
    texts: textsIn,
    cards: (chatId) => cardsIn(chatId).map((message) => chatCard(message, message.originalContent)),
    cardsNow: (chatId) => cardsIn(chatId).map((message) => chatCard(message, showing(message))),
    advance: (ms) => h.advance(ms),
    knowPeople(people) {
      for (const [openId, name] of Object.entries(people)) h.feishu.users.set(openId, name);
    },
    failNextCardUpdates: (count) => h.feishu.failNext(count, { status: 500, code: 2200, msg: 'internal error', only: (method) => method === 'PATCH' }),
    removeBot: () => h.feishu.failNext(1_000, { status: 400, code: BOT_NOT_IN_CHAT, msg: 'Bot/User can NOT be out of the chat.' }),
    refusedSends: () => h.feishu.calls.filter((call) => call.code === BOT_NOT_IN_CHAT).length,
    refuseNextImage: () => h.feishu.failNext(1, { status: 400, code: 234001, msg: 'Invalid request param.', path: '/open-apis/im/v1/images' }),
    expirePlatformTokens: () => h.feishu.expireTokens(),
    platformSecrets() {
      const secrets: Record<string, string> = {
        'Feishu app secret': h.feishu.appSecret,
        'Feishu encrypt key': ENCRYPT_KEY,
        'Feishu verification token': VERIFICATION_TOKEN,
      };
      // Named by their order, not a prefix: the fake's tokens all start `t-fake-`, so 8 characters told two apart 15 times in 16.
      h.feishu.issuedTokens().forEach((token, i) => (secrets[`tenant token ${i + 1}`] = token));
      return secrets;
    },
    control: (route, body) => h.control(route, body),
    restart: (between) => h.restart(between),
    close: () => h.close(),
  };
}
