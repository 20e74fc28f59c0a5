import { describe, expect, it } from 'vitest';
import { faceDistance } from '../../../../electron/core/face/face-embedder';
import { TemplateIndex } from '../../../../electron/core/gallery/template-index';
import { syntheticDescriptor } from './temp-gallery';

/** The nearest and the nearest other person by brute force, for comparison. */
function bruteForce(rows: Array<{ person: string; d: Float32Array }>, probe: Float32Array) {
  const byPerson = new Map<string, number>();
  for (const { person, d } of rows) {
    byPerson.set(person, Math.min(byPerson.get(person) ?? Infinity, faceDistance(d, probe)));
  }
  return [...byPerson].sort((a, b) => a[1] - b[1]);
}

describe('TemplateIndex', () => {
  it('matches exactly for lengths not divisible by the four-at-a-time loop', () => {
    for (const dimensions of [1, 3, 6, 128, 131]) {
      const index = new TemplateIndex(dimensions, 1);
      const rows = Array.from({ length: 40 }, (_, i) => ({
        person: `p${i % 9}`,
        d: syntheticDescriptor(1_000 * dimensions + i, dimensions),
      }));
      for (const { person, d } of rows) index.add(person, d, null);
      const probe = syntheticDescriptor(7, dimensions);
      const [first, second] = bruteForce(rows, probe);
      const match = index.match(probe);
      expect(match.best?.personId, `${dimensions}`).toBe(first?.[0]);
      expect(match.best?.distance).toBeCloseTo(first?.[1] as number, 6);
      expect(match.secondPerson?.personId).toBe(second?.[0]);
      expect(match.secondPerson?.distance).toBeCloseTo(second?.[1] as number, 6);
    }
  });

  it('reports nobody beyond `within`, and the same nearest people as without it inside', () => {
    const index = new TemplateIndex(128, 8);
    const rows = Array.from({ length: 200 }, (_, i) => ({ person: `p${i % 37}`, d: syntheticDescriptor(5_000 + i) }));
    for (const { person, d } of rows) index.add(person, d, null);
    for (let q = 0; q < 10; q++) {
      const probe = syntheticDescriptor(77 + q);
      const [first, second] = bruteForce(rows, probe) as Array<[string, number]>;
      const [d1, d2] = [first![1], second![1]];
      // A cap between the two: the best only. Below both: nobody. Above both: both, as with no cap.
      expect(index.match(probe, undefined, (d1 + d2) / 2)).toEqual({
        best: { personId: first![0], distance: expect.closeTo(d1, 6) },
        secondPerson: null,
      });
      expect(index.match(probe, undefined, d1 * 0.99)).toEqual({ best: null, secondPerson: null });
      expect(index.match(probe, undefined, d2 * 1.01)).toEqual(index.match(probe));
    }
  });

  it('grows past its first capacity and stays dense after a removal', () => {
    const index = new TemplateIndex(4, 1);
    index.add('a', [1, 0, 0, 0], null);
    index.add('b', [0, 1, 0, 0], null);
    index.add('a', [0, 0, 1, 0], null);
    index.add('c', [0, 0, 0, 1], null);
    expect(index.size()).toBe(4);
    index.removePerson('a');
    expect(index.size()).toBe(2);
    expect(index.people()).toBe(2);
    expect(index.match([1, 0, 0, 0]).best?.personId).not.toBe('a');
    expect(index.match([0, 0, 0, 1]).best).toEqual({ personId: 'c', distance: 0 });
    expect(index.match([0, 1, 0, 0]).best).toEqual({ personId: 'b', distance: 0 });
    index.removePerson('missing');
    expect(index.size()).toBe(2);
  });

  it('refuses a descriptor of the wrong length', () => {
    const index = new TemplateIndex(4);
    expect(() => index.add('a', [1, 2, 3], null)).toThrow(/3 numbers, expected 4/);
    expect(() => index.match([1, 2, 3, 4, 5])).toThrow(/5 numbers, expected 4/);
  });
});
