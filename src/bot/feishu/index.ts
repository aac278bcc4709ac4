/** The Feishu adapter: receiver routes, sender, client factory and card renderer. */
export { mountFeishuRoutes, FEISHU_CARD_PATH, FEISHU_WEBHOOK_PATH, type FeishuReceiverDeps } from './receiver.js';
export { createFeishuSender, type FeishuSenderDeps } from './sender.js';
export { createFeishuClient, fetchBotInfo, fetchBotOpenId, type BotInfo, type FeishuClientOptions } from './client.js';
export { renderFeishuCard, type RenderOptions } from './card-renderer.js';
export { FeishuApiError } from './feishu-call.js';
