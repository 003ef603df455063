import { describe, expect, it } from 'vitest';
import { matchRunners } from '../../../main/core/migration/match';
import { profile, RESCALE } from './helpers';

/** A runner's draft profile, as the importer makes it from `plink … -R …`. */
const draft = (
  id: string,
  host: string,
  user: string,
  forwards: Parameters<typeof profile>[0]['forwards'],
  port = 22,
) => profile({ id, host, user, port, forwards });

const R = (bindPort: number, targetHost: string, targetPort: number, id = `R${bindPort}`) => ({
  type: 'remote' as const,
  id,
  bindPort,
  targetHost,
  targetPort,
});

describe('matchRunners', () => {
  it('finds the same tunnel: host (any case), port, user and one identical forward; lists the overlap', () => {
    const runner = {
      name: 'plink tunnel',
      profiles: [
        draft('plink-tunnel', 'clp.tunnel.example.com.', 'rescale', [
          R(4085, 'LICSRV', 4085),
          R(4084, 'licsrv', 4084),
        ]),
      ],
    };
    expect(matchRunners([RESCALE()], [runner])).toEqual([
      {
        ...runner,
        matches: [
          {
            profileId: 'rescale',
            runnerProfileId: 'plink-tunnel',
            forwards: [
              {
                forwardId: 'ansys',
                type: 'remote',
                bindPort: 4085,
                targetHost: 'licsrv',
                targetPort: 4085,
                spec: '-R 4085:licsrv:4085',
              },
            ],
          },
        ],
        sameServer: [],
      },
    ]);
  });

  it('does not match another host, and reports another user or other forwards on the same server apart', () => {
    const [otherHost, otherUser, otherForwards, otherPort] = matchRunners(
      [RESCALE()],
      [
        {
          profiles: [draft('a', 'other.tunnel.example.net', 'rescale', [R(4085, 'licsrv', 4085)])],
        },
        { profiles: [draft('b', 'clp.tunnel.example.com', 'someone', [R(4085, 'licsrv', 4085)])] },
        {
          profiles: [
            draft('c', 'clp.tunnel.example.com', 'rescale', [
              R(4085, 'licsrv2', 4085),
              R(4086, 'licsrv', 4085),
            ]),
          ],
        },
        {
          profiles: [
            draft('d', 'clp.tunnel.example.com', 'rescale', [R(4085, 'licsrv', 4085)], 443),
          ],
        },
      ],
    );
    expect(otherHost).toMatchObject({ matches: [], sameServer: [] });
    expect(otherUser).toMatchObject({ matches: [], sameServer: ['rescale'] });
    expect(otherForwards).toMatchObject({ matches: [], sameServer: ['rescale'] });
    expect(otherPort).toMatchObject({ matches: [], sameServer: [] });
  });

  it('compares dynamic forwards by their port, ignores bind addresses, and matches several profiles', () => {
    const socks = profile({
      id: 'socks',
      host: 'jump.example.com',
      user: 'ops',
      forwards: [{ type: 'dynamic', id: 'D1080', bindPort: 1080 }],
    });
    const runner = {
      profiles: [
        draft('x', 'JUMP.example.com', 'ops', [
          { type: 'dynamic', id: 'D1080', bindPort: 1080, bindAddress: '0.0.0.0' },
        ]),
        draft('y', 'clp.tunnel.example.com', 'rescale', [
          { ...R(27000, 'abqlic', 27000), bindAddress: '0.0.0.0' },
        ]),
      ],
    };
    const [matched] = matchRunners([RESCALE(), socks], [runner]);
    expect(matched?.matches).toEqual([
      {
        profileId: 'rescale',
        runnerProfileId: 'y',
        forwards: [
          {
            forwardId: 'abaqus',
            type: 'remote',
            bindPort: 27000,
            targetHost: 'abqlic',
            targetPort: 27000,
            spec: '-R 27000:abqlic:27000',
          },
        ],
      },
      {
        profileId: 'socks',
        runnerProfileId: 'x',
        forwards: [{ forwardId: 'D1080', type: 'dynamic', bindPort: 1080, spec: '-D 1080' }],
      },
    ]);
  });

  it('a runner whose command named no host matches nothing', () => {
    expect(matchRunners([RESCALE()], [{ profiles: [] }])).toEqual([
      { profiles: [], matches: [], sameServer: [] },
    ]);
  });
});
