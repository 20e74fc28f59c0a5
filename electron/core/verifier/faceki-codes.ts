import type { Code } from '../../common/codes';
import { isCode } from '../../common/codes';

/**
 * FACEKI answers errors in two forms: a numeric responseCode (its current SDKs) or {error, error_code}
 * with the seed's string codes (an older endpoint). Both map onto our one vocabulary; anything we do
 * not know is UNKNOWN and the caller keeps the raw body for the log.
 */
const NUMERIC: Record<number, Code> = {
  1000: 'SERVER_ERROR',
  8003: 'PLEASE_TRY_AGAIN',
  8004: 'FACE_CROPPED',
  8005: 'FACE_TOO_CLOSE',
  8006: 'FACE_NOT_FOUND',
  8007: 'FACE_CLOSE_TO_BORDER',
  8008: 'FACE_TOO_SMALL',
  8009: 'POOR_LIGHT',
  8017: 'QUOTA_EXHAUSTED',
  8018: 'TOO_MANY_FACES',
  8019: 'FACE_BLUR',
  5003: 'QUOTA_EXHAUSTED',
};

export function codeFromNumeric(responseCode: number): Code {
  return NUMERIC[responseCode] ?? 'UNKNOWN';
}

export function codeFromString(value: string): Code {
  const upper = value.trim().toUpperCase();
  if (upper === 'FACE_BLURR') return 'FACE_BLUR';
  return isCode(upper) ? upper : 'UNKNOWN';
}
