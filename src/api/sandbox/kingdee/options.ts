/** What the Kingdee simulator can be told; everything but the credentials has a default. */
export type KingdeeRedMode = 'immediate' | 'confirmation';

export interface KingdeeSandboxOptions {
  clientId: string;
  clientSecret: string;
  /** 16 bytes as UTF-8. */
  encryptKey: string;
  /** Default 0: how long a created serialNo stays at status 2 before it is issued (1). */
  issueDelayMs?: number;
  /** Default true: the clerk's face auth has lapsed, so create and red/apply answer 91400 until /__sandbox/scan. */
  faceAuthNeeded?: boolean;
  /** Default true: Kingdee's client holds a bureau login. */
  loggedIn?: boolean;
  /** Default 'immediate': red/apply enters a confirmation in 01 (ready to issue); 'confirmation': 02, the buyer must agree. */
  redMode?: KingdeeRedMode;
  /** Default 7200. */
  tokenTtlSeconds?: number;
  /** Default Date.now; /__sandbox/advance adds an offset on top. */
  now?: () => number;
  /** Base of the download links; default the listening URL. */
  publicUrl?: string;
  /** The seller's name the bureau knows. */
  sellerName?: string;
}

export type ResolvedKingdeeOptions = Required<Omit<KingdeeSandboxOptions, 'publicUrl'>> & { publicUrl: string | undefined };

export function resolveKingdeeOptions(options: KingdeeSandboxOptions): ResolvedKingdeeOptions {
  if (!options.clientId || !options.clientSecret || !options.encryptKey) {
    throw new Error('kingdee sandbox: clientId, clientSecret and encryptKey are required');
  }
  return {
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    encryptKey: options.encryptKey,
    issueDelayMs: options.issueDelayMs ?? 0,
    faceAuthNeeded: options.faceAuthNeeded ?? true,
    loggedIn: options.loggedIn ?? true,
    redMode: options.redMode ?? 'immediate',
    tokenTtlSeconds: options.tokenTtlSeconds ?? 7200,
    now: options.now ?? Date.now,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    sellerName: options.sellerName ?? '金蝶沙箱销售方有限公司',
  };
}
