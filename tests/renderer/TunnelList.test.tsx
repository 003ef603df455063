import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { TunnelList } from '../../renderer/src/components/TunnelList';
import { initI18n, languageFor } from '../../renderer/src/i18n';

afterEach(cleanup);

describe('language choice', () => {
  it.each([
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['en-US', 'en'],
    ['de-DE', 'en'],
  ])('OS locale %s gives %s', (locale, language) => {
    expect(languageFor(locale)).toBe(language);
  });
});

describe('TunnelList', () => {
  it('says no tunnels are configured when the list is empty', async () => {
    await initI18n('en-US').changeLanguage('en');
    render(<TunnelList tunnels={[]} />);
    expect(screen.getByRole('status').textContent).toContain('No tunnels are configured yet.');
  });

  it('says it in Japanese', async () => {
    await initI18n('ja-JP').changeLanguage('ja');
    render(<TunnelList tunnels={[]} />);
    expect(screen.getByRole('status').textContent).toContain('トンネルはまだ設定されていません。');
  });

  it('shows each tunnel with its translated state', async () => {
    await initI18n('en-US').changeLanguage('en');
    render(
      <TunnelList
        tunnels={[
          { id: 'a', name: 'License proxy', state: 'waiting' },
          { id: 'b', name: 'Backup', state: 'connected' },
        ]}
      />,
    );
    expect(screen.getByText('License proxy — Waiting to retry')).toBeTruthy();
    expect(screen.getByText('Backup — Connected')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
