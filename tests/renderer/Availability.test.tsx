import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AvailabilitySection } from '../../renderer/src/components/availability/AvailabilitySection';
import {
  axisTicks,
  formatSpan,
  formatUptime,
} from '../../renderer/src/components/availability/format';
import { TunnelsView } from '../../renderer/src/components/tunnels/TunnelsView';
import { useAppStore } from '../../renderer/src/store';
import { fakeBridge, resetStore } from './fake-bridge';
import { renderIn } from './render';
import { availabilitySample, snapshot } from './samples';

beforeEach(resetStore);
afterEach(cleanup);

const day = availabilitySample();
const segments = () => screen.getAllByTestId('availability-segment');
const tooltip = () => screen.getByRole('tooltip');

async function showDay(language: 'en' | 'ja' = 'en') {
  const { api } = fakeBridge({ availability: vi.fn(async () => day) });
  await renderIn(language, <AvailabilitySection tunnelId="lic" />);
  await screen.findByTestId('availability-strip');
  return api;
}

describe('the availability strip', () => {
  it('draws one stretch per segment, as wide as its share of the period, in the app’s lights', async () => {
    await showDay();
    const drawn = segments();
    expect(drawn).toHaveLength(day.segments.length);
    const total = day.to - day.from;
    drawn.forEach((element, i) => {
      const segment = day.segments[i]!;
      expect(parseFloat(element.style.width)).toBeCloseTo((segment.durationMs / total) * 100, 6);
    });
    // 2 h of 24 is a twelfth; the 5-minute timeout a 288th.
    expect(parseFloat(drawn[0]!.style.width)).toBeCloseTo(100 / 12, 6);
    expect(parseFloat(drawn[2]!.style.width)).toBeCloseTo(100 / 288, 6);
    expect(drawn.map((d) => d.getAttribute('data-light'))).toEqual([
      'unmonitored',
      'green',
      'yellow',
      'yellow',
      'green',
      'red',
    ]);
  });

  it('says the uptime over the period and how much of it was watched', async () => {
    await showDay();
    expect(screen.getByTestId('availability-uptime').textContent).toBe(
      formatUptime(day.uptimePercent!, 'en'),
    );
    expect(screen.getByTestId('availability-uptime').textContent).toBe('94.82%');
    const summary = screen.getByTestId('availability-summary').textContent;
    expect(summary).toContain('Uptime over the last 24 hours');
    expect(summary).toContain('Connected 20h 51m of 22h 00m monitored');
    expect(summary).toContain('Not monitored for 2h 00m');
  });

  it('labels the axis at round local times: every 6 hours over a day, every midnight over a week', () => {
    const local = (d: number, h: number, m = 0) => new Date(2025, 2, d, h, m).getTime();
    const to = local(2, 8, 40);
    const day = axisTicks(to - 86_400_000, to, '24h', 'en');
    expect(day.map((t) => t.at)).toEqual([local(1, 12), local(1, 18), local(2, 0), local(2, 6)]);
    expect(day.map((t) => t.label)).toEqual(['12:00', '18:00', 'Mar 2', '06:00']);
    const week = axisTicks(to - 7 * 86_400_000, to, '7d', 'en');
    expect(week.map((t) => new Date(t.at).getDate())).toEqual([24, 25, 26, 27, 28, 1, 2]);
    expect(week.every((t) => new Date(t.at).getHours() === 0)).toBe(true);
  });

  it('never rounds an uptime short of 100 % up to it', () => {
    expect(formatUptime(99.999, 'en')).toBe('99.99%');
    expect(formatUptime(100, 'en')).toBe('100%');
    expect(formatUptime(0, 'ja')).toBe('0%');
  });

  it('shows from–to, the state and the cause in words when a stretch gets the keyboard focus', async () => {
    await showDay();
    const timeout = segments()[2]!;
    act(() => timeout.focus());
    const tip = tooltip();
    const segment = day.segments[2]!;
    expect(tip.textContent).toContain(formatSpan(segment.from, segment.to, 'en'));
    expect(tip.textContent).toContain('5m 00s');
    expect(tip.textContent).toContain('Waiting to retry');
    expect(tip.textContent).toContain(
      'The server stopped answering keepalives (link dead, sleep or network change).',
    );
    expect(tip.textContent).toContain('no keepalive reply for 20 s');
    expect(timeout.getAttribute('aria-describedby')).toBe(tip.id);
    // The stretch's own label says the same words, for screen readers.
    expect(timeout.getAttribute('aria-label')).toBe(
      `${formatSpan(segment.from, segment.to, 'en')} (5m 00s): Waiting to retry. ` +
        'The server stopped answering keepalives (link dead, sleep or network change). ' +
        'no keepalive reply for 20 s',
    );
  });

  it('shows the same on hover, and hides it when the pointer leaves', async () => {
    await showDay();
    fireEvent.mouseEnter(segments()[5]!);
    expect(tooltip().textContent).toContain('Failed');
    expect(tooltip().textContent).toContain('The server refused the login');
    fireEvent.mouseLeave(screen.getByTestId('availability-strip'));
    expect(screen.queryByRole('tooltip')).toBeNull();
  });

  it('is one tab stop, moved along with the arrow keys, Home and End; Escape hides the tip', async () => {
    await showDay();
    const strip = screen.getByRole('group', { name: 'Availability over the last 24 hours' });
    const tabbable = segments().filter((s) => s.tabIndex === 0);
    // One stop, on the most recent stretch.
    expect(tabbable).toEqual([segments()[5]]);
    act(() => tabbable[0]!.focus());
    expect(tooltip().textContent).toContain('Failed');

    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(segments()[4]);
    expect(tooltip().textContent).toContain('Connected');
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(segments()[3]);
    expect(tooltip().textContent).toContain('The server refused the connection');
    expect(tooltip().textContent).toContain('connect ECONNREFUSED');
    expect(segments().filter((s) => s.tabIndex === 0)).toEqual([segments()[3]]);

    fireEvent.keyDown(document.activeElement!, { key: 'Home' });
    expect(document.activeElement).toBe(segments()[0]);
    expect(tooltip().textContent).toContain('Not monitored');
    // Already at the start: stays there.
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(document.activeElement).toBe(segments()[0]);
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowRight' });
    expect(document.activeElement).toBe(segments()[1]);
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement).toBe(segments()[5]);

    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    expect(tooltip().textContent).toContain('Connected');
    expect(strip.getAttribute('aria-describedby')).toBeTruthy();
  });

  it('lists the outages newest first: from, how long, the causes in words', async () => {
    await showDay();
    const list = screen.getByTestId('outage-list');
    expect(screen.getByRole('heading', { name: 'Outages (2)' })).toBeTruthy();
    const items = within(list).getAllByTestId('outage');
    expect(items).toHaveLength(2);
    const [login, timeout] = items.map((i) => i.textContent ?? '');
    expect(login).toContain('The server refused the login');
    expect(login).toContain('1h 00m so far');
    expect(login).toContain('ongoing');
    expect(timeout).toContain('lasted 8m 20s');
    expect(timeout).toContain(
      'The server stopped answering keepalives (link dead, sleep or network change).',
    );
    expect(timeout).toContain('Then: The server refused the connection');
  });

  it('switches to the last 7 days', async () => {
    const week = { ...availabilitySample(), range: '7d' as const };
    week.from = week.to - 7 * 86_400_000;
    const api = await showDay();
    vi.mocked(api.availability).mockImplementation(async (_id, range) =>
      range === '7d' ? week : day,
    );
    fireEvent.click(screen.getByRole('button', { name: '7 days' }));
    await screen.findByRole('group', { name: 'Availability over the last 7 days' });
    expect(api.availability).toHaveBeenLastCalledWith('lic', '7d');
    expect(screen.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(screen.getByTestId('availability-summary').textContent).toContain(
      'Uptime over the last 7 days',
    );
  });

  it('says so when nothing was monitored, not that the tunnel was down', async () => {
    fakeBridge();
    await renderIn('en', <AvailabilitySection tunnelId="lic" />);
    await screen.findByTestId('availability-strip');
    expect(screen.getByTestId('availability-uptime').textContent).toBe('No data');
    expect(screen.getByTestId('no-outages').textContent).toBe('No outages in this period.');
    expect(segments().map((s) => s.getAttribute('data-state'))).toEqual(['not-monitored']);
    expect(parseFloat(segments()[0]!.style.width)).toBeCloseTo(100, 6);
  });

  it('shows a failure as its translated code', async () => {
    fakeBridge({
      availability: vi.fn(async () => {
        throw new Error('not-found');
      }),
    });
    await renderIn('en', <AvailabilitySection tunnelId="lic" />);
    await screen.findByText('It no longer exists.');
  });

  it('speaks Japanese', async () => {
    await showDay('ja');
    expect(screen.getByRole('heading', { name: '稼働状況' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '24 時間' })).toBeTruthy();
    expect(screen.getByRole('button', { name: '7 日間' })).toBeTruthy();
    const summary = screen.getByTestId('availability-summary').textContent;
    expect(summary).toContain('過去 24 時間の稼働率');
    expect(summary).toContain('監視していた 22h 00m のうち 20h 51m 接続していました');
    expect(screen.getByRole('group', { name: '過去 24 時間の稼働状況' })).toBeTruthy();
    act(() => segments()[2]!.focus());
    expect(tooltip().textContent).toContain('再試行待ち');
    expect(tooltip().textContent).toContain('サーバーがキープアライブに応答しなくなりました');
    expect(tooltip().textContent).toContain(
      formatSpan(day.segments[2]!.from, day.segments[2]!.to, 'ja'),
    );
    expect(screen.getByRole('heading', { name: '切断 2 件' })).toBeTruthy();
    const [login, timeout] = screen.getAllByTestId('outage').map((i) => i.textContent ?? '');
    expect(login).toContain('継続中');
    expect(login).toContain('サーバーがログインを拒否しました');
    expect(timeout).toContain('継続時間 8m 20s');
    expect(timeout).toContain('その後: サーバーが接続を拒否しました');
    expect(screen.getByText('未監視', { selector: 'li *' })).toBeTruthy();
  });
});

describe('the availability section of a tunnel row', () => {
  it('opens from the row, asks main for the last 24 h, and reads again when the state changes', async () => {
    const { api } = fakeBridge({ availability: vi.fn(async () => day) });
    useAppStore.getState().setTunnels([snapshot()]);
    await renderIn('en', <TunnelsView />);
    const toggle = screen.getByRole('button', { name: 'Availability' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByTestId('availability')).toBeNull();
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const section = await screen.findByTestId('availability');
    expect(toggle.getAttribute('aria-controls')).toBe(section.id);
    await within(section).findByTestId('availability-strip');
    expect(api.availability).toHaveBeenCalledWith('lic', '24h');
    const calls = vi.mocked(api.availability).mock.calls.length;
    act(() =>
      useAppStore
        .getState()
        .setTunnels([snapshot({ state: 'waiting', cause: 'tcp-refused', since: Date.now() })]),
    );
    await waitFor(() =>
      expect(vi.mocked(api.availability).mock.calls.length).toBeGreaterThan(calls),
    );
    fireEvent.click(toggle);
    expect(screen.queryByTestId('availability')).toBeNull();
  });
});
