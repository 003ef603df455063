import { describe, expect, it } from 'vitest';
import { detectSource } from '../../../main/core/imports/detect';
import { normaliseNewlines } from '../../../main/core/imports/text';
import { fixture } from './helpers';

describe('--from auto', () => {
  it.each([
    ['provider-tunnel.bat', 'plink'],
    ['task-scheduler.bat', 'plink'],
    ['windows-variants.bat', 'plink'],
    ['provider-tunnel.sh', 'ssh'],
    ['linux-variants.sh', 'ssh'],
    ['putty-sessions.reg', 'putty-reg'],
    ['ssh_config', 'ssh-config'],
    ['ansys-license.dat', 'flexlm'],
    ['multi-license.lic', 'flexlm'],
    ['converge.lic', 'rlm'],
  ])('recognises %s as %s', (name, source) => {
    expect(detectSource(normaliseNewlines(fixture(name)))).toBe(source);
  });

  it('recognises command lines and bare plink arguments, and gives up on prose', () => {
    expect(detectSource('ssh u@h -R 1:h:1 -N')).toBe('ssh');
    expect(detectSource('"C:\\Program Files\\PuTTY\\plink.exe" -ssh u@h')).toBe('plink');
    expect(detectSource('-ssh u@h -R 1:h:1 -batch')).toBe('plink');
    expect(detectSource('Host a\n  ProxyCommand ssh -W %h:%p jump\n')).toBe('ssh-config');
    expect(detectSource('Dear admin, please start the tunnel.')).toBeUndefined();
  });
});
