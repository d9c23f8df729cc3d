import { Alerting } from '../config/observability-schema';
import { Environment } from '../config/schema';

/**
 * Where an environment's runbook lives: `<runbookBaseUrl>/<environment>.md`, or the repository path
 * `dist/runbooks/<environment>.md` without a base URL.
 *
 * A base URL into this repository's browser (GitHub `/<owner>/<repo>/blob/<ref>/...`, GitLab
 * `/<group>/<repo>/-/blob/<ref>/...`, `tree` alike) is read at the revision Argo CD deploys the
 * environment from (`argocd.targetRevision`), so an environment tracking branch `qa` links to the
 * runbook of branch `qa`, the text that matches its alerts. The base's own ref stays when the URL
 * is another repository's, or the revision names no single commit a browser can show (`HEAD`, a
 * semver constraint or glob such as `1.2.*`, a ref outside refs/heads and refs/tags such as
 * refs/pull/1/head). `refs/heads/qa` and `refs/tags/v1` link as `qa` and `v1`.
 */
export function runbookDocument(env: Environment, settings: Alerting): string {
  const base = settings.runbookBaseUrl?.replace(/\/+$/, '');
  if (base === undefined) return `dist/runbooks/${env.environment}.md`;
  return `${atRevision(base, env.argocd?.repoURL, env.argocd?.targetRevision)}/${env.environment}.md`;
}

/** `base` with its browser ref replaced by `revision` when both name this repository. */
export function atRevision(base: string, repoURL: string | undefined, revision: string | undefined): string {
  if (repoURL === undefined || revision === undefined || !browsableRevision(revision)) return base;
  const m = /^(https?:\/\/[^/]+)(\/.+?)(\/-)?\/(blob|tree)\/([^/]+)(\/.*)?$/.exec(base);
  if (!m) return base;
  const [, origin, repoPath, gitlab = '', kind, , rest = ''] = m;
  const repo = repositoryId(repoURL);
  if (repo === undefined || repo !== `${new URL(origin).hostname.toLowerCase()}${repoPath.toLowerCase()}`) return base;
  // A full ref name (refs/heads/qa, refs/tags/v1) is the branch or tag the browser opens by its short name.
  const ref = revision.replace(/^refs\/(?:heads|tags)\//, '').split('/').map(encodeURIComponent).join('/');
  return `${origin}${repoPath}${gitlab}/${kind}/${ref}${rest}`;
}

/** A branch, tag or commit a repository browser can open; not `HEAD`, a glob or a version range. */
function browsableRevision(revision: string): boolean {
  if (revision === 'HEAD' || /[*?\s^~<>=|,[\]\\:]/.test(revision)) return false;
  const short = revision.replace(/^refs\/(?:heads|tags)\//, '');
  return !short.startsWith('/') && !short.endsWith('/') && !short.includes('..') && !short.startsWith('refs/') && short !== '';
}

/** `host/path` of a git URL (https, ssh:// or scp-like git@host:path), lower-cased, without `.git`. */
function repositoryId(url: string): string | undefined {
  const scp = /^[^@/]+@([^:/]+):(.+)$/.exec(url);
  let host: string;
  let path: string;
  if (scp) {
    [, host, path] = scp;
  } else {
    try {
      const u = new URL(url);
      host = u.hostname;
      path = u.pathname;
    } catch {
      return undefined;
    }
  }
  return `${host}/${path.replace(/^\/+/, '').replace(/\.git$/, '').replace(/\/+$/, '')}`.toLowerCase();
}
