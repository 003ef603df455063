import type { ForwardView } from '../../../contract';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** `3d 4h`, `2h 05m`, `4m 09s`, `12s`: short enough for a row, exact enough to spot a restart. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${pad(m)}m`;
  if (m > 0) return `${m}m ${pad(s % 60)}s`;
  return `${s % 60}s`;
}

const LOOPBACK = /^(127\.0\.0\.1|localhost|::1|\[::1\])$/i;

/** `1055` for a loopback bind, `0.0.0.0:1055` when it listens elsewhere (worth seeing). */
export function listenLabel(listen: string): string {
  const cut = listen.lastIndexOf(':');
  if (cut < 0) return listen;
  const address = listen.slice(0, cut);
  return address === '' || LOOPBACK.test(address) ? listen.slice(cut + 1) : listen;
}

export const FORWARD_LETTER = { local: 'L', remote: 'R', dynamic: 'D' } as const;

/** The part of the forward line that needs no translation: `R 1055 → licsrv:1055`. */
export function forwardRoute(forward: ForwardView): string {
  const head = `${FORWARD_LETTER[forward.type]} ${listenLabel(forward.listen)}`;
  return forward.target ? `${head} → ${forward.target}` : `${head} (SOCKS)`;
}

/** Bytes both ways; null while nothing has been carried (a "0 B" would only add noise). */
export function forwardBytes(forward: ForwardView): number | null {
  const total = forward.bytesIn + forward.bytesOut;
  return total > 0 ? total : null;
}
