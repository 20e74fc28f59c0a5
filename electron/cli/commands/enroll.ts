import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { z } from 'zod';
import { effectiveVerifierMode } from '../../common/verifier-mode';
import { FaceEmbedder } from '../../core/face/face-embedder';
import { enrolLocal } from '../../core/gallery/enrolment';
import type { Person } from '../../core/gallery/gallery';
import { CodedError } from '../../core/ipc/dispatcher';
import { FacekiClient, type EnrolDetails } from '../../core/verifier/faceki-client';
import { refuseBySize, sniffImageMime } from '../../core/verifier/image-check';
import { sealedTokenStore } from '../../core/verifier/sealed-token-store';
import { checkServiceFlags, resolveCliContext, type CliContext } from '../cli-context';
import { withCliGallery } from '../cli-gallery';
import { COMMAND_TABLE } from '../command-table';
import { parseCommandArgs, type Command } from './shared';

/** An image from the command line, with the name it is called by in a refusal. */
export interface NamedImage {
  label: string;
  bytes: Uint8Array;
}

const detailsSchema = z.object({
  name: z
    .string({ error: 'enroll needs --name N' })
    .trim()
    .min(1, 'enroll needs --name N')
    .max(120, '--name is over 120 characters'),
  email: z.email('--email is not an e-mail address').max(254).optional(),
  // A BCP 47 tag as welcome screens take it (en, fr, de, pt-BR); others fall back to the kiosk's own.
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i, '--language takes a language tag such as en, fr or de')
    .optional(),
});

/** --name, --email, --language, checked: INVALID_REQUEST naming the flag. */
export function personDetails(values: { name?: string; email?: string; language?: string }): EnrolDetails {
  const parsed = detailsSchema.safeParse(values);
  if (!parsed.success) throw new CodedError('INVALID_REQUEST', parsed.error.issues[0]!.message);
  return {
    name: parsed.data.name,
    ...(parsed.data.email && { email: parsed.data.email }),
    ...(parsed.data.language && { language: parsed.data.language }),
  };
}

/**
 * Reads the photos and applies the image-size policy of every image path (image-check.ts): an
 * unreadable, oversized or tiny photo is refused by its code, naming the file, before any is used.
 */
export async function readEnrolImages(paths: readonly string[]): Promise<NamedImage[]> {
  const images: NamedImage[] = [];
  for (const path of paths) {
    const label = basename(path);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(path));
    } catch (error) {
      throw new CodedError('FAILED_TO_READ_IMAGE', `cannot read ${path}: ${(error as Error).message}`);
    }
    const refused = await refuseBySize(bytes);
    if (refused) throw new CodedError(refused.code, `${label}: ${refused.message}`);
    images.push({ label, bytes });
  }
  return images;
}

export interface Enrolment {
  /** Where the person was enrolled. */
  where: 'local' | 'faceki';
  person: Pick<Person, 'id' | 'name' | 'email' | 'language'> & { templates: number | null; faceId?: string };
}

/** Into the local gallery of the data folder: every photo becomes a template (enrolment.ts). */
export async function enrolInGallery(
  context: CliContext,
  details: EnrolDetails,
  images: readonly NamedImage[],
): Promise<Enrolment> {
  return withCliGallery(
    context.dataDir,
    async (gallery) => {
      const person = await enrolLocal(
        gallery,
        await FaceEmbedder.load(),
        context.settings.local,
        details,
        images.map((i) => i.bytes),
        images.map((i) => i.label),
      );
      const { id, name, email, language, templates } = person;
      return { where: 'local', person: { id, name, email, language, templates } };
    },
    context.secrets,
  );
}

/** With FACEKI's enrol endpoint: one photo, as FACEKI keeps its own templates. */
async function enrolWithFaceki(context: CliContext, details: EnrolDetails, images: readonly NamedImage[]) {
  if (images.length !== 1) {
    throw new CodedError(
      'INVALID_REQUEST',
      `FACEKI enrols one photo per person, not ${images.length} (or use --verifier local for this machine's gallery)`,
    );
  }
  const [image] = images as [NamedImage];
  const mime = sniffImageMime(image.bytes);
  if (!mime) throw new CodedError('FAILED_TO_READ_IMAGE', `${image.label} is not a JPEG or PNG`);
  const v = context.settings.verifier;
  const client = new FacekiClient({
    ...v,
    clientSecret: context.clientSecret,
    tokenStore: sealedTokenStore(context.secrets, v.tokenUrl, v.clientId, context.clientSecret),
  });
  const result = await client.enroll(image.bytes, mime, details);
  const enrolment: Enrolment = {
    where: 'faceki',
    person: {
      id: result.userId,
      name: details.name,
      email: details.email ?? null,
      language: details.language ?? null,
      templates: null,
      ...(result.faceId && { faceId: result.faceId }),
    },
  };
  return enrolment;
}

/**
 * `facegate enroll <images...> --name N [--email E] [--language L]`: into this machine's gallery
 * when the verifier is local, else with FACEKI. Every refusal is a CodedError (exit 2).
 */
export const enrollCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs({
    args,
    options: COMMAND_TABLE.enroll.options,
    allowPositionals: true,
  });
  if (positionals.length === 0) {
    throw new CodedError('INVALID_REQUEST', 'usage: facegate enroll <images...> --name N [--email E] [--language L]');
  }
  const details = personDetails(values);
  checkServiceFlags(values);
  const images = await readEnrolImages(positionals);
  const context = resolveCliContext(values);
  const mode = effectiveVerifierMode(context.settings, context.clientSecret !== '');
  const enrolment =
    mode === 'local' ? await enrolInGallery(context, details, images) : await enrolWithFaceki(context, details, images);
  if (values.json) io.print(JSON.stringify({ enrolled: true, ...enrolment }));
  else {
    const { person } = enrolment;
    io.print(`enrolled: ${person.id} ${person.name}${person.email ? ` <${person.email}>` : ''}`);
    io.print(
      enrolment.where === 'local'
        ? `in the gallery of ${context.dataDir}, ${person.templates} template(s); try it: facegate verify <another photo>`
        : `with FACEKI (${mode} verifier)${person.faceId ? `, face ${person.faceId}` : ''}`,
    );
  }
  return 0;
};
