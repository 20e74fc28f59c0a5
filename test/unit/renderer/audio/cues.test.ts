import { describe, expect, it } from 'vitest';
import { CuePlayer, DENIED_NOTES, GRANTED_NOTES, type ToneContext } from '../../../../renderer/src/audio/cues';

interface Recorded {
  type: string;
  hz: number[];
  starts: number[];
  peak: number;
}

/** A stand-in AudioContext that records the oscillators it was asked to play. */
function fakeContext(state: AudioContextState, resume: () => Promise<void>): ToneContext & { played: Recorded[] } {
  const played: Recorded[] = [];
  const param = (onSet: (v: number) => void) => ({
    setValueAtTime: (v: number) => onSet(v),
    linearRampToValueAtTime: (v: number) => onSet(v),
    exponentialRampToValueAtTime: (v: number) => onSet(v),
  });
  const ctx = {
    state,
    currentTime: 5,
    destination: {},
    played,
    resume: async () => {
      await resume();
      ctx.state = 'running';
    },
    createOscillator: () => {
      const rec: Recorded = { type: '', hz: [], starts: [], peak: 0 };
      played.push(rec);
      return {
        set type(t: string) {
          rec.type = t;
        },
        frequency: param((v) => rec.hz.push(v)),
        connect: () => undefined,
        start: (t: number) => rec.starts.push(t),
        stop: () => undefined,
      };
    },
    createGain: () => {
      const rec = played[played.length - 1]!;
      return { gain: param((v) => (rec.peak = Math.max(rec.peak, v))), connect: () => undefined };
    },
  };
  return ctx as unknown as ToneContext & { played: Recorded[] };
}

describe('sound cues', () => {
  it('plays a rising chime for granted and a low falling tone for denied', async () => {
    const ctx = fakeContext('running', async () => {});
    const player = new CuePlayer(() => ctx);
    expect(await player.play(GRANTED_NOTES)).toBe('played');
    expect(ctx.played.map((n) => n.hz[0])).toEqual([659.25, 880]);
    expect(ctx.played[1]!.starts[0]).toBeGreaterThan(ctx.played[0]!.starts[0]!);
    expect(await player.play(DENIED_NOTES)).toBe('played');
    const low = ctx.played[2]!;
    expect(low.hz[0]).toBeLessThan(250);
    expect(low.hz.at(-1)).toBeLessThan(low.hz[0]!);
    // Never at full scale: no clipping, no startling a visitor.
    for (const n of ctx.played) expect(n.peak).toBeLessThanOrEqual(0.5);
  });

  it('is muted, without queueing a late chime, when autoplay keeps the context suspended', async () => {
    const ctx = fakeContext('suspended', () => new Promise(() => {})); // resume() never settles
    const player = new CuePlayer(() => ctx, 10);
    expect(await player.play(GRANTED_NOTES)).toBe('muted');
    expect(ctx.played).toEqual([]);
  });

  it('plays once a suspended context agrees to resume', async () => {
    const ctx = fakeContext('suspended', async () => {});
    expect(await new CuePlayer(() => ctx, 50).play(DENIED_NOTES)).toBe('played');
    expect(ctx.played).toHaveLength(1);
  });

  it('is muted where there is no Web Audio at all (and tries only once)', async () => {
    let made = 0;
    const player = new CuePlayer(() => {
      made += 1;
      throw new Error('AudioContext is not defined');
    });
    expect(await player.play(GRANTED_NOTES)).toBe('muted');
    expect(await player.play(DENIED_NOTES)).toBe('muted');
    expect(made).toBe(1);
  });
});
