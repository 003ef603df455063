import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import ja from './locales/ja.json';

export const SUPPORTED_LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** Japanese for a Japanese OS locale, English otherwise. */
export function languageFor(locale: string): Language {
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function initI18n(locale: string) {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ja: { translation: ja } },
    lng: languageFor(locale),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return i18next;
}
