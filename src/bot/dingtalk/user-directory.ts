/**
 * DingTalk's address book as a `UserDirectory`: `POST topapi/v2/user/get` {userid: staffId} on the legacy API, which
 * needs the app permission to read members' basic information (通讯录个人信息读权限, `qyapi_get_member`). Without it,
 * or for someone outside the organisation, DingTalk answers an errcode and the name book shows the staffId.
 */
import type { UserDirectory } from '../platform.js';
import { DingTalkApiError } from './api-error.js';
import type { DingTalkClient } from './openapi.js';
import type { DingTalkUserBody } from './wire.js';

/** "找不到该用户": no such member; not a failure worth a warning. */
const NO_SUCH_USER = '60121';

export function createDingTalkUserDirectory(client: DingTalkClient): UserDirectory {
  return {
    async lookupName(staffId) {
      try {
        const body = await client.oapi<DingTalkUserBody>('topapi.v2.user.get', '/topapi/v2/user/get', { userid: staffId, language: 'zh_CN' });
        return body.result?.name || undefined;
      } catch (error) {
        if (error instanceof DingTalkApiError && error.platformCode === NO_SUCH_USER) return undefined;
        throw error;
      }
    },
  };
}
