import type { Profile } from '../../config/profile';

/**
 * What no plink/ssh command line or ssh_config can hold, said once for every target: the
 * supervisor's retry policy, autostart, labels, notes and the secret references.
 */
export function commonNotes(profile: Profile, tool: string): string[] {
  const notes: string[] = [];
  notes.push(
    `${tool} does not reconnect by itself: run it from a service that restarts it on failure (tunnelkeeper up does both)`,
  );
  if (profile.autostart)
    notes.push('autostart is not expressed: start the command from Task Scheduler or systemd');
  const labels = profile.forwards.filter((f) => f.label).length;
  if (labels) notes.push(`the forward labels (${labels}) are not expressed`);
  if (profile.notes) notes.push('the profile notes are not expressed');
  if (profile.auth.passphraseFile)
    notes.push(
      `the passphrase file is not expressed: ${tool} asks for the passphrase, or takes the key from the agent`,
    );
  if (profile.auth.passwordRef)
    notes.push('the stored password is not expressed (never written on a command line): use a key');
  return notes;
}
