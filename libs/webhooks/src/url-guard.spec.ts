import { addressRange, checkWebhookUrl, isPublicAddress, UnsafeWebhookUrlError } from './url-guard';

describe('isPublicAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'RFC 1918'],
    ['172.16.0.1', 'RFC 1918'],
    ['172.31.255.255', 'RFC 1918'],
    ['192.168.1.1', 'RFC 1918'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'benchmarking'],
    ['240.0.0.1', 'reserved'],
  ])('refuses the IPv4 address %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd12:3456::1', 'ULA'],
    ['fc00::1', 'ULA'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
    ['2002:7f00:1::', '6to4 of 127.0.0.1'],
    ['2001::1', 'Teredo'],
  ])('refuses the IPv6 address %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback, hex form'],
    ['::ffff:10.0.0.1', 'RFC 1918'],
    ['::ffff:169.254.169.254', 'link-local'],
  ])('judges the IPv4-mapped IPv6 address %s as the IPv4 it carries (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each([
    ['2130706433', 'decimal 127.0.0.1'],
    ['0x7f000001', 'hexadecimal 127.0.0.1'],
    ['0177.0.0.1', 'octal 127.0.0.1'],
    ['0xa9.0xfe.0xa9.0xfe', 'hexadecimal 169.254.169.254'],
    ['012.0.0.1', 'octal 10.0.0.1'],
  ])('reads the encoded IPv4 address %s (%s) and refuses it', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'accepts the public address %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );

  it('refuses what is not an address', () => {
    expect(isPublicAddress('example.com')).toBe(false);
    expect(isPublicAddress('')).toBe(false);
  });

  it('names the range of an IPv4-mapped address by its IPv4 part', () => {
    expect(addressRange('::ffff:192.168.0.1')).toBe('private');
  });
});

describe('checkWebhookUrl', () => {
  const publicDns = () => Promise.resolve([{ address: '93.184.216.34', family: 4 as const }]);
  const strict = { allowPrivate: false, resolve: publicDns };

  it('accepts an https URL whose host resolves to public addresses, pinning the checked address', async () => {
    const target = await checkWebhookUrl('https://hooks.example.com/in?x=1', strict);
    expect(target).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(target.url.hostname).toBe('hooks.example.com');
  });

  it.each([
    ['http://hooks.example.com/', 'must use https'],
    ['ftp://hooks.example.com/', 'must use https'],
    ['https://user:pass@hooks.example.com/', 'credentials'],
    ['https://token@hooks.example.com/', 'credentials'],
    ['not a url', 'not a valid absolute URL'],
    ['https://127.0.0.1/', 'not a public address'],
    ['https://2130706433/', 'not a public address'],
    ['https://0x7f.1/', 'not a public address'],
    ['https://0177.0.0.1/', 'not a public address'],
    ['https://[::1]/', 'not a public address'],
    ['https://[::ffff:7f00:1]/', 'not a public address'],
    ['https://169.254.169.254/latest/meta-data', 'not a public address'],
  ])('refuses %s', async (url, reason) => {
    await expect(checkWebhookUrl(url, strict)).rejects.toThrow(reason);
  });

  it('refuses a host when any of its addresses is private, and a host that does not resolve', async () => {
    const mixed = () =>
      Promise.resolve([
        { address: '93.184.216.34', family: 4 as const },
        { address: '10.0.0.5', family: 4 as const },
      ]);
    await expect(checkWebhookUrl('https://rebind.example/', { allowPrivate: false, resolve: mixed })).rejects.toThrow(
      UnsafeWebhookUrlError,
    );
    const nothing = () => Promise.reject(new Error('ENOTFOUND'));
    await expect(checkWebhookUrl('https://nx.example/', { allowPrivate: false, resolve: nothing })).rejects.toThrow(
      'does not resolve',
    );
  });

  it('allows plain http and private addresses with WEBHOOKS_ALLOW_PRIVATE_URLS, but never credentials', async () => {
    await expect(checkWebhookUrl('http://127.0.0.1:8080/hook', { allowPrivate: true })).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    await expect(checkWebhookUrl('http://a:b@127.0.0.1/', { allowPrivate: true })).rejects.toThrow('credentials');
  });
});
