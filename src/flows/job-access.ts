/**
 * The one check every click on a job goes through, whatever the button: the job exists, lives in the chat the click
 * came from, and — for a click on a card — is the job that card shows. A card value naming a job of another chat or
 * of another card is refused before any state changes. Job ids are looked up in a Map, so `__proto__` is just an
 * unknown id.
 */
import type { ActionAnswer, ChatRef, InboundAction, UserRef } from '../bot/platform.js';
import type { JobRecord, JobRepository } from '../store/jobs.js';

/** Who clicked what, where: built from the inbound click, never from the card's value alone. */
export interface JobClick {
  jobId: string;
  chat: ChatRef;
  user: UserRef;
  /** The card the click came from; absent for a text form of a click. */
  cardMessageId?: string;
}

export type JobAccess = { ok: true; job: JobRecord } | { ok: false; answer: ActionAnswer };

export const JOB_NOT_FOUND_TEXT = '找不到这张开票申请';
export const JOB_ELSEWHERE_TEXT = '这个按钮不属于这张卡片或这个群，已忽略';

export function clickOn(inbound: InboundAction): JobClick {
  return { jobId: inbound.value.job ?? '', chat: inbound.chat, user: inbound.user, cardMessageId: inbound.cardMessageId };
}

/** `cardOf`: the card of the job whose buttons this click may come from (default its own card; or its approval card). */
export function accessJob(
  jobs: JobRepository,
  click: JobClick,
  cardOf: (job: JobRecord) => string | undefined = (job) => job.previewMessageId,
): JobAccess {
  const job = jobs.get(click.jobId);
  if (!job) return refuse(JOB_NOT_FOUND_TEXT);
  const sameChat = job.chat.platform === click.chat.platform && job.chat.chatId === click.chat.chatId;
  // A card click must come from the job's own card; before its message id is stored, no card can be told apart.
  const sameCard = click.cardMessageId === undefined || click.cardMessageId === cardOf(job);
  if (!sameChat || !sameCard) return refuse(JOB_ELSEWHERE_TEXT);
  return { ok: true, job };
}

/** The same check, and the job must be of the button's kind: a blue button naming a red job is another card's. */
export function accessJobOfType(jobs: JobRepository, click: JobClick, type: JobRecord['type']): JobAccess {
  const access = accessJob(jobs, click);
  return access.ok && access.job.type !== type ? refuse(JOB_ELSEWHERE_TEXT) : access;
}

function refuse(text: string): JobAccess {
  return { ok: false, answer: { toast: { type: 'error', text } } };
}
