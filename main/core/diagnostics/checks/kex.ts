import { budget, type DiagContext } from '../context';
import { clientOffer, negotiate, parseKexinit, type KexCategory } from '../kexinit';
import type { RawProbe } from '../probe';
import { detailOf, msg } from '../detail';
import type { CheckResult, Message } from '../types';
import { ALGORITHM_TABLE, type AlgorithmCategory } from '../../config/algorithms';

const PROFILE_CATEGORY: Partial<Record<KexCategory, AlgorithmCategory>> = {
  kex: 'kex',
  hostKey: 'serverHostKey',
  cipher: 'cipher',
  mac: 'hmac',
};

/**
 * When the server offers something the engine can speak but does not offer by default (an old,
 * weaker algorithm), the advice is the exact profile line that enables it, next to asking the
 * server's administrator for a modern one.
 */
const categoryWord = (category: KexCategory): Message => msg(`kexCategory.${category}`);

function legacyFix(category: KexCategory, server: string[], client: string[]) {
  const field = PROFILE_CATEGORY[category];
  if (!field) return undefined;
  const usable = server.filter(
    (name) => ALGORITHM_TABLE[field].supported.includes(name) && !client.includes(name),
  );
  if (usable.length === 0) return undefined;
  const names = usable.join(',');
  return [
    {
      key: 'kex.enable-legacy',
      params: {
        category: categoryWord(category),
        server: server.join(', '),
        names,
        line: `"algorithms": { "${field}": "+${names}" }`,
        option: `-o ${ALGORITHM_TABLE[field].option}=+${names}`,
      },
    },
  ];
}

/**
 * Reads the server's KEXINIT from the raw socket and negotiates against what ssh2 offers:
 * on a mismatch both sides' lists for the failing category are the evidence.
 */
export async function checkKex(
  ctx: DiagContext,
  probe: RawProbe,
): Promise<{ result: CheckResult; ok: boolean }> {
  const payload = await probe.readFirstPacket(budget(ctx, ctx.stepTimeoutMs));
  const server = payload ? parseKexinit(payload) : undefined;
  if (!server) {
    // Not fatal here: the SSH session will try anyway and its error is classified then.
    return {
      ok: true,
      result: {
        id: 'kex',
        status: 'warn',
        ...detailOf(msg('detail.kex.unreadable')),
      },
    };
  }
  const result = negotiate(clientOffer(ctx.profile.algorithms), server);
  if (result.mismatch) {
    const { category, client, server: offered } = result.mismatch;
    return {
      ok: false,
      result: {
        id: 'kex',
        status: 'fail',
        cause: 'kex-mismatch',
        ...detailOf(
          msg('detail.kex.mismatch', {
            category: categoryWord(category),
            server: offered.length ? offered.join(', ') : msg('detail.none'),
            client: client.join(', '),
          }),
        ),
        data: { category, server: offered, client },
        advice: legacyFix(category, offered, client) ?? [
          {
            key: 'kex.upgrade',
            params: {
              category: categoryWord(category),
              server: offered.join(', '),
              client: client.join(', '),
            },
          },
        ],
      },
    };
  }
  return {
    ok: true,
    result: {
      id: 'kex',
      status: 'pass',
      ...detailOf(
        msg('detail.kex.agreed', {
          kex: String(result.kex),
          hostKey: String(result.hostKey),
          cipher: String(result.cipher),
        }),
      ),
      data: { kex: result.kex, hostKey: result.hostKey, cipher: result.cipher, mac: result.mac },
    },
  };
}
