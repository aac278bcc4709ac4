/**
 * What Feishu accepts in a card JSON 2.0, per tag: the documented properties of each component we render (and a few
 * neighbours), and the shape of the values we set. JSON 2.0 refuses unknown properties ("传入不支持的属性将报错",
 * card JSON 2.0 breaking-changes notes), so an allowlist per tag is how the platform behaves.
 *
 * Sources: open.feishu.cn card-json-v2-components (form container, input, button, column_set, markdown, img) and
 * card-json-v2-structure. Where a list below is wider than what we render, it follows those docs from memory; where
 * the docs were not checked (exact enum values of spacing, widths), values are not checked either.
 */

export type Json = unknown;
export type JsonObject = Record<string, unknown>;

/** Every JSON 2.0 component takes these. */
const COMMON = ['tag', 'element_id', 'margin'];
const LAYOUT = ['direction', 'horizontal_spacing', 'vertical_spacing', 'horizontal_align', 'vertical_align', 'padding'];

export const TOP_LEVEL_PROPERTIES = new Set(['schema', 'config', 'card_link', 'header', 'body']);
export const CONFIG_PROPERTIES = new Set([
  'update_multi',
  'enable_forward',
  'enable_forward_interaction',
  'width_mode',
  'streaming_mode',
  'streaming_config',
  'summary',
  'locales',
  'style',
  'use_custom_translation',
]);
export const HEADER_PROPERTIES = new Set([
  'title',
  'subtitle',
  'text_tag_list',
  'i18n_text_tag_list',
  'template',
  'icon',
  'padding',
]);
export const BODY_PROPERTIES = new Set(['elements', ...LAYOUT]);
export const HEADER_TEMPLATES = new Set([
  'blue', 'wathet', 'turquoise', 'green', 'yellow', 'orange', 'red', 'carmine', 'violet', 'purple', 'indigo', 'grey',
  'default',
]);
export const TEXT_TAGS = new Set(['plain_text', 'lark_md']);
export const BUTTON_TYPES = new Set([
  'default', 'primary', 'danger', 'text', 'primary_text', 'danger_text', 'primary_filled', 'danger_filled', 'laser',
]);
export const FORM_ACTION_TYPES = new Set(['submit', 'reset']);
export const BEHAVIOR_TYPES = new Set(['callback', 'open_url']);

/** Properties per component tag. A tag missing here is refused (e.g. 1.0's `action` and `note`, gone in 2.0). */
export const COMPONENT_PROPERTIES: Record<string, Set<string>> = {
  markdown: new Set([...COMMON, 'content', 'text_size', 'text_align', 'icon', 'i18n_content']),
  div: new Set([...COMMON, 'text', 'icon', 'width']),
  hr: new Set(COMMON),
  img: new Set([
    ...COMMON, 'img_key', 'alt', 'title', 'corner_radius', 'scale_type', 'size', 'transparent', 'preview',
  ]),
  form: new Set([...COMMON, ...LAYOUT, 'name', 'elements']),
  input: new Set([
    ...COMMON, 'name', 'required', 'disabled', 'disabled_tips', 'placeholder', 'default_value', 'width', 'max_length',
    'input_type', 'show_icon', 'rows', 'auto_resize', 'max_rows', 'label', 'label_position', 'value', 'confirm',
    'fallback', 'behaviors',
  ]),
  button: new Set([
    ...COMMON, 'type', 'size', 'width', 'text', 'icon', 'hover_tips', 'disabled', 'disabled_tips', 'confirm',
    'behaviors', 'name', 'form_action_type',
  ]),
  column_set: new Set([...COMMON, ...LAYOUT, 'flex_mode', 'background_style', 'columns', 'action']),
  column: new Set([...COMMON, ...LAYOUT, 'background_style', 'width', 'weight', 'elements', 'action']),
};

/** Components that take a form-wide unique `name` and may only be used inside a form (our use of them). */
export const FORM_FIELD_TAGS = new Set(['input']);
