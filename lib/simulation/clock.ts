/** Elapsed "HH:MM:SS" (with "Nd " past a day), or the UTC time when the trace has a recorded start. */
export function clockFormatter(startEpochSeconds?: number): (t: number) => string {
  if (startEpochSeconds !== undefined) {
    return (t) => new Date(Math.round((startEpochSeconds + t) * 1000)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return (t) => {
    const s = Math.round(t);
    const days = Math.floor(s / 86400);
    const hms = new Date((s % 86400) * 1000).toISOString().slice(11, 19);
    return days > 0 ? `${days}d ${hms}` : hms;
  };
}
