import { createServer } from 'node:http';
import { checkUrlShape, isPublicAddress, portlessEntries, SsrfError, vetHost, type Resolver } from './ssrf-guard';
import { WebhookHttpClient } from './webhook-http-client';

const deny = { allowPrivateNetworks: false, allowedHosts: [] as string[] };
const fixed =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('SSRF guard', () => {
  it.each([
    '127.0.0.1',
    '127.9.9.9',
    '10.0.0.1',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '224.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    'not-an-ip',
    // IPv4-compatible (::/96), SIIT, NAT64, 6to4 (2002::/16) and Teredo (2001::/32) forms of private IPv4
    '::127.0.0.1',
    '::7f00:1',
    '::a9fe:a9fe',
    '::ffff:0:10.0.0.1',
    '64:ff9b::127.0.0.1',
    '64:ff9b:1::8.8.8.8',
    '2002:7f00:1::',
    '2002:a9fe:a9fe::1',
    '2002:0a00:0001:1::1',
    '2001:0:4136:e378:8000:63bf:80ff:fffe',
    '2001:0:0a00:0001::1',
    '[::1]'.slice(1, -1),
    'fe80::1%eth0',
  ])('refuses %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
  ])('allows %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it('an allow-list entry with a port opens that port only', async () => {
    const policy = { allowPrivateNetworks: false, allowedHosts: ['127.0.0.1:4100', '[::1]:4100'] };
    await expect(vetHost(new URL('http://127.0.0.1:4100/x'), policy)).resolves.toBeTruthy();
    await expect(vetHost(new URL('http://127.0.0.1:6379/x'), policy)).rejects.toMatchObject({
      reason: 'blocked_address',
    });
    await expect(vetHost(new URL('http://127.0.0.1/x'), policy)).rejects.toMatchObject({ reason: 'blocked_address' });
    await expect(vetHost(new URL('http://[::1]:4100/x'), policy)).resolves.toBeTruthy();
    expect(portlessEntries(policy)).toEqual([]);
    expect(portlessEntries({ allowPrivateNetworks: false, allowedHosts: ['127.0.0.1', '10.0.0.0/8:443'] })).toEqual([
      '127.0.0.1',
    ]);
  });

  it('accepts only http(s) URLs without credentials', () => {
    expect(() => checkUrlShape('ftp://example.com/')).toThrow(SsrfError);
    expect(() => checkUrlShape('file:///etc/passwd')).toThrow(SsrfError);
    expect(() => checkUrlShape('https://u:p@example.com/')).toThrow(SsrfError);
    expect(() => checkUrlShape('nonsense')).toThrow(SsrfError);
    expect(checkUrlShape('https://example.com/hook').hostname).toBe('example.com');
  });

  it('refuses a name when any of its addresses is private (a rotating DNS answer cannot slip through)', async () => {
    const url = new URL('https://hooks.example.com/x');
    await expect(vetHost(url, deny, fixed('93.184.216.34'))).resolves.toHaveLength(1);
    await expect(vetHost(url, deny, fixed('93.184.216.34', '10.0.0.7'))).rejects.toMatchObject({
      reason: 'blocked_address',
    });
    await expect(vetHost(url, deny, fixed())).rejects.toMatchObject({ reason: 'unresolvable' });
    await expect(
      vetHost(url, deny, async () => {
        throw new Error('ENOTFOUND');
      }),
    ).rejects.toMatchObject({ reason: 'unresolvable' });
  });

  it('lets the allow-list and the private-network switch through, and nothing else', async () => {
    const internal = new URL('http://hooks.internal/x');
    await expect(
      vetHost(internal, { allowPrivateNetworks: false, allowedHosts: ['hooks.internal'] }, fixed('10.1.1.1')),
    ).resolves.toBeTruthy();
    await expect(
      vetHost(internal, { allowPrivateNetworks: false, allowedHosts: ['10.1.0.0/16'] }, fixed('10.1.1.1')),
    ).resolves.toBeTruthy();
    await expect(
      vetHost(internal, { allowPrivateNetworks: false, allowedHosts: ['10.2.0.0/16'] }, fixed('10.1.1.1')),
    ).rejects.toThrow(SsrfError);
    await expect(
      vetHost(new URL('http://127.0.0.2/'), { allowPrivateNetworks: false, allowedHosts: ['127.0.0.1'] }),
    ).rejects.toThrow(SsrfError);
    await expect(
      vetHost(new URL('http://[::1]/'), { allowPrivateNetworks: true, allowedHosts: [] }),
    ).resolves.toBeTruthy();
  });

  it('the delivery client re-checks at send time and connects only to the vetted address', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      // The name resolves to loopback at send time (DNS rebinding): refused before any connection.
      const strict = new WebhookHttpClient(deny, 2000, fixed('127.0.0.1'));
      const refused = await strict.post(`http://rebind.example.com:${port}/`, {}, '{}');
      expect(refused).toMatchObject({ succeeded: false, statusCode: null });
      expect(refused.error).toMatch(/^ssrf_blocked_address/);
      expect(hits).toBe(0);
      // With the name allowed, the client connects to the address the guard vetted, not to a fresh DNS answer.
      const allowed = new WebhookHttpClient(
        { allowPrivateNetworks: false, allowedHosts: ['rebind.example.com'] },
        2000,
        fixed('127.0.0.1'),
      );
      const sent = await allowed.post(`http://rebind.example.com:${port}/`, {}, '{}');
      expect(sent).toMatchObject({ succeeded: true, statusCode: 200, excerpt: 'ok' });
      expect(hits).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
