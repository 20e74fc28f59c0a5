import { CodedError } from '../../core/ipc/dispatcher';
import { usableDataDir } from '../cli-context';
import { withCliGallery } from '../cli-gallery';
import { COMMAND_TABLE } from '../command-table';
import { parseCommandArgs, type Command } from './shared';

/** `facegate people [--json]`: everyone in this machine's gallery, oldest enrolment first. */
export const peopleCommand: Command = async (args, io) => {
  const { values } = parseCommandArgs({ args, options: COMMAND_TABLE.people.options });
  const dataDir = usableDataDir(values['data-dir']);
  return withCliGallery(dataDir, (gallery) => {
    const people = gallery.people();
    const size = gallery.size();
    if (values.json) {
      io.print(JSON.stringify({ people, otherModelTemplates: size.otherModelTemplates }));
      return 0;
    }
    if (people.length === 0) io.print('nobody enrolled: facegate enroll <photo...> --name "Their Name"');
    for (const p of people) {
      const granted = p.lastGrantedAt ? `  last FACEKI grant ${p.lastGrantedAt}` : '';
      io.print(
        `${p.id}  ${p.name}${p.email ? ` <${p.email}>` : ''}  ${p.templates} template(s)  ${p.source}  ` +
          `enrolled ${p.createdAt}${granted}`,
      );
    }
    if (size.otherModelTemplates > 0) {
      io.print(
        `${size.otherModelTemplates} template(s) of an older face model are never matched: enrol those people again`,
      );
    }
    return 0;
  });
};

/** `facegate forget <id>`: the person and all their templates; attempts keep only the id. */
export const forgetCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs({
    args,
    options: COMMAND_TABLE.forget.options,
    allowPositionals: true,
  });
  const [id] = positionals;
  if (!id || positionals.length > 1) throw new CodedError('INVALID_REQUEST', 'usage: facegate forget <id>');
  const dataDir = usableDataDir(values['data-dir']);
  return withCliGallery(dataDir, (gallery) => {
    const person = gallery.person(id);
    if (!person || !gallery.forget(id)) {
      throw new CodedError('PERSON_NOT_FOUND', `no person ${id} in the gallery of ${dataDir} (facegate people)`);
    }
    if (values.json) io.print(JSON.stringify({ forgotten: id }));
    else io.print(`forgotten: ${id} ${person.name}, with every template; the attempt log keeps only the id`);
    return 0;
  });
};
