import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { FaceEmbedder } from '../../../electron/core/face/face-embedder';
import { startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { fixturePath, readFixture } from '../../support/fixtures';
import { cli, jsonOf, makeDataDir, removeDataDir, serviceArgs, writeSettings } from './cli-harness';

// `verify --verifier hybrid` through the CLI, one command at a time as an operator would run them:
// FACEKI (the fake, recognising the faces it enrolled) grants online; with the fake stopped, the
// person it granted is let in offline-local, and `facegate log` says so.

interface Summary {
  decision: string;
  code: string;
  online: boolean;
  user: { userId: string; name?: string } | null;
}

let dataDir: string;
let faceki: FakeFaceki | null;

beforeAll(async () => {
  await FaceEmbedder.load();
}, 60_000);
beforeEach(async () => {
  vi.stubEnv('FACEGATE_CLIENT_SECRET', undefined);
  vi.stubEnv('FACEGATE_DATA_DIR', undefined);
  dataDir = makeDataDir();
  faceki = await startFakeFaceki();
  await faceki.enroll({ userId: 'u-obama', name: 'Barack Obama' }, readFixture('obama-1.jpg'));
  await faceki.enroll({ userId: 'u-vlado', name: 'Vlado' }, readFixture('vlado-1.jpg'));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await faceki?.close();
  removeDataDir(dataDir);
});

describe('facegate verify --verifier hybrid', () => {
  it('grants offline-local a person FACEKI granted earlier while FACEKI is stopped; denies everyone else', async () => {
    writeSettings(dataDir, { hybrid: { rememberGrants: true } });
    const service = serviceArgs(dataDir, faceki!);
    const verify = async (name: string) => {
      const run = await cli(['verify', fixturePath(name), '--json', '--verifier', 'hybrid', ...service]);
      return { exit: run.code, ...jsonOf<Summary>(run) };
    };
    expect(await verify('obama-2.jpg')).toMatchObject({ exit: 0, decision: 'granted', online: true });
    // The grant's frame was kept for offline use: FACEKI's person, in this machine's gallery.
    const people = jsonOf<{ people: Array<{ id: string; source: string }> }>(
      await cli(['people', '--json', '--data-dir', dataDir]),
    ).people;
    expect(people).toEqual([expect.objectContaining({ id: 'u-obama', source: 'faceki' })]);

    await faceki!.close();
    faceki = null;
    expect(await verify('obama-1.jpg')).toMatchObject({
      exit: 0,
      decision: 'granted',
      code: 'OK',
      online: false,
      user: { userId: 'u-obama', name: 'Barack Obama' },
    });
    // Vlado is FACEKI's too, but was never granted here; Biden is nobody's.
    for (const stranger of ['vlado-2.jpg', 'biden-1.jpg']) {
      expect(await verify(stranger), stranger).toMatchObject({ exit: 2, decision: 'error', code: 'OFFLINE' });
    }
    const log = JSON.parse((await cli(['log', '--data-dir', dataDir])).lines.join('\n')) as Array<{
      decision: string;
      verifier?: string;
      online: boolean;
    }>;
    expect(log.map((r) => [r.decision, r.verifier, r.online])).toEqual([
      ['granted', 'faceki', true],
      ['granted', 'offline-local', false],
      ['error', 'offline-local', false],
      ['error', 'offline-local', false],
    ]);
  });
});
