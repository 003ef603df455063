import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { initI18n } from '../../renderer/src/i18n';

// jsdom has no ResizeObserver; Fluent's MessageBar measures itself with one.
globalThis.ResizeObserver ??= class {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
};

/** Renders inside Fluent's provider, in the given language. */
export async function renderIn(language: 'en' | 'ja', ui: ReactElement) {
  await initI18n('en-US').changeLanguage(language);
  return render(<FluentProvider theme={webLightTheme}>{ui}</FluentProvider>);
}
