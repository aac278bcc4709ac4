/**
 * The fake's address book: `GET /open-apis/contact/v3/users/:user_id`, as the SDK's `contact.user.get` calls it.
 * Tests fill `users` (open_id → name). An id not in it is answered the way Feishu answers for a person outside the
 * app's contacts range (HTTP 400, code 41050 "no user authority error"; decided: the code for an unknown id is not
 * documented apart from it).
 */
import type Koa from 'koa';
import type Router from 'koa-router';

export const NO_USER_AUTHORITY_CODE = 41050;

export function mountContacts(router: Router, users: ReadonlyMap<string, string>): void {
  router.get('/open-apis/contact/v3/users/:userId', (ctx: Koa.Context) => {
    const idType = ctx.query.user_id_type ?? 'open_id';
    if (idType !== 'open_id') {
      ctx.status = 400;
      ctx.body = { code: 99992402, msg: 'field validation failed: user_id_type (the fake knows open_ids only)' };
      return;
    }
    const openId = String(ctx.params.userId);
    const name = users.get(openId);
    if (name === undefined) {
      ctx.status = 400;
      ctx.body = { code: NO_USER_AUTHORITY_CODE, msg: 'no user authority error' };
      return;
    }
    ctx.body = { code: 0, msg: 'success', data: { user: { open_id: openId, union_id: `on_${openId}`, name, en_name: '' } } };
  });
}
