import { EN, type MessageKey } from './messages.en';
import { JA } from './messages.ja';
import type { AdviceItem } from '../types';

export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

/** Both languages, keyed alike: the app loads these as i18next resources (same `{{x}}` syntax). */
export const CATALOGUE: Record<Lang, Record<MessageKey, string>> = { en: EN, ja: JA };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(EN, key);
}

/** Fills `{{name}}`; an unknown key falls back to the key itself so nothing is silently lost. */
export function translate(key: string, lang: Lang, params: AdviceItem['params'] = {}): string {
  const template = isMessageKey(key) ? CATALOGUE[lang][key] : key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function renderAdvice(items: readonly AdviceItem[], lang: Lang): string[] {
  return items.map((item) => translate(item.key, lang, item.params));
}

/**
 * The language from the environment as POSIX orders it (LC_ALL, LC_MESSAGES, LANG), then the
 * OS locale Node reports (Windows sets no LANG): `ja_JP.UTF-8` or `ja-JP` → ja, else en.
 */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  const locale = posix || Intl.DateTimeFormat().resolvedOptions().locale;
  return /^ja([_.-]|$)/i.test(locale) ? 'ja' : 'en';
}
