import type { OutageFacts } from './message';

/**
 * Decides when a tunnel's outage is worth a message; no timers, no I/O (the clock is injected),
 * so every rule below is tested by feeding states and moving the clock.
 *
 * - An outage begins when a tunnel that should run is not `connected`: waiting, failed,
 *   degraded, and also connecting/authenticating (a tunnel that retries for ten minutes is down
 *   all that time, attempts included). `stopped` is the user's choice, never an outage.
 * - "down" is sent once, when the outage has lasted the profile's threshold. Flapping between
 *   waiting, connecting and degraded inside the outage sends nothing more.
 * - `connected` ends the outage: "up" is sent once, only if "down" was sent (a blip shorter than
 *   the threshold is silent). A new outage after that starts a new count.
 * - `stopped` ends the outage silently: whoever stopped it knows.
 */
export interface TunnelStatus {
  profile: string;
  name: string;
  state: string;
  cause?: string;
  detail?: string;
}

export interface OutageWatchOptions {
  /** Minutes before "down" for a profile; 0 = never. */
  minutesFor(profile: string): number;
  /** Length of a minute in ms (tests shrink it). */
  minuteMs: number;
  now(): number;
}

interface Outage extends TunnelStatus {
  since: number;
  downSent: boolean;
}

export const countsAsDown = (state: string): boolean =>
  state !== 'connected' && state !== 'stopped';

export class OutageWatch {
  private readonly outages = new Map<string, Outage>();

  constructor(private readonly options: OutageWatchOptions) {}

  /** Records a tunnel's state; returns the "up" to send when it ends a reported outage. */
  observe(status: TunnelStatus): OutageFacts | undefined {
    const outage = this.outages.get(status.profile);
    if (!countsAsDown(status.state)) {
      this.outages.delete(status.profile);
      if (outage?.downSent && status.state === 'connected')
        return this.facts('up', { ...outage, name: status.name, state: status.state });
      return undefined;
    }
    if (!outage) {
      this.outages.set(status.profile, { ...status, since: this.options.now(), downSent: false });
      return undefined;
    }
    // connecting/authenticating carry no cause: keep the last one, it says why it is down.
    outage.state = status.state;
    outage.name = status.name;
    if (status.cause) {
      outage.cause = status.cause;
      outage.detail = status.detail;
    }
    return undefined;
  }

  /** The "down" messages whose time has come; each outage yields one at most. */
  due(): OutageFacts[] {
    const now = this.options.now();
    const found: OutageFacts[] = [];
    for (const outage of this.outages.values()) {
      const at = this.deadline(outage);
      if (outage.downSent || at === undefined || now < at) continue;
      outage.downSent = true;
      found.push(this.facts('down', outage));
    }
    return found;
  }

  /** When the next "down" falls due (epoch ms), to set one timer for it. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const outage of this.outages.values()) {
      const at = outage.downSent ? undefined : this.deadline(outage);
      if (at !== undefined && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  private deadline(outage: Outage): number | undefined {
    const minutes = this.options.minutesFor(outage.profile);
    return minutes > 0 ? outage.since + minutes * this.options.minuteMs : undefined;
  }

  private facts(event: 'down' | 'up', outage: Outage): OutageFacts {
    const elapsed = (this.options.now() - outage.since) / this.options.minuteMs;
    return {
      event,
      profile: outage.profile,
      name: outage.name,
      state: outage.state,
      ...(outage.cause ? { cause: outage.cause } : {}),
      ...(outage.detail ? { detail: outage.detail } : {}),
      since: outage.since,
      // "down": whole minutes reached (the timer may fire late after a sleep); "up": at least 1.
      minutes: event === 'down' ? Math.floor(elapsed) : Math.max(1, Math.round(elapsed)),
    };
  }
}
