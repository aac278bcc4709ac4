/**
 * Two windows that must agree: how long the inbox remembers a delivery it took (so a platform's re-push runs nothing),
 * and how old a signed request a receiver still takes. A request younger than the replay window finds its original's
 * dedupe record if there was one, so a replay runs nothing; an older one might have outlived that record, so it is
 * refused. Feishu re-pushes an unacknowledged event after 15 s, 5 min, 1 h and 6 h, with (we assume, it is not
 * documented) the first push's timestamp: a replay window of minutes would refuse those re-pushes.
 */

/** Feishu re-pushes for about 6 h, DingTalk for about a minute: a week covers both. */
export const DEDUPE_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * A day short of the dedupe window: the record lives from when the request arrived (maybe later than its timestamp,
 * or earlier by the sender's clock skew) until the first maintenance after the window, so the margin keeps every
 * accepted replay inside it.
 */
export const REPLAY_WINDOW_MS = DEDUPE_WINDOW_MS - 24 * 3600_000;
