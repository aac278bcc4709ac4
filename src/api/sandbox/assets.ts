import type { Middleware } from 'koa';
import { invoicePdf } from './pdf.js';
import { faceScanUrl, qrPng } from './qr.js';
import { recordFaceScan, settle } from './settle.js';
import type { SandboxState } from './state.js';

/**
 * What the simulated bureau serves to people, not to the client: the QR image (qrcodeImageUrl), the page the QR
 * points at (opening it counts as the face scan, so a phone or a click can finish it), and the invoice PDFs.
 */
export function assetsMiddleware(state: SandboxState): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'GET') return next();
    const qr = /^\/__sandbox\/qr\/([^/]+)\.png$/.exec(ctx.path);
    if (qr) {
      const authId = decodeURIComponent(qr[1] ?? '');
      if (!state.authSessions.has(authId)) return notFound(ctx);
      ctx.type = 'image/png';
      ctx.body = await qrPng(faceScanUrl(state.publicUrl(ctx.origin), authId));
      return;
    }
    const scan = /^\/__sandbox\/scan\/([^/]+)$/.exec(ctx.path);
    if (scan) {
      settle(state);
      const session = state.authSessions.get(decodeURIComponent(scan[1] ?? ''));
      if (!session) return notFound(ctx);
      const expired = session.scannedAt === undefined && session.qrExpiresAt <= state.now();
      if (!expired) recordFaceScan(state, session.authId, state.now());
      ctx.type = 'text/html; charset=utf-8';
      const message = expired ? '二维码已过期,请重新获取' : '人脸识别已完成(沙箱)';
      ctx.body = `<!doctype html><meta charset="utf-8"><title>人脸识别</title><p>${message}</p>`;
      return;
    }
    const download = /^\/__sandbox\/download\/([^/]+)\.pdf$/.exec(ctx.path);
    if (download) {
      settle(state);
      const fphm = decodeURIComponent(download[1] ?? '');
      const invoice =
        state.blueInvoices.find((item) => item.fphm === fphm) ?? state.redInvoices.find((item) => item.fphm === fphm);
      if (!invoice) return notFound(ctx);
      ctx.type = 'application/pdf';
      ctx.set('Content-Disposition', `inline; filename="${fphm}.pdf"`);
      ctx.body = invoicePdf(invoice);
      return;
    }
    return next();
  };
}

function notFound(ctx: { status: number; body: unknown }): void {
  ctx.status = 404;
  ctx.body = { error: 'not found' };
}
