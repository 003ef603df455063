import { EN, type MessageKey } from './messages.en';
import { JA } from './messages.ja';
import type { AdviceItem, Message, MessageParam, MessageParams } from '../types';

export type Lang = 'en' | 'ja';
export const LANGS: readonly Lang[] = ['en', 'ja'];

/** Both languages, keyed alike: the app loads these as i18next resources (same `{{x}}` syntax). */
export const CATALOGUE: Record<Lang, Record<MessageKey, string>> = { en: EN, ja: JA };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(EN, key);
}

function paramText(value: MessageParam, lang: Lang): string {
  if (Array.isArray(value))
    return (value as readonly Message[])
      .map((item) => renderMessage(item, lang))
      .join(CATALOGUE[lang]['list.separator']);
  if (typeof value === 'object' && value !== null) return renderMessage(value as Message, lang);
  return String(value);
}

/**
 * Fills `{{name}}` (a nested message or list is rendered in the same language); an unknown key
 * falls back to the key itself so nothing is silently lost.
 */
export function translate(key: string, lang: Lang, params: MessageParams = {}): string {
  const template = isMessageKey(key) ? CATALOGUE[lang][key] : key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? paramText(params[name] as MessageParam, lang) : whole,
  );
}

export function renderMessage(message: Message, lang: Lang): string {
  return translate(message.key, lang, message.params);
}

export function renderAdvice(items: readonly AdviceItem[], lang: Lang): string[] {
  return items.map((item) => renderMessage(item, lang));
}

/**
 * The parameters with every nested message rendered in one language: the shape the CLI's
 * `adviceKeys` have always had (plain strings and numbers).
 */
export function plainParams(
  params: MessageParams | undefined,
  lang: Lang,
): Record<string, string | number> | undefined {
  if (!params) return undefined;
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [
      name,
      typeof value === 'number' ? value : paramText(value, lang),
    ]),
  );
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
