/** Reads a paged list to its end: until `total` is reached, a page comes back empty, or MAX_PAGES (a bound on a provider that misreports `total`). */
import type { Page } from '../provider.js';

const MAX_PAGES = 20;

export async function readAllPages<T>(readPage: (page: number) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await readPage(page);
    all.push(...answer.items);
    if (answer.items.length === 0 || all.length >= answer.total) break;
  }
  return all;
}
