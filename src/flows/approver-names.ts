/** The approvers as people read them: names from the name book, else the name the chat showed when added, else ids. */
import type { PlatformName } from '../bot/platform.js';
import type { LookupOptions } from '../bot/user-names.js';
import type { FlowContext } from './context.js';

export function approverNames(
  ctx: Pick<FlowContext, 'approvers' | 'names'>,
  platform: PlatformName,
  options?: LookupOptions,
): Promise<string[]> {
  return Promise.all(
    ctx.approvers.ids().map(async (id) => (await ctx.names.named(platform, { id }, options)).name ?? ctx.approvers.knownName(id) ?? id),
  );
}
