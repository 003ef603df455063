import { tokens } from '@fluentui/react-components';
import type { Light } from '../../../contract/tunnel-state';

/** The app's four lights as colours: the status dots and the availability strip share them. */
export const LIGHT_COLORS: Record<Light, string> = {
  green: tokens.colorPaletteGreenBackground3,
  yellow: tokens.colorPaletteYellowBackground3,
  red: tokens.colorPaletteRedBackground3,
  grey: tokens.colorNeutralBackground5,
};
