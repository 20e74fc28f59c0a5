import { faceDistance } from '../face/face-embedder';
import { TemplateIndex } from './template-index';

/**
 * The arithmetic behind settings.local's maxDistance and margin (scripts/calibrate-local.ts prints
 * it for the fixtures, docs/local-matching.md records it): pairwise distances split into genuine
 * (same person) and impostor pairs, and 1:N trials through the same TemplateIndex and decision rule
 * the LocalVerifier uses. Pure: descriptors in, counts out.
 */

export interface LabelledFace {
  /** The photo (and part of it), e.g. "obama-1.jpg" or "two-people.jpg (left)". */
  label: string;
  person: string;
  descriptor: Float32Array;
}

export interface Pair {
  a: string;
  b: string;
  same: boolean;
  distance: number;
}

export function pairs(faces: readonly LabelledFace[]): Pair[] {
  const out: Pair[] = [];
  for (let i = 0; i < faces.length; i++) {
    for (let j = i + 1; j < faces.length; j++) {
      const [a, b] = [faces[i] as LabelledFace, faces[j] as LabelledFace];
      out.push({
        a: a.label,
        b: b.label,
        same: a.person === b.person,
        distance: faceDistance(a.descriptor, b.descriptor),
      });
    }
  }
  return out;
}

export type Decision = 'granted' | 'no-match' | 'ambiguous';

/** The LocalVerifier's rule on a match, without the verifier around it. */
export function decide(
  match: ReturnType<TemplateIndex['match']>,
  maxDistance: number,
  margin: number,
): { decision: Decision; personId?: string } {
  const { best, secondPerson } = match;
  if (!best || best.distance > maxDistance) return { decision: 'no-match' };
  if (secondPerson && secondPerson.distance - best.distance < margin) return { decision: 'ambiguous' };
  return { decision: 'granted', personId: best.personId };
}

export interface Trial {
  probe: string;
  /** The probe's person is enrolled (a genuine trial) or not (an impostor trial). */
  enrolled: boolean;
  person: string;
  best: { personId: string; distance: number } | null;
  secondPerson: { personId: string; distance: number } | null;
}

/**
 * Every 1:N trial the fixtures allow. Galleries: one photo per person, in every combination, and
 * every photo at once; the probe is never in its own gallery. Each probe is tried against each
 * gallery twice: with its person enrolled (genuine, when another photo of them exists) and with its
 * person left out (impostor: anything granted is a false accept).
 */
export function trials(faces: readonly LabelledFace[]): Trial[] {
  const people = [...new Set(faces.map((f) => f.person))];
  const galleries: LabelledFace[][] = [faces.slice()];
  const combine = (at: number, chosen: LabelledFace[]): void => {
    if (at === people.length) {
      galleries.push(chosen);
      return;
    }
    for (const face of faces.filter((f) => f.person === people[at])) combine(at + 1, [...chosen, face]);
  };
  combine(0, []);
  const out: Trial[] = [];
  for (const probe of faces) {
    for (const gallery of galleries) {
      const others = gallery.filter((f) => f !== probe);
      for (const enrolled of [true, false]) {
        const templates = enrolled ? others : others.filter((f) => f.person !== probe.person);
        if (enrolled && !templates.some((f) => f.person === probe.person)) continue;
        const index = new TemplateIndex(probe.descriptor.length);
        for (const t of templates) index.add(t.person, t.descriptor, null);
        out.push({ probe: probe.label, enrolled, person: probe.person, ...index.match(probe.descriptor) });
      }
    }
  }
  return out;
}

export interface Tally {
  /** Genuine trials granted to the right person. */
  genuineGranted: number;
  genuineTrials: number;
  /** Any trial granted to someone other than the probe's person: must be 0. */
  falseAccepts: number;
  ambiguous: number;
}

export function tally(all: readonly Trial[], maxDistance: number, margin: number): Tally {
  const out: Tally = { genuineGranted: 0, genuineTrials: 0, falseAccepts: 0, ambiguous: 0 };
  for (const trial of all) {
    const { decision, personId } = decide(trial, maxDistance, margin);
    if (trial.enrolled) out.genuineTrials++;
    if (decision === 'ambiguous') out.ambiguous++;
    if (decision !== 'granted') continue;
    if (personId === trial.person) out.genuineGranted++;
    else out.falseAccepts++;
  }
  return out;
}
