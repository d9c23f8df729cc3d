/**
 * Which cluster an Argo CD destination names, compared the way Argo CD resolves it.
 *
 * Argo CD looks a destination up by `server` URL, with a trailing "/" trimmed (argoproj/argo-cd#3993,
 * fixed in #4037), or by `name`; the cluster Argo CD runs in is registered as
 * `https://kubernetes.default.svc` under the name `in-cluster` (Argo CD "Clusters" docs). URLs that
 * differ only in spelling reach the same API server: scheme and host case, the default port 443,
 * trailing slashes, "." and ".." path segments. So the key is the URL in WHATWG canonical form with
 * trailing slashes trimmed; `name: in-cluster` keys as the in-cluster URL. Other names are only
 * equal to themselves: which server they register is not in our config.
 */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';
export const IN_CLUSTER_NAME = 'in-cluster';

export interface ArgoCdDestination { server?: string; name?: string }

/** The comparison key of a destination's cluster: `server <canonical URL>` or `name <name>`. */
export function clusterKey(d: ArgoCdDestination): string {
  if (d.server === undefined) return d.name === IN_CLUSTER_NAME ? `server ${canonicalServer(IN_CLUSTER_SERVER)}` : `name ${d.name}`;
  return `server ${canonicalServer(d.server)}`;
}

/** A server URL in canonical form (lower-case scheme and host, no default port, no trailing "/"). */
export function canonicalServer(server: string): string {
  let url: URL;
  try { url = new URL(server); } catch { return server.replace(/\/+$/, ''); }
  const auth = url.username || url.password ? `${url.username}${url.password ? `:${url.password}` : ''}@` : '';
  return `${url.protocol}//${auth}${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}

/** How a finding names a destination: as written, e.g. `server https://kubernetes.default.svc/` or `name in-cluster`. */
export function describeDestination(d: ArgoCdDestination): string {
  return d.server !== undefined ? `server ${d.server}` : `name ${d.name}`;
}
