import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { grantFor, noMatch, startFakeFaceki } from './faceki-server';

// `npm run fake-faceki -- [--port 8765] [--answer grant|no-match|face] [--name "Ada Lovelace"]
//                         [--enroll "Barack Obama=../shared/fixtures/faces/obama-1.jpg" ...]`
// The fake FACEKI service on 127.0.0.1 for trying the simulator by hand. With grant or no-match it
// does not look at the face: it answers every /verify with that one verdict. With face it compares the
// uploaded face with the photos given by --enroll (and any POSTed to /enroll), as in the unit tests.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8765' },
    answer: { type: 'string', default: 'grant' },
    name: { type: 'string', default: 'Demo Person' },
    enroll: { type: 'string', multiple: true, default: [] },
  },
});
if (values.answer !== 'grant' && values.answer !== 'no-match' && values.answer !== 'face') {
  console.error('--answer must be grant, no-match or face');
  process.exit(2);
}
const fake = await startFakeFaceki({ port: Number(values.port) });
if (values.answer === 'face') {
  fake.setVerifyResponder(fake.matchByFace());
  for (const [index, entry] of values.enroll.entries()) {
    const at = entry.indexOf('=');
    if (at < 1) {
      console.error(`--enroll takes NAME=PHOTO, not ${entry}`);
      process.exit(2);
    }
    const name = entry.slice(0, at);
    const result = await fake.enroll({ userId: `demo-${index + 1}`, name }, readFileSync(entry.slice(at + 1)));
    console.log(`enrol ${name}: ${result.kind === 'error' ? result.code : result.kind}`);
  }
} else {
  fake.setVerifyResponder(() =>
    values.answer === 'grant' ? grantFor({ userId: 'demo-1', name: values.name }) : noMatch(),
  );
}
console.log(`fake FACEKI on ${fake.origin}, answering "${values.answer}" to every /verify. Simulate against it with:
  npx facegate simulate --camera obama.y4m --screenshot s.png \\
    --verify-url ${fake.verifyUrl} --token-url ${fake.tokenUrl} \\
    --client-id ${fake.clientId} --client-secret ${fake.clientSecret}`);
process.on('SIGINT', () => void fake.close().then(() => process.exit(0)));
