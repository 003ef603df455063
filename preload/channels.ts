// Channel names live apart from the zod schemas so the sandboxed preload bundles no dependency.
export const Channels = {
  appInfo: 'app:info',
  tunnelsList: 'tunnels:list',
  tunnelsEvent: 'tunnels:event',
} as const;
