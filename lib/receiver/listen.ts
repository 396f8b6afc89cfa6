// Listening, for the receiver's HTTP and gRPC servers: resolve once listening (reject with the
// system error, e.g. EADDRINUSE), then swallow server-level errors (after listen they are per
// connection), optionally unref, and name the address as a URL.
import type { AddressInfo, Server } from 'node:net';

/** Listens on `port`/`host`; resolves to the `http://host:port` URL (IPv6 hosts bracketed) and the address. */
export async function listen(server: Server, port: number, host: string, unref: boolean): Promise<{ url: string; address: AddressInfo }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => {
    // after listen, socket-level errors are per connection; nothing to do at server level
  });
  if (unref) server.unref();
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  return { url: `http://${urlHost}:${address.port}`, address };
}
