/**
 * What the chat is told about a provider that keeps the bureau login and the face scan in its own client or app
 * (Kingdee): 登录 only checks, there is no SMS code and no QR. Absent capabilities mean everything goes through the
 * API (jumdata), and none of these texts apply.
 */
import type { TaxProvider } from '../api/provider.js';

/** The provider's label when its bureau login happens in its own client, else undefined. */
export function loginElsewhere(provider: TaxProvider): string | undefined {
  const capabilities = provider.capabilities;
  return capabilities && !capabilities.bureauLogin ? capabilities.label : undefined;
}

/** One paragraph for 帮助 and 状态: what this provider does and does not do. */
export function providerNote(provider: TaxProvider): string | undefined {
  const label = loginElsewhere(provider);
  if (!label) return undefined;
  return (
    `当前税务接口：${label}。电子税务局登录和开票员人脸认证都在${label}的客户端 / App 里完成：` +
    `「登录」只检查登录状态，不能代为登录，也没有短信验证码；「认证」不发二维码，只告诉开票员去哪里认证，机器人等认证通过后自动继续。`
  );
}
