import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DiagnosticMessage, DiagnosticMessageParam } from '../../../../contract';
import { VERBATIM_PARAMS } from './verbatim';

const VERBATIM = new Set(VERBATIM_PARAMS);
const MARK = '\u0000';

type Translate = ReturnType<typeof useTranslation>['t'];

/** Text from outside, as it came: read out in English, left alone by page translators. */
export function Verbatim({ text }: { text: string }) {
  return (
    <span lang="en" translate="no" data-verbatim="">
      {text}
    </span>
  );
}

/** Splits a translated text at the markers `fill` left for the parameters given as nodes. */
export function withNodes(text: string, nodes: readonly ReactNode[]): ReactNode {
  const parts = text.split(new RegExp(`${MARK}(\\d+)${MARK}`));
  if (parts.length === 1) return text;
  return parts.map((part, i) =>
    i % 2 === 0 ? part : <Fragment key={i}>{nodes[Number(part)]}</Fragment>,
  );
}

/** A marker for the parameter that is the index-th node. */
export const slot = (index: number): string => `${MARK}${index}${MARK}`;

function renderParam(t: Translate, value: DiagnosticMessageParam): ReactNode {
  if (Array.isArray(value)) {
    const separator = t('list.separator', { ns: 'diag', keySeparator: false });
    return value.map((item, i) => (
      <Fragment key={i}>
        {i > 0 && separator}
        {renderMessage(t, item)}
      </Fragment>
    ));
  }
  if (typeof value === 'object') return renderMessage(t, value);
  return <Verbatim text={String(value)} />;
}

/** A catalogue message in the window's language; nested messages and lists in it too. */
export function renderMessage(t: Translate, message: DiagnosticMessage): ReactNode {
  const values: Record<string, string | number> = {};
  const nodes: ReactNode[] = [];
  for (const [name, value] of Object.entries(message.params ?? {})) {
    if (typeof value === 'number' || (typeof value === 'string' && !VERBATIM.has(name)))
      values[name] = value;
    else {
      values[name] = slot(nodes.length);
      nodes.push(renderParam(t, value));
    }
  }
  return withNodes(
    t(message.key, { ns: 'diag', keySeparator: false, nsSeparator: false, ...values }),
    nodes,
  );
}

/** A troubleshooting message (an advice step, a check's evidence) in the window's language. */
export function DiagText({ message }: { message: DiagnosticMessage }) {
  const { t } = useTranslation();
  return <>{renderMessage(t, message)}</>;
}
