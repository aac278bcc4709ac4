/**
 * Feishu's address book as a `UserDirectory`: `GET /open-apis/contact/v3/users/:open_id?user_id_type=open_id`
 * (`client.contact.user.get`), which needs the app permission 获取用户基本信息 (`contact:user.base:readonly`) and the
 * person inside the app's contacts range. Without either Feishu refuses, and the name book shows the open_id.
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type { UserDirectory } from '../platform.js';
import { callContext } from './client.js';
import { callFeishu } from './feishu-call.js';

/** One retry after a rate limit: a name is a nicety, the id stands in meanwhile. */
const NAME_LOOKUP_RETRIES = 1;

export function createFeishuUserDirectory(client: lark.Client, logger: Logger): UserDirectory {
  const context = callContext(client, logger.child({ component: 'feishu-contacts' }), NAME_LOOKUP_RETRIES);
  return {
    async lookupName(openId) {
      const body = await callFeishu(context, 'contact.user.get', () =>
        client.contact.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } }),
      );
      return body.data?.user?.name || undefined;
    },
  };
}
