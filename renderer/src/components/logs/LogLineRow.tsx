import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { LogLine } from '../../../../contract';

const useStyles = makeStyles({
  line: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: '20px',
    whiteSpace: 'pre',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    paddingLeft: '8px',
    paddingRight: '8px',
  },
  debug: { color: tokens.colorNeutralForeground3 },
  info: {},
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

export const LOG_ROW_HEIGHT = 20;

function time(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function formatLogLine(line: LogLine): string {
  return `${time(line.time)} ${line.level.toUpperCase().padEnd(5)} ${line.message}`;
}

export function LogLineRow({ line }: { line: LogLine }) {
  const styles = useStyles();
  return (
    <div className={mergeClasses(styles.line, styles[line.level])} data-testid="log-line">
      {formatLogLine(line)}
    </div>
  );
}
