import { CodedError } from '../core/ipc/dispatcher';

// Values of command-line flags, read strictly: junk is INVALID_REQUEST naming the flag, before the
// command does anything. Number() would read "" as 0, "1e3" as 1000, "0x10" as 16 and "abc" as NaN,
// and Date.parse reads "1" as 2001 and "2024-02-30" as 1 March: none of that reaches a setting.

/** A flag holding a whole number of something: digits only. Ranges are the settings' to check. */
export function wholeNumberFlag(flag: string, text: string): number;
export function wholeNumberFlag(flag: string, text: string | undefined): number | undefined;
export function wholeNumberFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new CodedError('INVALID_REQUEST', `--${flag} takes a whole number, not ${JSON.stringify(text)}`);
  }
  return value;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A flag holding an ISO 8601 date (midnight UTC) or date and time (local time unless it has Z or an
 * offset), as a Date. A day the calendar does not have, or an hour past 23, is refused.
 */
export function isoDateFlag(flag: string, text: string): Date {
  const match = ISO.exec(text);
  const refuse = () =>
    new CodedError(
      'INVALID_REQUEST',
      `--${flag} takes an ISO 8601 date or time (2024-05-01T08:00:00Z), not ${JSON.stringify(text)}`,
    );
  if (!match) throw refuse();
  const [, year, month, day, hour = '0', minute = '0', second = '0'] = match;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  const inRange =
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59;
  const parsed = Date.parse(text);
  if (!inRange || Number.isNaN(parsed)) throw refuse();
  return new Date(parsed);
}
