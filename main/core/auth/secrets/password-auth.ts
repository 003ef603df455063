/**
 * Password and keyboard-interactive authentication from a stored secret. Servers that disable
 * "password" often still accept the same password through keyboard-interactive (PAM): answer
 * prompts that hide input (echo off) with the password, once per attempt — answering a second
 * round would turn one wrong password into several failed logins and lock accounts.
 */
import type { ConnectConfig, KeyboardInteractiveCallback, Prompt } from 'ssh2';

export interface PasswordAuth {
  config: Pick<ConnectConfig, 'password' | 'tryKeyboard'>;
  /** Attach to the Client's 'keyboard-interactive' event. */
  onKeyboardInteractive: (
    name: string,
    instructions: string,
    lang: string,
    prompts: Prompt[],
    finish: KeyboardInteractiveCallback,
  ) => void;
}

export function passwordAuth(password: string): PasswordAuth {
  let rounds = 0;
  return {
    config: { password, tryKeyboard: true },
    onKeyboardInteractive: (_name, _instructions, _lang, prompts, finish) => {
      // An empty round (some servers send one first) costs nothing; count only real answers.
      if (prompts.length === 0) return finish([]);
      rounds++;
      if (rounds > 1) return finish(prompts.map(() => ''));
      finish(prompts.map((p) => (p.echo ? '' : password)));
    },
  };
}
