import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Settings } from '../../contract';
import diagEn from './locales/diag.en.json';
import diagJa from './locales/diag.ja.json';
import en from './locales/en.json';
import ja from './locales/ja.json';

export const SUPPORTED_LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** Japanese for a Japanese OS locale, English otherwise. */
export function languageFor(locale: string): Language {
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** The language the user chose, or the OS's when they left it on "system". */
export function effectiveLanguage(choice: Settings['language'], osLocale: string): Language {
  return choice === 'system' ? languageFor(osLocale) : choice;
}

/**
 * `translation` holds the window's own strings; `diag` is a copy of the troubleshooting
 * catalogue of main/core/diagnostics (a test keeps the copy identical), with flat dotted keys.
 */
export function initI18n(locale: string) {
  void i18next.use(initReactI18next).init({
    resources: {
      en: { translation: en, diag: diagEn },
      ja: { translation: ja, diag: diagJa },
    },
    lng: languageFor(locale),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return i18next;
}
