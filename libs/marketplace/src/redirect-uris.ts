const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Why a redirect URI cannot be registered, or undefined when it can: `https`, or plain `http` to localhost or
 * 127.0.0.1 for development; absolute, without credentials or a fragment (RFC 6749 §3.1.2).
 */
export function redirectUriProblem(uri: string): string | undefined {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.hash || uri.includes('#')) return 'must not contain a fragment';
  if (url.username || url.password) return 'must not contain credentials';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  return 'must use https (plain http only for localhost or 127.0.0.1)';
}
