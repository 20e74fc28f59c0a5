import { parseArgs } from 'node:util';
import { grantFor, noMatch, startFakeFaceki } from './faceki-server';

// `npm run fake-faceki -- [--port 8765] [--answer grant|no-match] [--name "Ada Lovelace"]`
// The fake FACEKI service on 127.0.0.1 for trying the simulator by hand. It does not look at the
// face: it answers every /verify with the one verdict chosen here. A demo aid, not a verifier.
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8765' },
    answer: { type: 'string', default: 'grant' },
    name: { type: 'string', default: 'Demo Person' },
  },
});
if (values.answer !== 'grant' && values.answer !== 'no-match') {
  console.error('--answer must be grant or no-match');
  process.exit(2);
}
const fake = await startFakeFaceki({ port: Number(values.port) });
fake.setVerifyResponder(() =>
  values.answer === 'grant' ? grantFor({ userId: 'demo-1', name: values.name }) : noMatch(),
);
console.log(`fake FACEKI on ${fake.origin}, answering "${values.answer}" to every /verify. Simulate against it with:
  npx facegate simulate --camera obama.y4m --screenshot s.png \\
    --verify-url ${fake.verifyUrl} --token-url ${fake.tokenUrl} \\
    --client-id ${fake.clientId} --client-secret ${fake.clientSecret}`);
process.on('SIGINT', () => void fake.close().then(() => process.exit(0)));
