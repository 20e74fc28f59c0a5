import { RELAY_PROTOCOLS } from '../common/relay-settings';
import { VERIFIER_MODES } from '../common/verifier-mode';

/**
 * Every command of `facegate`: what it does and the options its parser takes, each with its help.
 * Commands parse their arguments with these very objects and the help is printed from them, so an
 * option cannot be accepted without being documented, or documented without being accepted.
 */

/** An option as util.parseArgs takes it (it ignores the other fields), plus its help. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  default?: string | boolean;
  /** Name of the value in the help ("N", "PATH"); none for a switch. */
  value?: string;
  help: string;
}

export type OptionTable = Record<string, OptionSpec>;

export interface CommandSpec {
  /** How to call it, one form per line, without the leading "facegate ". */
  synopsis: readonly string[];
  about: string;
  options: OptionTable;
  /** Takes arguments besides options (an image, an action). */
  positionals: boolean;
}

export const DATA_DIR_OPTION = {
  'data-dir': {
    type: 'string',
    value: 'DIR',
    help: 'settings.json, facegate.db, secrets and logs (default: $FACEGATE_DATA_DIR, else ~/.config/facegate)',
  },
} as const satisfies OptionTable;

export const JSON_OPTION = {
  json: { type: 'boolean', default: false, help: 'one JSON document on stdout' },
} as const satisfies OptionTable;

/** The settings a command that talks to the verify service or the relay takes over settings.json. */
export const SERVICE_OPTIONS = {
  ...DATA_DIR_OPTION,
  'verify-url': { type: 'string', value: 'URL', help: 'verifier.verifyUrl (https; http only to a loopback address)' },
  'token-url': { type: 'string', value: 'URL', help: 'verifier.tokenUrl' },
  'client-id': { type: 'string', value: 'ID', help: 'verifier.clientId' },
  'client-secret': {
    type: 'string',
    value: 'S',
    help: 'the client secret (else $FACEGATE_CLIENT_SECRET, else the sealed store: facegate secret set)',
  },
  'image-field': { type: 'string', value: 'F', help: 'verifier.imageField: the form field of the photo' },
  'timeout-ms': { type: 'string', value: 'N', help: 'verifier.timeoutMs: how long one request may take' },
  'relay-port': { type: 'string', value: 'PATH', help: 'relay.port: the serial device of the door relay' },
  ...JSON_OPTION,
} as const satisfies OptionTable;

/** Who recognises the face for this one run, over settings.json's verifier.mode and its default. */
export const VERIFIER_OPTION = {
  verifier: {
    type: 'string',
    value: VERIFIER_MODES.join('|'),
    help: 'verifier.mode for this run (default: faceki with clientId and client secret set, else local)',
  },
} as const satisfies OptionTable;

/** Who is being enrolled: the details a welcome screen and the log show. */
const PERSON_OPTIONS = {
  name: { type: 'string', value: 'N', help: "the person's name (required), as the welcome screen greets them" },
  email: { type: 'string', value: 'E', help: 'their e-mail address' },
  language: { type: 'string', value: 'L', help: 'the language of their welcome (en, fr, de, ...)' },
} as const satisfies OptionTable;

export const COMMAND_TABLE = {
  verify: {
    synopsis: ['verify <image> [--open-door]'],
    about:
      'Verify a photo as the kiosk would; logged with source "cli". Exit 0 granted, 1 denied, 2 error.\n' +
      'The door opens only with --open-door.',
    options: {
      ...SERVICE_OPTIONS,
      ...VERIFIER_OPTION,
      'open-door': {
        type: 'boolean',
        default: false,
        help: 'pulse the relay on a grant (held relay.openMs; rested on Ctrl-C, SIGTERM or SIGHUP)',
      },
    },
    positionals: true,
  },
  enroll: {
    synopsis: ['enroll <images...> --name N [--email E] [--language L]'],
    about:
      'Enrol a person from photos of them (one face each; a few photos help). Into the gallery on this\n' +
      "machine, or with FACEKI's enrol endpoint (one photo) when the verifier is faceki or hybrid. Refused,\n" +
      'exit 2, for no face, several faces, an unreadable image, or a face already enrolled (ALREADY_ENROLLED).',
    options: { ...SERVICE_OPTIONS, ...VERIFIER_OPTION, ...PERSON_OPTIONS },
    positionals: true,
  },
  people: {
    synopsis: ['people'],
    about: "The people in this machine's gallery: id, name, templates, and when FACEKI last granted them.",
    options: { ...DATA_DIR_OPTION, ...JSON_OPTION },
    positionals: false,
  },
  forget: {
    synopsis: ['forget <id>'],
    about:
      'Remove a person and all their templates from the gallery (right to erasure); their attempts keep\n' +
      'only the id. Exit 2 with PERSON_NOT_FOUND for an id the gallery does not hold.',
    options: { ...DATA_DIR_OPTION, ...JSON_OPTION },
    positionals: true,
  },
  log: {
    synopsis: ['log [--since ISO] [--format json|csv]'],
    about: 'The attempt log, oldest first.',
    options: {
      ...DATA_DIR_OPTION,
      since: {
        type: 'string',
        value: 'ISO',
        help: 'only attempts at or after this ISO 8601 date or time (2024-05-01, 2024-05-01T08:00:00Z)',
      },
      format: { type: 'string', value: 'json|csv', help: 'json (the default) or csv' },
      ...JSON_OPTION,
    },
    positionals: false,
  },
  sync: {
    synopsis: ['sync'],
    about: 'Resolve attempts queued while the verify service was unreachable.',
    options: SERVICE_OPTIONS,
    positionals: false,
  },
  doctor: {
    synopsis: ['doctor'],
    about:
      "Check settings, secrets, database, admin PIN, the gallery (local and hybrid verifier), FACEKI's token\n" +
      'and service (faceki and hybrid) and relay; a hint for each failure. Exit 0 when all pass, 2 otherwise.',
    options: { ...SERVICE_OPTIONS, ...VERIFIER_OPTION },
    positionals: false,
  },
  secret: {
    synopsis: ['secret set|delete clientSecret'],
    about: 'Store the client secret sealed in the data folder (the value on stdin), or delete it.',
    options: DATA_DIR_OPTION,
    positionals: true,
  },
  admin: {
    synopsis: ['admin set-pin | status'],
    about:
      "Set the admin screen's PIN (6-12 digits on stdin; clears a lockout), or show whether one is set\n" +
      'and whether it is locked out.',
    options: { ...DATA_DIR_OPTION, ...JSON_OPTION },
    positionals: true,
  },
  relay: {
    synopsis: [
      'relay ports',
      `relay pulse [--port PATH] [--protocol ${RELAY_PROTOCOLS.join('|')}] [--channel N] [--ms N]`,
      '            [--baud N] [--on HEX --off HEX [--reply HEX]]',
    ],
    about:
      'List the serial devices of this machine, or open the door once and report each command written\n' +
      "and when. pulse starts from settings.json's relay settings; the options override them. Ctrl-C,\n" +
      'SIGTERM or SIGHUP during the pulse rest the relay before exiting (exit 130, 143, 129).',
    options: {
      ...DATA_DIR_OPTION,
      port: { type: 'string', value: 'PATH', help: 'serial device of the relay board (relay.port)' },
      protocol: { type: 'string', value: 'P', help: `${RELAY_PROTOCOLS.join(', ')} (relay.protocol)` },
      channel: { type: 'string', value: 'N', help: 'relay channel on the board (relay.channel)' },
      ms: { type: 'string', value: 'N', help: 'how long the door stays open, in milliseconds (relay.openMs)' },
      baud: { type: 'string', value: 'N', help: 'serial speed (relay.baudRate)' },
      on: { type: 'string', value: 'HEX', help: 'custom protocol: the bytes that open' },
      off: { type: 'string', value: 'HEX', help: 'custom protocol: the bytes that rest' },
      reply: { type: 'string', value: 'HEX', help: 'custom protocol: the answer the board gives to each' },
      ...JSON_OPTION,
    },
    positionals: true,
  },
  analyze: {
    synopsis: ['analyze <images...> [--frame WxH]'],
    about:
      "What the kiosk's quality gate makes of each image as a camera frame, with the measures behind it.\n" +
      'Exit 0 all pass, 1 some refused, 2 unreadable.',
    options: {
      ...DATA_DIR_OPTION,
      frame: {
        type: 'string',
        value: 'WxH',
        help: 'first make a photo a kiosk-like frame (portrait: top 4:3 crop, else letterbox), e.g. 640x480',
      },
      ...JSON_OPTION,
    },
    positionals: true,
  },
  simulate: {
    synopsis: [
      'simulate --camera <file.y4m> [--screenshot out.png] [--wait-ms N]',
      'simulate --enroll <images...> [--name N] --camera <file.y4m> ...',
    ],
    about:
      'Run the kiosk in headless Chromium with a video file as its camera; prints what its screen shows\n' +
      '(--json: every raw per-frame state too, with a shown flag) and the decision (exit codes as verify). With --enroll, the photos are first enrolled into a new\n' +
      'temporary data folder (deleted afterwards) and the kiosk runs there, on the local gallery: no\n' +
      'server, no set-up, and nothing of a real data folder is touched (so no --data-dir with it).',
    options: {
      ...SERVICE_OPTIONS,
      ...VERIFIER_OPTION,
      enroll: {
        type: 'boolean',
        default: false,
        help: 'first enrol the photos given as arguments into a temporary data folder, and run there',
      },
      name: { type: 'string', value: 'N', help: "with --enroll: their name (default: the first photo's file name)" },
      camera: {
        type: 'string',
        value: 'FILE',
        help: 'the camera: a Y4M video (or .mjpeg), played in a loop',
      },
      screenshot: { type: 'string', value: 'PNG', help: 'save the screen at the decision (or fault)' },
      'wait-ms': { type: 'string', value: 'N', help: 'give up when nothing is decided by then (default 90000)' },
    },
    positionals: true,
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_TABLE;

export const COMMAND_NAMES = Object.keys(COMMAND_TABLE) as CommandName[];

export const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMAND_TABLE, name);
