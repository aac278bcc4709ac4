/** One handler for every business path of KINGDEE_PATHS: a path added there without one fails to compile. */
import { formatChinaTime } from '../../../china-time.js';
import type { KingdeeEndpoint } from '../../kingdee/wire.js';
import { createInvoice, invoiceStatus, pdfUrl } from './issuing.js';
import { confirmBillDetail, confirmBillQuery, confirmBillRevoke, confirmBillUpdate, redApply } from './red.js';
import { badArgument, bureauRefuses, ok, type SimCallContext, type SimHandler, type SimReply } from './reply.js';

function accountStatus({ state }: SimCallContext): SimReply {
  return ok({ status: state.loggedIn, auth: state.loggedIn ? state.auth : -1 });
}

/** Download by number and date (client source): 20 digits, a date of 10 or 19 characters, fileType 1–3. */
function download({ state, data, taxNo, origin }: SimCallContext): SimReply {
  const { invoiceNo, invoiceDate, fileType } = data;
  if (fileType !== 1 && fileType !== 2 && fileType !== 3) return badArgument('文件类型参数错误，请检查！');
  if (typeof invoiceNo !== 'string' || invoiceNo.length !== 20) return badArgument('发票号码参数错误，请检查！');
  if (typeof invoiceDate !== 'string' || (invoiceDate.length !== 19 && invoiceDate.length !== 10)) return badArgument('开票日期格式错误，请检查！');
  const invoice = state.invoice(invoiceNo);
  if (!invoice || invoice.salerTaxNo !== taxNo || !formatChinaTime(invoice.issuedAt).startsWith(invoiceDate.slice(0, 10))) {
    return bureauRefuses('未查询到该发票');
  }
  return ok({ govInvoiceQrUrl: '', govInvoiceUrl: '', url: pdfUrl(state, origin, invoiceNo) });
}

/** The issued-invoice list of the client source (both colours, red ones negative), at most 50 a page. */
function invoiceQuery({ state, data, taxNo }: SimCallContext): SimReply {
  const { startDate, endDate } = data;
  if (typeof startDate !== 'string' || typeof endDate !== 'string') return badArgument('开票起止日期不能为空');
  const page = Number(data.page ?? 1);
  const pageSize = Number(data.pageSize ?? 50);
  if (pageSize > 50) return badArgument('最大分页值不能超过50');
  const all = state.invoices
    .filter((invoice) => {
      const day = formatChinaTime(invoice.issuedAt).slice(0, 10);
      return (
        invoice.salerTaxNo === taxNo &&
        day >= startDate &&
        day <= endDate &&
        (!data.invoiceNo || invoice.invoiceNo === data.invoiceNo) &&
        (!data.buyerTaxNo || invoice.buyerTaxNo === data.buyerTaxNo)
      );
    })
    .sort((a, b) => b.issuedAt - a.issuedAt);
  const yuan = (fen: number) => fen / 100;
  const items = all.slice((page - 1) * pageSize, page * pageSize).map((invoice) => ({
    invoiceCode: '',
    invoiceNo: invoice.invoiceNo,
    etaxInvoiceNo: invoice.invoiceNo,
    invoiceType: Number(invoice.invoiceType),
    buyerTaxNo: invoice.buyerTaxNo ?? '',
    buyerName: invoice.buyerName,
    salerTaxNo: invoice.salerTaxNo,
    salerName: invoice.salerName,
    totalAmount: yuan(invoice.grossFen),
    totalTaxAmount: yuan(invoice.taxFen),
    invoiceAmount: yuan(invoice.netFen),
    invoiceDate: formatChinaTime(invoice.issuedAt),
  }));
  return ok(items, { pageNo: page, totalElement: all.length, pageSize, isEnd: page * pageSize >= all.length });
}

export const KINGDEE_HANDLERS: Record<Exclude<KingdeeEndpoint, 'token'>, SimHandler> = {
  invoiceCreate: createInvoice,
  invoiceStatus,
  invoiceDownload: download,
  accountStatus,
  redApply,
  confirmBillDetail,
  invoiceQuery,
  confirmBillQuery,
  confirmBillUpdate,
  confirmBillRevoke,
};
