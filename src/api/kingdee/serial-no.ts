/**
 * The `serialNo` (≤ 20 characters) that keys one invoice at Kingdee. It is a pure function of something already
 * persisted before the first call — the blue job's taskId, or the red confirmation's bureau uuid — so a restart, a
 * double click or a retry always sends the same one, and Kingdee never issues twice for it.
 */
import { createHash } from 'node:crypto';
import { SERIAL_NO_MAX_LENGTH } from './wire.js';

const BLUE_PREFIX = 'FB';
const RED_PREFIX = 'FR';

function keyed(prefix: string, source: string): string {
  const digest = createHash('sha256').update(source).digest('hex');
  return `${prefix}${digest}`.slice(0, SERIAL_NO_MAX_LENGTH);
}

export function blueSerialNo(taskId: string): string {
  return keyed(BLUE_PREFIX, taskId);
}

/** One red invoice per confirmation: the bureau uuid names it. */
export function redSerialNo(confirmationUuid: string): string {
  return keyed(RED_PREFIX, confirmationUuid);
}
