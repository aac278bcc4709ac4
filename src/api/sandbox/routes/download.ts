import { formatJumdataDate, parseJumdataTime } from '../../jumdata/wire.js';
import { badParameter, fail, ok, sessionEndpoint, type EndpointHandler } from '../endpoint.js';
import { downloadUrl } from '../pdf.js';

/** red-confirmation/page (billed): the download page of an issued blue or red invoice of the seller; unknown → 399. */
export const downloadPage: EndpointHandler = sessionEndpoint(['fphm', 'kprq'], ({ state, params, account, origin }) => {
  const issuedAt = parseJumdataTime(params.kprq ?? '');
  if (issuedAt === undefined) return badParameter('kprq 格式应为 yyyy-MM-dd HH:mm:ss');
  const fphm = params.fphm ?? '';
  const invoice = state.findBlue(account.nsrsbh, fphm) ?? state.findRed(account.nsrsbh, fphm);
  if (!invoice || formatJumdataDate(invoice.kprq) !== formatJumdataDate(issuedAt)) return fail(399, '发票不存在');
  return ok({ url: downloadUrl(state.publicUrl(origin), invoice.fphm) }, { charge: true });
});
