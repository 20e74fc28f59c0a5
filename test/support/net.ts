import { createServer } from 'node:net';

/**
 * A loopback port that nothing listens on (bound once by us, then released), so a connection to it
 * is refused at once: the honest way to play "the verify service is unreachable" without a network.
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  return address.port;
}
