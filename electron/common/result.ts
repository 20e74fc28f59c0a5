import type { Code } from './codes';

/** What every IPC call answers: a value, or a code from the shared vocabulary. Never a thrown error. */
export type Result<T> = { ok: true; value: T } | { ok: false; code: Code; message: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: Code, message: string): Result<T> => ({ ok: false, code, message });
