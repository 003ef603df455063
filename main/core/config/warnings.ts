import { ALL_INTERFACES, bindAddressOf, type ConfigDocument, type Profile } from './schema';

/** Something valid but worth the user's attention, shown next to the profile. */
export interface ConfigWarning {
  profile: string;
  forward?: string;
  code: 'bind-all-interfaces' | 'no-forwards' | 'no-credentials';
  message: string;
}

export function profileWarnings(profile: Profile): ConfigWarning[] {
  const out: ConfigWarning[] = [];
  for (const f of profile.forwards) {
    if ((ALL_INTERFACES as readonly string[]).includes(bindAddressOf(f)))
      out.push({
        profile: profile.id,
        forward: f.id,
        code: 'bind-all-interfaces',
        message: `forward ${f.id} listens on all interfaces (${f.bindAddress || '*'}): anyone who can reach ${f.type === 'remote' ? 'the server' : 'this machine'} can use it`,
      });
  }
  if (profile.forwards.length === 0)
    out.push({ profile: profile.id, code: 'no-forwards', message: 'the profile has no forwards' });
  if (!profile.auth.keyFile && !profile.auth.agent && !profile.auth.passwordRef)
    out.push({
      profile: profile.id,
      code: 'no-credentials',
      message: 'no key file, agent or password is configured',
    });
  return out;
}

export function configWarnings(doc: ConfigDocument): ConfigWarning[] {
  return doc.profiles.flatMap(profileWarnings);
}
