/** Yuan on the wire ↔ integer fen inside the simulator; never a binary float in between. */

const YUAN = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** "12.30", "12.3", "12", 12.3 → 1230; undefined when it is not a yuan amount with at most 2 decimals. */
export function yuanToFen(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const match = YUAN.exec(String(value).trim());
  if (!match) return undefined;
  const [, minus, whole = '0', fraction = ''] = match;
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return undefined;
  return minus ? -fen : fen;
}

/** Fen → the yuan number the bureau prints in its JSON (73.26, -50); exact for 2-decimal values. */
export function fenToYuanNumber(fen: number): number {
  return Number(fenToYuanString(fen));
}

/** Fen → "73.26", "-50.00". */
export function fenToYuanString(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** value × numerator / denominator, rounded half away from zero, exact on integers (BigInt: no overflow). */
export function scaleRounded(value: number, numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  const product = BigInt(value) * BigInt(numerator);
  const d = BigInt(denominator);
  const negative = product < 0n !== d < 0n;
  const absProduct = product < 0n ? -product : product;
  const absD = d < 0n ? -d : d;
  const rounded = (2n * absProduct + absD) / (2n * absD);
  return Number(negative ? -rounded : rounded);
}
