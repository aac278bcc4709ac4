/**
 * What the page receives: a stored console message with its images as addresses instead of bytes, and what it
 * sends: a typed message or a click, checked here before anything else looks at it.
 */
import { z } from 'zod';
import type { ConsoleMessage } from '../../store/console-messages.js';
import type { Card } from '../platform.js';

export const CONSOLE_BASE = '/console';

export type PageCard = Omit<Card, 'image'> & { image?: { url: string; alt: string } };

export interface PageMessage {
  id: string;
  rev: number;
  at: number;
  from?: { id: string; name: string };
  text?: string;
  imageUrl?: string;
  card?: PageCard;
}

export const imageUrl = (message: ConsoleMessage) => `${CONSOLE_BASE}/api/images/${message.id}?rev=${message.rev}`;

export function toPage(message: ConsoleMessage): PageMessage {
  const { id, rev, at, from, text, png, card } = message;
  const page: PageMessage = { id, rev, at };
  if (from) page.from = from;
  if (text !== undefined) page.text = text;
  if (png !== undefined) page.imageUrl = imageUrl(message);
  if (card) {
    const { image, ...rest } = card;
    page.card = image ? { ...rest, image: { url: imageUrl(message), alt: image.alt } } : rest;
  }
  return page;
}

/** A page-made id for one delivery: a retried request carries the same one, so it runs once. */
const deliveryId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'id must be 8-64 letters, digits, - or _');
const fields = z.record(z.string().max(100), z.string().max(4_000));

export const TypedMessage = z.object({
  id: deliveryId,
  user: z.string(),
  text: z.string().max(4_000),
});

export const Click = z.object({
  id: deliveryId,
  user: z.string(),
  cardMessageId: z.string().max(100),
  value: fields,
  form: fields.optional(),
});
