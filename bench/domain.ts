/** The pure invoice domain: draft validation and the VAT of one line. No I/O, so these are CPU numbers. */
import { checkDraft } from '../src/invoice/draft.js';
import { splitTaxInclusive, taxOfTaxExclusive } from '../src/invoice/tax.js';
import { sampleDraft, sampleRawDraft } from './drafts.js';
import { measure, type BenchResult } from './timing.js';

const RATES_PERMILLE = [60, 130, 90, 30, 10, 0, 50];

export async function benchDomain(): Promise<BenchResult[]> {
  // Validate the samples once up front, so the timed loops below time the success path.
  sampleDraft(1);
  sampleDraft(100);
  const oneLine = sampleRawDraft(1);
  const hundredLines = sampleRawDraft(100);

  let sink = 0;
  const results = [
    await measure('checkDraft, 1 line', () => checkDraft(oneLine), { maxCount: 50_000, maxMs: 2_000 }),
    await measure('checkDraft, 100 lines', () => checkDraft(hundredLines), { maxCount: 2_000, maxMs: 3_000 }),
    await measure(
      'splitTaxInclusive, 1 line',
      (index) => {
        sink += splitTaxInclusive(100 + index * 7, RATES_PERMILLE[index % RATES_PERMILLE.length] ?? 60).taxFen;
      },
      { maxCount: 200_000, maxMs: 2_000 },
    ),
    await measure(
      'taxOfTaxExclusive, 1 line',
      (index) => {
        sink += taxOfTaxExclusive(100 + index * 7, RATES_PERMILLE[index % RATES_PERMILLE.length] ?? 60);
      },
      { maxCount: 200_000, maxMs: 2_000 },
    ),
  ];
  // Keeps the engine from dropping the arithmetic as unused.
  if (sink === -1) console.log(sink);
  return results;
}
