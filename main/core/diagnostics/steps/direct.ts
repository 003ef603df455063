import { checkBanner } from '../checks/banner';
import { checkDns } from '../checks/dns';
import { checkKex } from '../checks/kex';
import { checkTcp, hostPort, tcpAdvice } from '../checks/tcp';
import { detailOf, msg } from '../detail';
import type { RunState, Step } from './step';

/**
 * A profile without proxy or jump hosts: this machine resolves and connects itself, and a raw
 * socket below ssh2 shows what ssh2 would hide (which address answered, the banner, the offers).
 */

/** Once nothing more will be read from it: the SSH session opens a connection of its own. */
function hangUp(state: RunState): void {
  state.probe?.close();
  state.probe = undefined;
}

export const dnsStep: Step = {
  id: 'dns',
  async run(ctx, state) {
    const dns = await checkDns(ctx);
    state.addresses = dns.addresses;
    return [dns.result];
  },
};

export const tcpStep: Step = {
  id: 'tcp',
  needs: 'dns',
  async run(ctx, state) {
    const tcp = await checkTcp(ctx, state.addresses);
    state.probe = tcp.probe;
    state.address = tcp.address;
    return [tcp.result];
  },
};

export const bannerStep: Step = {
  id: 'banner',
  needs: 'tcp',
  async run(ctx, state) {
    const { probe, address } = state;
    if (!probe || !address) return [];
    const banner = await checkBanner(ctx, probe);
    if (!banner.ok) hangUp(state);
    if (!banner.resetDuringSetup) return [banner.result];
    // Dropped before any banner: a network fault (firewall, IP not allowed), so tcp takes it.
    const where = hostPort(address, ctx.profile.port);
    return [
      {
        id: 'tcp',
        status: 'fail',
        cause: 'tcp-reset',
        ...detailOf(
          msg('detail.tcp.cutAfterConnect', { address: where, what: banner.resetDuringSetup }),
        ),
        advice: tcpAdvice(ctx, 'tcp-reset'),
      },
      banner.result,
    ];
  },
};

export const kexStep: Step = {
  id: 'kex',
  needs: 'banner',
  async run(ctx, state) {
    if (!state.probe) return [];
    try {
      return [(await checkKex(ctx, state.probe)).result];
    } finally {
      hangUp(state);
    }
  },
};
