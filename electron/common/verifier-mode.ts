import type { Settings } from './settings';

export type VerifierMode = 'local' | 'faceki' | 'hybrid';

export const VERIFIER_MODES: readonly VerifierMode[] = ['local', 'faceki', 'hybrid'];

/**
 * The verifier the kiosk uses. An explicit verifier.mode is the operator's choice and is kept as it
 * is (a 'faceki' kiosk without credentials says so rather than quietly matching on its own). Left
 * out, FACEKI is used only when it can be: clientId and the client secret both set; otherwise the
 * local gallery, so a fresh install without a FACEKI account can recognise the people enrolled on it.
 */
export function effectiveVerifierMode(
  settings: { verifier: Pick<Settings['verifier'], 'mode' | 'clientId'> },
  hasClientSecret: boolean,
): VerifierMode {
  const { mode, clientId } = settings.verifier;
  if (mode) return mode;
  return clientId.trim() !== '' && hasClientSecret ? 'faceki' : 'local';
}
