import { basename } from 'node:path';
import type { Code } from '../../common/codes';
import { observe } from '../../common/vision/face-observation';
import { distinctFaces, gateFrame, type FrameSize, type GateConfig, type GateMeasures } from '../../common/vision/gate';
import { measureQuality } from '../../common/vision/image-quality';
import { CodedError } from '../../core/ipc/dispatcher';
import { loadSettingsFile, resolveDataDir } from '../../core/settings/settings-file';
import { decodeImage, detectRaw, loadHuman, type Detection, type RawImage } from '../human-node';
import { parseCommandArgs, type Command } from './shared';

export interface AnalyzeEntry {
  file: string;
  /** 'OK' when the frame passes the gate, else the gate's code, or FAILED_TO_READ_IMAGE. */
  code: Code;
  pass: boolean;
  frame?: { width: number; height: number };
  /** The gate's measures of the face it judged, plus that face's anti-spoofing and liveness scores. */
  measures?: GateMeasures & { antispoof: number | null; liveness: number | null };
  error?: string;
}

const round = (value: unknown): unknown => {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.round(value * 1000) / 1000;
  if (Array.isArray(value)) return value.map(round);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, round(v)]));
  return value;
};

async function analyzeOne(file: string, gate: GateConfig, frameSize?: FrameSize): Promise<AnalyzeEntry> {
  let image: RawImage;
  try {
    image = await decodeImage(file, frameSize);
  } catch (error) {
    return { file, code: 'FAILED_TO_READ_IMAGE', pass: false, error: (error as Error).message.split('\n')[0]! };
  }
  try {
    await loadHuman();
  } catch (error) {
    // Not this file's fault: without models no file can be judged, so the command stops here.
    throw new CodedError('FAILED_TO_READ_MODEL', (error as Error).message);
  }
  const detection: Detection = await detectRaw(image);
  const { frame, faces } = detection;
  const observations = faces.map((face) => observe(face, frame));
  // Light and sharpness of the face the gate will judge (the largest), measured whatever the verdict,
  // so the report shows them even for a frame refused for its framing.
  const judged = distinctFaces(observations)[0];
  const quality = judged ? measureQuality({ ...image, channels: 3 }, judged) : null;
  const verdict = gateFrame(observations, frame, gate, quality);
  const face = verdict.face;
  return {
    file,
    code: verdict.pass ? 'OK' : verdict.code,
    pass: verdict.pass,
    frame,
    measures: { ...verdict.measures, antispoof: face?.antispoof ?? null, liveness: face?.liveness ?? null },
  };
}

const fixed = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined ? '-' : value.toFixed(digits);

function describe(entry: AnalyzeEntry): string {
  const head = `${basename(entry.file)}: ${entry.code}`;
  if (entry.error) return `${head} (${entry.error})`;
  const m = entry.measures!;
  const parts = [`faces ${m.faces}`];
  if (m.box) {
    const [x, y, w, h] = m.box.map((v) => Math.round(v));
    parts.push(`box ${x},${y} ${w}x${h} (${fixed(m.widthRatio)} of width, margin ${fixed(m.marginPx, 0)} px)`);
    parts.push(`eyes ${fixed(m.eyeDistancePx, 0)} px (${fixed(m.eyeDistanceRatio, 3)})`);
    parts.push(`yaw ${fixed(m.yaw, 1)} pitch ${fixed(m.pitch, 1)} roll ${fixed(m.roll, 1)}`);
    parts.push(`score ${fixed(m.detectorScore)}`);
    parts.push(`light ${fixed(m.meanLuma, 0)}±${fixed(m.contrast, 0)} sharpness ${fixed(m.sharpness, 0)}`);
    parts.push(`real ${fixed(m.antispoof)} live ${fixed(m.liveness)}`);
  }
  return `${head}  ${parts.join('  ')}`;
}

function parseFrame(text: string): FrameSize {
  const match = /^(\d{2,5})x(\d{2,5})$/.exec(text);
  if (!match) throw new CodedError('INVALID_REQUEST', `--frame must be WIDTHxHEIGHT, e.g. 640x480: ${text}`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/**
 * `facegate analyze <images...> [--frame WxH] [--json]`: what the kiosk's gate makes of each image
 * taken as a camera frame (Human in Node, the kiosk's face settings, settings.gate from the data
 * folder), with the measurements behind each verdict. For tuning the gate on snapshots from the real
 * camera (as they are), or on photos made into kiosk-like frames with --frame 640x480. Exit 0 when
 * every image passes, 1 when some are refused, 2 when one could not be read.
 */
export const analyzeCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs({
    args,
    options: {
      'data-dir': { type: 'string' },
      frame: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    throw new CodedError('INVALID_REQUEST', 'usage: facegate analyze <images...> [--frame WxH] [--json]');
  }
  const frame = values.frame === undefined ? undefined : parseFrame(values.frame);
  const gate = loadSettingsFile(resolveDataDir(values['data-dir'])).gate;
  const entries: AnalyzeEntry[] = [];
  for (const file of positionals) entries.push(round(await analyzeOne(file, gate, frame)) as AnalyzeEntry);
  if (values.json) io.print(JSON.stringify({ results: entries }));
  else for (const entry of entries) io.print(describe(entry));
  if (entries.some((e) => e.error !== undefined)) return 2;
  return entries.every((e) => e.pass) ? 0 : 1;
};
