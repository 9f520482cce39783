/**
 * Characters that act on a terminal instead of showing: C0 and C1 controls (ANSI escape
 * sequences start with ESC), bidirectional overrides that reorder what is shown, and
 * zero-width characters that hide. Tabs and newlines are kept.
 */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Text from a user's file or arguments, made safe to print: each unsafe character shown as \u{…}. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (character) => `\\u{${character.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
}
