import { Body1, Caption1, Title3 } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { TunnelSummary } from '../../../preload/contract';

export function TunnelList({ tunnels }: { tunnels: readonly TunnelSummary[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="tunnels-heading">
      <Title3 id="tunnels-heading" as="h1">
        {t('tunnels.heading')}
      </Title3>
      {tunnels.length === 0 ? (
        <div role="status" data-testid="tunnels-empty">
          <Body1 as="p">{t('tunnels.empty')}</Body1>
          <Caption1 as="p">{t('tunnels.emptyHint')}</Caption1>
        </div>
      ) : (
        <ul>
          {tunnels.map((tunnel) => (
            <li key={tunnel.id}>
              {tunnel.name} — {t(`state.${tunnel.state}`)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
