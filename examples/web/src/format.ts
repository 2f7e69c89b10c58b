/** A date and time in the event's own time zone (falling back to the browser's for a zone it does not know). */
export function formatWhen(ms: number, timeZone?: string | null): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: timeZone ?? undefined, timeZoneName: "short" }).format(ms);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(ms);
  }
}
