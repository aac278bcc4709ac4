/** Finding secrets in captured log lines: each leak named, with the line it is in. */

/** `secrets` by name; `smsCode` is matched as a whole number only (digits around it make another number). */
export function logLeaks(lines: readonly string[], secrets: Record<string, string>, smsCode: string): string[] {
  return lines.flatMap((line) => {
    const found = Object.entries(secrets).filter(([, secret]) => line.includes(secret)).map(([name]) => name);
    if (new RegExp(`(?<!\\d)${smsCode}(?!\\d)`).test(line)) found.push('SMS code');
    return found.map((name) => `${name}: ${line.slice(0, 300)}`);
  });
}
