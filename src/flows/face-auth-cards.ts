/** What the face-auth flow shows in chat: the QR card (the same in every chat that waits), and what it turns into. */
import type { FaceAuthApp } from '../api/provider.js';
import { paragraphs } from '../bot/card-text.js';
import type { Card, CardText } from '../bot/platform.js';
import type { PendingFaceAuth } from '../store/sessions.js';

const APP_LABEL: Record<FaceAuthApp, string> = { personal_tax: '个税 App', tax_bureau: '税务 App（电子税务局）' };
const OTHER_APP: Record<FaceAuthApp, FaceAuthApp> = { personal_tax: 'tax_bureau', tax_bureau: 'personal_tax' };

/** `jobsWait`: the chat has jobs waiting for this scan; only then is it told they go on by themselves. */
export function qrCard(pending: PendingFaceAuth, jobsWait: boolean): Card {
  const where = scanElsewhere(pending);
  if (where) return elsewhereCard(where);
  const app = APP_LABEL[pending.app];
  const png = pending.qr?.pngBase64 ? Buffer.from(pending.qr.pngBase64, 'base64') : undefined;
  const howTo: CardText = [
    '请',
    { strong: '开票员本人' },
    '打开 ',
    { strong: app },
    `，用首页的「扫一扫」扫描下方二维码完成人脸识别。\n${jobsWait ? '通过后等待中的开票会自动继续，无需再发消息。' : '通过后机器人会在群里告知，之后即可开票。'}`,
  ];
  return {
    title: '税局要求开票员人脸认证',
    state: 'pending',
    body: png ? howTo : paragraphs(howTo, [{ link: pending.qr?.url ?? '', text: '打开二维码' }]),
    image: png ? { png, alt: '人脸认证二维码' } : undefined,
    buttons: [
      { text: `改用${APP_LABEL[OTHER_APP[pending.app]]}扫码`, value: { op: 'face_auth_new', app: OTHER_APP[pending.app] } },
    ],
    note: '二维码几分钟内有效；过期后可点按钮重新获取。同一二维码也发在其他等待认证的群时，扫任意一张即可。',
  };
}

/** The QR card once the scan passed; `jobsWait`: the chat has jobs that waited for it (only then they go on). */
export function passedCard(jobsWait: boolean): Card {
  const next = jobsWait ? '等待中的开票会自动继续。' : '现在可以开票了。';
  return { title: '人脸认证已通过', state: 'success', body: [`开票员认证通过，${next}`] };
}

/** What the chat is told when the scan passed; names waiting jobs only when the chat has some. */
export function passedText(jobsWait: boolean): string {
  return jobsWait ? '✅ 人脸认证已通过，等待中的开票会自动继续。' : '✅ 人脸认证已通过，现在可以开票了。';
}

/** The provider gives no QR (Kingdee): the text of where the clerk scans, when that is the case. */
function scanElsewhere(pending: PendingFaceAuth): string | undefined {
  const qr = pending.qr;
  return qr?.where && !qr.pngBase64 && !qr.url ? qr.where : undefined;
}

/** No QR to show: say where to scan; the bot watches the account's status and goes on by itself. */
function elsewhereCard(where: string): Card {
  return {
    title: '税局要求开票员人脸认证',
    state: 'pending',
    body: [`请${where}。\n认证通过后机器人会自动继续开票，无需再发消息。`],
    note: '机器人会每隔几秒检查一次认证状态；10 分钟内没有完成时，可发送「认证」重新开始等待。',
  };
}

export function expiredCard(pending: PendingFaceAuth): Card {
  const { app } = pending;
  if (scanElsewhere(pending)) {
    return {
      title: '人脸认证未完成',
      state: 'danger',
      body: ['10 分钟内没有检查到认证通过。完成认证后请点下方按钮或发送「认证」，机器人会再次检查并继续。'],
      buttons: [{ text: '已完成认证，重新检查', style: 'primary', value: { op: 'face_auth_new', app } }],
    };
  }
  return {
    title: '二维码已过期',
    state: 'danger',
    body: ['没有在有效期内完成扫码。需要时请点下方按钮重新获取二维码。'],
    buttons: [{ text: '重新获取二维码', style: 'primary', value: { op: 'face_auth_new', app } }],
  };
}
