/**
 * Checks a card JSON 2.0 the way the open platform does before it posts or patches a card, answering with the code
 * Feishu uses: 230099 "Failed to create card content" for a card it cannot build (unknown property or tag, bad value),
 * 230025 when the content is over 30 KB ("卡片及富文本消息请求体最大不能超过30KB", send/PATCH docs).
 * The 200-components limit is from the issue brief (not found in the docs searched); counted over every component
 * in the body, containers included.
 */
import {
  BEHAVIOR_TYPES,
  BODY_PROPERTIES,
  BUTTON_TYPES,
  COMPONENT_PROPERTIES,
  CONFIG_PROPERTIES,
  FORM_ACTION_TYPES,
  FORM_FIELD_TAGS,
  HEADER_PROPERTIES,
  HEADER_TEMPLATES,
  TEXT_TAGS,
  TOP_LEVEL_PROPERTIES,
  type Json,
  type JsonObject,
} from './card-rules.js';

export const CARD_CONTENT_FAILED = 230099;
export const CONTENT_TOO_LONG = 230025;
export const MAX_CARD_BYTES = 30 * 1024;
export const MAX_CARD_COMPONENTS = 200;

export interface CardViolation {
  code: number;
  msg: string;
}

class Refusal extends Error {}

export function validateCard(card: Json): CardViolation | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(card) ?? '', 'utf8');
  if (bytes > MAX_CARD_BYTES) {
    return { code: CONTENT_TOO_LONG, msg: `The length of the message content reaches its limit (${bytes} bytes > 30 KB).` };
  }
  try {
    new CardWalk().card(card);
    return undefined;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return { code: CARD_CONTENT_FAILED, msg: `Failed to create card content, ext=${error.message}` };
  }
}

/** True when the card says it is shared: PATCH needs this on the card before and after ("均显式声明"). */
export function declaresUpdateMulti(card: Json): boolean {
  return isObject(card) && isObject(card.config) && card.config.update_multi === true;
}

class CardWalk {
  private components = 0;
  private readonly names = new Set<string>();

  card(card: Json): void {
    const root = object(card, 'card');
    if (root.schema !== '2.0') refuse('card: only card JSON 2.0 is modelled by the fake (schema "2.0")');
    onlyKnown(root, TOP_LEVEL_PROPERTIES, 'card');
    if (root.config !== undefined) this.config(object(root.config, 'config'));
    if (root.header !== undefined) this.header(object(root.header, 'header'));
    const body = object(root.body, 'body');
    onlyKnown(body, BODY_PROPERTIES, 'body');
    this.elements(body.elements, 'body.elements', { inForm: false, atRoot: true });
  }

  private config(config: JsonObject): void {
    onlyKnown(config, CONFIG_PROPERTIES, 'config');
    // JSON 2.0 cards are shared cards only: update_multi "仅支持设为 true".
    if (config.update_multi !== undefined && config.update_multi !== true) refuse('config.update_multi: JSON 2.0 supports only true');
  }

  private header(header: JsonObject): void {
    onlyKnown(header, HEADER_PROPERTIES, 'header');
    text(header.title, 'header.title');
    if (header.template !== undefined && !HEADER_TEMPLATES.has(String(header.template))) {
      refuse(`header.template: unknown template ${JSON.stringify(header.template)}`);
    }
  }

  private elements(list: Json, path: string, where: { inForm: boolean; atRoot: boolean }): void {
    if (!Array.isArray(list)) refuse(`${path}: must be an array`);
    (list as Json[]).forEach((element, index) => this.component(element, `${path}[${index}]`, where));
  }

  private component(value: Json, path: string, where: { inForm: boolean; atRoot: boolean }): void {
    const element = object(value, path);
    const tag = element.tag;
    const allowed = typeof tag === 'string' ? COMPONENT_PROPERTIES[tag] : undefined;
    if (!allowed) refuse(`${path}: unknown component tag ${JSON.stringify(tag)}`);
    onlyKnown(element, allowed!, `${path} (${String(tag)})`);
    this.components += 1;
    if (this.components > MAX_CARD_COMPONENTS) refuse(`card: more than ${MAX_CARD_COMPONENTS} components`);
    if (typeof element.name === 'string') this.uniqueName(element.name, path);
    const nested = { inForm: where.inForm, atRoot: false };
    switch (tag) {
      case 'markdown':
        if (typeof element.content !== 'string') refuse(`${path}.content: must be a string`);
        break;
      case 'div':
        if (element.text !== undefined) text(element.text, `${path}.text`);
        break;
      case 'img':
        if (typeof element.img_key !== 'string' || !element.img_key) refuse(`${path}.img_key: required`);
        if (element.alt !== undefined) text(element.alt, `${path}.alt`);
        break;
      case 'form':
        // "表单容器组件不可被内嵌在其它组件内，只可放在卡片根节点下"; no form inside a form.
        if (!where.atRoot) refuse(`${path}: a form may only sit at the root of body.elements`);
        if (typeof element.name !== 'string' || !element.name) refuse(`${path}.name: required`);
        this.elements(element.elements, `${path}.elements`, { inForm: true, atRoot: false });
        break;
      case 'input':
        this.formField(element, path, where.inForm);
        break;
      case 'button':
        this.button(element, path, where.inForm);
        break;
      case 'column_set':
        if (!Array.isArray(element.columns)) refuse(`${path}.columns: must be an array`);
        (element.columns as Json[]).forEach((column, index) => {
          const columnPath = `${path}.columns[${index}]`;
          if (!isObject(column) || column.tag !== 'column') refuse(`${columnPath}: must be a column`);
          this.component(column, columnPath, nested);
        });
        break;
      case 'column':
        this.elements(element.elements ?? [], `${path}.elements`, nested);
        break;
    }
  }

  private formField(element: JsonObject, path: string, inForm: boolean): void {
    if (FORM_FIELD_TAGS.has(String(element.tag)) && !inForm) refuse(`${path}: ${String(element.tag)} is used outside a form`);
    if (typeof element.name !== 'string' || !element.name) refuse(`${path}.name: required in a form`);
    if (element.required !== undefined && typeof element.required !== 'boolean') refuse(`${path}.required: must be a boolean`);
    if (element.default_value !== undefined && typeof element.default_value !== 'string') {
      refuse(`${path}.default_value: must be a string`);
    }
    for (const key of ['label', 'placeholder'] as const) {
      if (element[key] !== undefined) text(element[key], `${path}.${key}`);
    }
  }

  private button(element: JsonObject, path: string, inForm: boolean): void {
    text(element.text, `${path}.text`);
    if (element.type !== undefined && !BUTTON_TYPES.has(String(element.type))) refuse(`${path}.type: unknown button type`);
    if (element.form_action_type !== undefined) {
      if (!FORM_ACTION_TYPES.has(String(element.form_action_type))) refuse(`${path}.form_action_type: submit or reset`);
      if (!inForm) refuse(`${path}.form_action_type: only inside a form`);
    }
    if (inForm && (typeof element.name !== 'string' || !element.name)) refuse(`${path}.name: a button in a form needs a name`);
    if (element.behaviors !== undefined) {
      if (!Array.isArray(element.behaviors)) refuse(`${path}.behaviors: must be an array`);
      (element.behaviors as Json[]).forEach((behavior, index) => {
        const behaviorPath = `${path}.behaviors[${index}]`;
        const found = object(behavior, behaviorPath);
        if (!BEHAVIOR_TYPES.has(String(found.type))) refuse(`${behaviorPath}.type: unknown behavior`);
        if (found.type === 'callback' && !isObject(found.value)) refuse(`${behaviorPath}.value: must be an object`);
      });
    }
    if (element.confirm !== undefined) {
      const confirm = object(element.confirm, `${path}.confirm`);
      onlyKnown(confirm, new Set(['title', 'text']), `${path}.confirm`);
      text(confirm.title, `${path}.confirm.title`);
      text(confirm.text, `${path}.confirm.text`);
    }
  }

  private uniqueName(name: string, path: string): void {
    if (this.names.has(name)) refuse(`${path}.name: "${name}" is used twice in the card`);
    this.names.add(name);
  }
}

function text(value: Json, path: string): void {
  const found = object(value, path);
  onlyKnown(found, new Set(['tag', 'content', 'i18n_content', 'text_size', 'text_color', 'text_align', 'lines']), path);
  if (!TEXT_TAGS.has(String(found.tag))) refuse(`${path}.tag: plain_text or lark_md`);
  if (typeof found.content !== 'string') refuse(`${path}.content: must be a string`);
}

function onlyKnown(value: JsonObject, allowed: Set<string>, path: string): void {
  const unknown = Object.keys(value).filter((key) => !allowed.has(key));
  if (unknown.length > 0) refuse(`${path}: unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')}`);
}

function object(value: Json, path: string): JsonObject {
  if (!isObject(value)) refuse(`${path}: must be an object`);
  return value as JsonObject;
}

function isObject(value: Json): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(reason: string): never {
  throw new Refusal(reason);
}
