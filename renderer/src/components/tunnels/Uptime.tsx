import { useEffect, useState } from 'react';
import { formatDuration } from '../../lib/format';

/**
 * Time since `since`, re-rendered once a second. This is a clock for display only: the tunnel
 * data itself arrives by events, never by polling.
 */
export function Uptime({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <span data-testid="uptime">{formatDuration(now - since)}</span>;
}
