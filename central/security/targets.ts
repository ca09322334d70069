import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { DoorstepError } from '../../contract/errors';

// Where central may send a webhook. In production ('public') only https, and only to public
// addresses: a webhook to loopback, a private network or link-local (the cloud metadata address
// 169.254.169.254) would let an admin make central probe or hit the district's own network. The
// name is resolved at creation and again before each attempt. 'any' (demo and tests, with
// receivers on 127.0.0.1) allows http and every address.

export type WebhookTargets = 'public' | 'any';

const BLOCKED = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128], // (IPv4-mapped addresses are checked as IPv4 in isPrivateAddress)
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(net, bits, 'ipv6');

/** Whether an address is loopback, private, link-local or otherwise not a public host. */
export function isPrivateAddress(address: string): boolean {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return BLOCKED.check(v4mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const refuse = (message: string) =>
  new DoorstepError('VALIDATION_FAILED', message, [{ path: 'url', message }]);

/** Throws VALIDATION_FAILED unless `url` is an allowed webhook receiver. */
export async function checkTarget(url: string, mode: WebhookTargets): Promise<void> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw refuse('not a URL');
  }
  if (u.username || u.password) throw refuse('credentials in the URL are not allowed');
  if (mode === 'any') {
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw refuse('http or https only');
    return;
  }
  if (u.protocol !== 'https:') throw refuse('webhooks are sent over https only');
  const host = u.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw refuse(`the host ${host} cannot be resolved`);
    }
  }
  if (!addresses.length || addresses.some(isPrivateAddress)) {
    throw refuse('loopback, private and link-local addresses are not allowed');
  }
}
