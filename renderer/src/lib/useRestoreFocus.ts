import { useEffect, useState } from 'react';

/**
 * Dialogs opened from the store (not from a DialogTrigger) give focus back to what had it when
 * they close, so keyboard users land where they were. The element is taken during the first
 * render, before the dialog moves focus inside itself.
 */
export function useRestoreFocus(): void {
  const [previous] = useState(() => document.activeElement as HTMLElement | null);
  useEffect(
    () => () => {
      if (previous?.isConnected) previous.focus();
    },
    [previous],
  );
}
