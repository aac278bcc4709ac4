/**
 * Who can speak in the web chat: three made-up colleagues, enough to play every role — a requester, an approver other
 * than the requester, and a third person who is neither. Their ids are what approver and allow lists name.
 */
import type { UserDirectory, UserRef } from '../platform.js';

export const CONSOLE_PEOPLE: readonly Required<UserRef>[] = [
  { id: 'wang', name: '财务小王' },
  { id: 'li', name: '主管老李' },
  { id: 'zhang', name: '出纳小张' },
];

/** In sandbox mode with no APPROVERS, 主管老李 approves, so the approval step can be tried in the console. */
export const CONSOLE_SANDBOX_APPROVERS: readonly string[] = ['li'];

export function consolePerson(id: unknown): Required<UserRef> | undefined {
  return CONSOLE_PEOPLE.find((person) => person.id === id);
}

/** Names for cards and toasts: the console's address book is the list above. */
export const consoleDirectory: UserDirectory = {
  async lookupName(userId) {
    return consolePerson(userId)?.name;
  },
};
