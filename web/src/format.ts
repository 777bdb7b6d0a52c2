import { locale } from './i18n';

/** "37 KB", "1.2 MB" in the reader's language and digits. */
export function formatBytes(bytes: number): string {
  const mb = bytes >= 1_000_000;
  return new Intl.NumberFormat(locale(), {
    style: 'unit',
    unit: mb ? 'megabyte' : 'kilobyte',
    unitDisplay: 'short',
    maximumFractionDigits: mb ? 1 : 0,
  }).format(mb ? bytes / 1_000_000 : Math.max(1, bytes / 1000));
}

/** Study time: "45 min", or "2.5 hr" beyond an hour. */
export function formatMinutes(minutes: number): string {
  const hours = minutes >= 90;
  return new Intl.NumberFormat(locale(), {
    style: 'unit',
    unit: hours ? 'hour' : 'minute',
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(hours ? minutes / 60 : minutes);
}

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(new Date(iso));
}

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/** A date with its time, in the reader's language: when a cool-down ends, when an attempt closes. */
export const formatTime = (at: Date) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(at);
