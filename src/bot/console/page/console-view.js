// The web chat's rendering: messages and cards as DOM built from text nodes only. Every string from the server is
// data — set as textContent or an attribute, never parsed as HTML — and a link is made only for http(s) addresses.
// Pure functions of a `doc` (the page's document, a fake one in unit tests).

const URL_IN_TEXT = /https?:\/\/[^\s<>"'，。；、）)]+/g;

/** The address itself when it is http(s), else undefined: no javascript:, data: or relative links. */
export function safeHref(url) {
  try {
    const parsed = new URL(String(url));
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

function el(doc, tag, className, text) {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function link(doc, url, text) {
  const href = safeHref(url);
  if (!href) return doc.createTextNode(text);
  const anchor = el(doc, 'a', '', text);
  anchor.setAttribute('href', href);
  anchor.setAttribute('target', '_blank');
  anchor.setAttribute('rel', 'noopener noreferrer');
  return anchor;
}

/** Plain text with its http(s) addresses made links, as chat apps do. */
export function renderText(doc, parent, text) {
  let last = 0;
  for (const match of String(text).matchAll(URL_IN_TEXT)) {
    if (match.index > last) parent.append(doc.createTextNode(text.slice(last, match.index)));
    parent.append(link(doc, match[0], match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parent.append(doc.createTextNode(text.slice(last)));
  return parent;
}

/** Card body spans: a string, `{strong}`, or `{link, text}`. */
export function renderSpans(doc, parent, spans) {
  for (const span of spans) {
    if (typeof span === 'string') parent.append(doc.createTextNode(span));
    else if (span && typeof span.strong === 'string') parent.append(el(doc, 'strong', '', span.strong));
    else if (span && typeof span.link === 'string') parent.append(link(doc, span.link, String(span.text ?? span.link)));
  }
  return parent;
}

const STATES = ['info', 'pending', 'success', 'danger', 'neutral'];

function renderButton(doc, button, onPress) {
  const node = el(doc, 'button', button.style === 'primary' || button.style === 'danger' ? button.style : '', button.text);
  node.setAttribute('type', 'button');
  node.addEventListener('click', () => onPress(button, node));
  return node;
}

/** `onPress(button, form?)`: form is the card's inputs' current values when the button belongs to its form. */
export function renderCard(doc, card, onPress) {
  const state = STATES.includes(card.state) ? card.state : 'info';
  const root = el(doc, 'article', `card state-${state}`);
  root.append(el(doc, 'h2', 'card-title', card.title));
  const content = el(doc, 'div', 'card-content');
  root.append(content);
  if (card.fields?.length) {
    const list = el(doc, 'dl');
    for (const field of card.fields) list.append(el(doc, 'dt', '', field.label), el(doc, 'dd', '', field.value));
    content.append(list);
  }
  if (card.body?.length) content.append(renderSpans(doc, el(doc, 'div', 'card-body'), card.body));
  if (card.image) {
    const image = el(doc, 'img');
    image.setAttribute('src', card.image.url);
    image.setAttribute('alt', card.image.alt);
    content.append(image);
  }
  if (card.form) {
    const inputs = card.form.inputs.map((input) => {
      const label = el(doc, 'label', '', input.label);
      const box = el(doc, 'input');
      box.setAttribute('name', input.name);
      if (input.placeholder) box.setAttribute('placeholder', input.placeholder);
      if (input.required) box.setAttribute('required', '');
      box.value = input.value ?? '';
      label.append(box);
      content.append(label);
      return { input, box };
    });
    const values = () => Object.fromEntries(inputs.map(({ input, box }) => [input.name, box.value]));
    const missing = () => inputs.filter(({ input, box }) => input.required && !box.value.trim()).map(({ input }) => input.label);
    const row = el(doc, 'div', 'buttons');
    for (const button of [card.form.submit, ...(card.form.extraButtons ?? [])]) {
      row.append(renderButton(doc, button, (pressed, node) => onPress(pressed, node, { values: values(), missing: missing() })));
    }
    content.append(row);
  }
  if (card.buttons?.length) {
    const row = el(doc, 'div', 'buttons');
    for (const button of card.buttons) row.append(renderButton(doc, button, (pressed, node) => onPress(pressed, node)));
    content.append(row);
  }
  if (card.note) content.append(el(doc, 'div', 'card-note', card.note));
  return root;
}

const TIME = new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });

/** One message: who said it and when, then its text, image or card. `me` is the speaker chosen on this page. */
export function renderMessage(doc, message, { me, onPress }) {
  const mine = message.from && message.from.id === me;
  const root = el(doc, 'div', mine ? 'message mine' : 'message');
  root.setAttribute('data-message-id', message.id);
  const who = message.from ? message.from.name : '发票机器人';
  root.append(el(doc, 'div', 'author', `${who} · ${TIME.format(new Date(message.at))}`));
  if (message.text !== undefined) root.append(renderText(doc, el(doc, 'div', 'bubble'), message.text));
  if (message.imageUrl) {
    const image = el(doc, 'img');
    image.setAttribute('src', message.imageUrl);
    image.setAttribute('alt', '图片');
    root.append(image);
  }
  if (message.card) root.append(renderCard(doc, message.card, (button, node, form) => onPress(message, button, node, form)));
  return root;
}

/**
 * Whether a change the stream brought is news: the stream may repeat a change (history and live overlap on
 * connect), and only a higher revision of a message replaces what is shown.
 */
export function isNewer(shownRevs, message) {
  const shown = shownRevs.get(message.id);
  return shown === undefined || message.rev > shown;
}

/** Where a message goes: before the first shown one that is later, so a restart's history keeps its order. */
export function insertionIndex(shownTimes, at) {
  const index = shownTimes.findIndex((time) => time > at);
  return index === -1 ? shownTimes.length : index;
}

/** An id for one delivery, reused when the same request is sent again. */
export function deliveryId(randomBytes = (n) => crypto.getRandomValues(new Uint8Array(n))) {
  return Array.from(randomBytes(16), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
