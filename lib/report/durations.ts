/** `4m30s`, `2h`, `1d3h`, `45s`, `0s`: a duration in seconds as people write it (rounded to whole seconds). */
export function formatDuration(seconds: number): string {
  let s = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && s > 0 ? '-' : '';
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts = [d ? `${d}d` : '', h ? `${h}h` : '', m ? `${m}m` : '', s || (!d && !h && !m) ? `${s}s` : ''];
  return sign + parts.join('');
}

/** An instant as RFC 3339 UTC without milliseconds, as kubectl prints times. */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
