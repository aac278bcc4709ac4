/**
 * Why the store refuses to open or to write. Each message is one line an operator can act on, naming the file;
 * `main.ts` prints it as it is, like a configuration error.
 */

/** Another process holds DATA_DIR: two writers would overwrite each other's jobs. */
export class StoreLockedError extends Error {
  constructor(dataDir: string, holder: string) {
    super(`数据目录 ${dataDir} 正被另一个 fapiao-bot 进程使用（${holder}）；同一数据目录只能运行一个实例`);
    this.name = 'StoreLockedError';
  }
}

/** A store file cannot be read back; nothing was changed, so the operator can look before anything is lost. */
export class StoreDamagedError extends Error {
  constructor(
    readonly file: string,
    detail: string,
    lastGoodCopy?: string,
  ) {
    const recovery = lastGoodCopy ? `；上一份完好的副本在 ${lastGoodCopy}` : '';
    super(`存储文件已损坏：${file}（${detail}）${recovery}。未做任何修改，请检查或恢复后再启动`);
    this.name = 'StoreDamagedError';
  }
}

/** A write after `close()` (or after a failed write): refused loudly, never dropped silently. */
export class StoreClosedError extends Error {
  constructor(reason: string) {
    super(`store is closed: ${reason}`);
    this.name = 'StoreClosedError';
  }
}
