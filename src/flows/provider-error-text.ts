/** What the chat is told when a provider call fails: the bureau's words where it spoke, never a secret. */
import { ProviderError, ProviderErrorCode } from '../api/provider.js';

const CONFIG_HINT = '请联系管理员检查税务接口配置';

/** Whether the provider said the bureau login is missing or gone: then 登录 is the next step, nothing failed. */
export function needsLogin(error: unknown): boolean {
  return error instanceof ProviderError && error.code === ProviderErrorCode.LoginRequired;
}

/** A face scan asked for while the bureau login is missing (none yet, or expired): what to do, in order. */
export const LOGIN_BEFORE_FACE_AUTH_TEXT =
  '还没有登录电子税务局（或登录已过期），人脸认证要在登录之后做：请先发送「登录」，登录成功后再发送「认证」扫码。';

export function providerErrorText(error: unknown): string {
  if (!(error instanceof ProviderError)) return '处理时出现内部错误，请稍后再试或联系管理员';
  switch (error.code) {
    case ProviderErrorCode.AccountUnknown:
      return `税局账号不存在：${error.message}。请检查 TAX_GRYHM 配置的登录账号`;
    case ProviderErrorCode.LoginRequired:
      return '税局登录已失效，请发送「登录」重新登录';
    case ProviderErrorCode.FaceAuthRequired:
      return '开票员实名认证已过期，请发送「认证」扫码完成人脸识别';
    case ProviderErrorCode.BureauRefused:
      return `税局拒绝：${error.message}`;
    case ProviderErrorCode.BadRequest:
      return `税务接口认为参数有误：${error.message}`;
    case ProviderErrorCode.IssueFailed:
      return `开具失败：${error.message}`;
    case ProviderErrorCode.LoginCodeRejected:
      return `验证码不正确：${error.message}`;
    case ProviderErrorCode.Unavailable:
      return '税局或税务接口暂时不可用，请稍后再试';
    case ProviderErrorCode.RateLimited:
      return '税务接口调用过于频繁，请稍后再试';
    case ProviderErrorCode.Protocol:
      return '税务接口返回了无法识别的结果，请稍后再试';
    case ProviderErrorCode.EndpointNotFound:
    case ProviderErrorCode.NotEnabled:
    case ProviderErrorCode.AccountDisabled:
    case ProviderErrorCode.IpNotWhitelisted:
    case ProviderErrorCode.TokenRejected:
      return `税务接口配置问题（${error.message}），${CONFIG_HINT}`;
  }
}
