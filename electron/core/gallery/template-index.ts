import type { GalleryMatch } from './gallery';

/** face-api's recognition net: 128 numbers per face. */
export const DESCRIPTOR_LENGTH = 128;

/** Numbers summed between two checks of the early stop: often enough to stop early, rarely enough to cost little. */
const CHUNK = 32;

/**
 * Every template of one model in one Float32Array, row after row, with the owner of each row, so a
 * 1:N match is one pass over contiguous memory (100 000 templates: 51 MB, bench/gallery.ts). Plain
 * numbers only: sealing and SQL stay in gallery.ts.
 */
export class TemplateIndex {
  private vectors: Float32Array;
  /** Per row: the owner's slot in `owners`. */
  private slots: Int32Array;
  private count = 0;
  private readonly owners: Array<{ id: string; grantedAt: string | null } | null> = [];
  private readonly slotOf = new Map<string, number>();

  constructor(
    readonly dimensions = DESCRIPTOR_LENGTH,
    capacity = 64,
  ) {
    const rows = Math.max(1, capacity);
    this.vectors = new Float32Array(rows * dimensions);
    this.slots = new Int32Array(rows);
  }

  size(): number {
    return this.count;
  }

  /** People with at least one template here. */
  people(): number {
    return this.slotOf.size;
  }

  add(personId: string, descriptor: ArrayLike<number>, grantedAt: string | null): void {
    if (descriptor.length !== this.dimensions) {
      throw new Error(`a template of ${descriptor.length} numbers, expected ${this.dimensions}`);
    }
    if (this.count === this.slots.length) this.grow(this.count * 2);
    let slot = this.slotOf.get(personId);
    if (slot === undefined) {
      slot = this.owners.length;
      this.owners.push({ id: personId, grantedAt });
      this.slotOf.set(personId, slot);
    }
    this.vectors.set(descriptor, this.count * this.dimensions);
    this.slots[this.count] = slot;
    this.count++;
  }

  setGrantedAt(personId: string, at: string): void {
    const slot = this.slotOf.get(personId);
    if (slot !== undefined) (this.owners[slot] as { grantedAt: string | null }).grantedAt = at;
  }

  /** Drops a person's rows, moving later rows up so the array stays one dense run. */
  removePerson(personId: string): void {
    const slot = this.slotOf.get(personId);
    if (slot === undefined) return;
    const d = this.dimensions;
    let kept = 0;
    for (let row = 0; row < this.count; row++) {
      if (this.slots[row] === slot) continue;
      if (kept !== row) {
        this.vectors.copyWithin(kept * d, row * d, (row + 1) * d);
        this.slots[kept] = this.slots[row] as number;
      }
      kept++;
    }
    // Zero what was freed: a forgotten face does not linger in memory either.
    this.vectors.fill(0, kept * d, this.count * d);
    this.count = kept;
    this.owners[slot] = null;
    this.slotOf.delete(personId);
  }

  /**
   * The nearest person and the nearest other person to `descriptor`. `within`: distances beyond it
   * are never reported (null instead), which lets most rows stop early; the verifier passes
   * maxDistance + margin, beyond which nothing changes its decision.
   */
  match(descriptor: ArrayLike<number>, grantedSince?: string, within = Infinity): GalleryMatch {
    const d = this.dimensions;
    if (descriptor.length !== d) throw new Error(`descriptor of ${descriptor.length} numbers, expected ${d}`);
    const query = Float64Array.from(descriptor);
    // The loop takes four numbers a step; the tail of a length not divisible by 4 is summed apart.
    const body = d - (d % 4);
    const eligible = grantedSince === undefined ? null : this.grantedMask(grantedSince);
    const vectors = this.vectors;
    const slots = this.slots;
    // Squared distances: the square root is taken twice at the end, not once per template.
    let bestSlot = -1;
    let best = within * within;
    let secondSlot = -1;
    let second = best;
    for (let row = 0; row < this.count; row++) {
      const slot = slots[row] as number;
      if (eligible && eligible[slot] === 0) continue;
      // A row changes the answer only if it is nearer than its person's place: best for the best
      // person, second for anyone else. Partial sums only grow, so stop once one reaches that bound.
      const bound = slot === bestSlot ? best : second;
      // Four running sums: independent additions the CPU can overlap (about 2x faster than one sum in V8).
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let at = row * d;
      let i = 0;
      let stopped = false;
      while (i < body) {
        const chunkEnd = Math.min(i + CHUNK, body);
        for (; i < chunkEnd; i += 4, at += 4) {
          const d0 = (vectors[at] as number) - (query[i] as number);
          const d1 = (vectors[at + 1] as number) - (query[i + 1] as number);
          const d2 = (vectors[at + 2] as number) - (query[i + 2] as number);
          const d3 = (vectors[at + 3] as number) - (query[i + 3] as number);
          s0 += d0 * d0;
          s1 += d1 * d1;
          s2 += d2 * d2;
          s3 += d3 * d3;
        }
        if (s0 + s1 + s2 + s3 >= bound) {
          stopped = true;
          break;
        }
      }
      if (stopped) continue;
      for (; i < d; i++, at++) {
        const diff = (vectors[at] as number) - (query[i] as number);
        s0 += diff * diff;
      }
      const sum = s0 + s1 + s2 + s3;
      if (slot === bestSlot) {
        if (sum < best) best = sum;
      } else if (sum < best) {
        // The old best person becomes the runner-up: it is closer than any other person seen so far.
        secondSlot = bestSlot;
        second = best;
        bestSlot = slot;
        best = sum;
      } else if (sum < second) {
        secondSlot = slot;
        second = sum;
      }
    }
    const found = (slot: number, sum: number) =>
      slot < 0 ? null : { personId: (this.owners[slot] as { id: string }).id, distance: Math.sqrt(sum) };
    return { best: found(bestSlot, best), secondPerson: found(secondSlot, second) };
  }

  private grantedMask(since: string): Uint8Array {
    const mask = new Uint8Array(this.owners.length);
    this.owners.forEach((owner, slot) => {
      if (owner?.grantedAt && owner.grantedAt >= since) mask[slot] = 1;
    });
    return mask;
  }

  /** Bytes held for descriptors (the bulk of the gallery's memory). */
  bytes(): number {
    return this.vectors.byteLength + this.slots.byteLength;
  }

  private grow(capacity: number): void {
    const vectors = new Float32Array(capacity * this.dimensions);
    vectors.set(this.vectors.subarray(0, this.count * this.dimensions));
    const slots = new Int32Array(capacity);
    slots.set(this.slots.subarray(0, this.count));
    this.vectors = vectors;
    this.slots = slots;
  }
}
