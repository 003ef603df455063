import { warn, type Draft } from './types';

/**
 * Script values may hold shell variables (`%USERPROFILE%`, `$HOME`, `%~dp0`) that only the shell
 * running the script can expand; the value is kept and the admin is told to check it.
 */
const VARIABLE = /%~?[A-Za-z0-9_]*%|%~[a-z]*[0-9]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/;

export function checkVariables(draft: Draft, what: string, value: string): void {
  const m = VARIABLE.exec(value);
  if (m)
    warn(
      draft,
      'variable-not-expanded',
      `${what} contains ${m[0]}, a variable of the script that is not expanded here; check the value in the profile`,
    );
}
