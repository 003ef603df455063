import { makeStyles, tokens } from '@fluentui/react-components';
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

const useStyles = makeStyles({
  viewport: {
    overflowY: 'auto',
    position: 'relative',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
});

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  height: number;
  renderRow: (item: T, index: number) => ReactNode;
  label: string;
  /** Extra rows drawn above and below the visible ones so fast scrolling shows no gaps. */
  overscan?: number;
  testId?: string;
}

/**
 * Draws only the rows in view (fixed height rows), so thousands of lines cost a few dozen DOM
 * nodes. Sticks to the bottom while the user is at the bottom, like `tail -f`.
 */
export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, rowHeight, height, renderRow, label, overscan = 10, testId } = props;
  const styles = useStyles();
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const following = useRef(true);
  const total = items.length * rowHeight;

  useLayoutEffect(() => {
    const element = viewport.current;
    if (!element || !following.current) return;
    element.scrollTop = Math.max(0, total - height);
    setScrollTop(element.scrollTop);
  }, [total, height]);

  const onScroll = () => {
    const element = viewport.current;
    if (!element) return;
    setScrollTop(element.scrollTop);
    following.current = element.scrollTop + height >= total - rowHeight;
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows: ReactNode[] = [];
  for (let index = first; index < last; index += 1) {
    rows.push(
      <div
        key={index}
        role="listitem"
        style={{
          position: 'absolute',
          top: index * rowHeight,
          height: rowHeight,
          left: 0,
          right: 0,
        }}
      >
        {renderRow(items[index] as T, index)}
      </div>,
    );
  }

  return (
    <div
      ref={viewport}
      className={styles.viewport}
      style={{ height }}
      onScroll={onScroll}
      // Focusable so the arrow and page keys scroll it without a mouse.
      tabIndex={0}
      aria-label={label}
      data-testid={testId}
    >
      <div role="list" aria-label={label} style={{ height: total, position: 'relative' }}>
        {rows}
      </div>
    </div>
  );
}
