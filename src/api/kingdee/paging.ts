/** Kingdee's paged answers: the list is `data` itself with `totalElement` beside it (client source), or (decided) inside `data.list`. */
import { ProviderError, ProviderErrorCode, type Page } from '../provider.js';
import { numberOr } from '../shared/wire-values.js';
import type { KingdeeEnvelope } from './wire.js';

export function pageOf<T>(envelope: KingdeeEnvelope, page: number, pageSize: number): Page<T> {
  const data = envelope.data as T[] | { list?: T[]; totalElement?: unknown } | undefined;
  const list = Array.isArray(data) ? data : data?.list;
  if (!Array.isArray(list)) throw new ProviderError(ProviderErrorCode.Protocol, '金蝶查询应答中没有列表');
  const total = Array.isArray(data) ? envelope.beside?.totalElement : data?.totalElement;
  return { items: list, total: numberOr(total, list.length), page, pageSize };
}
