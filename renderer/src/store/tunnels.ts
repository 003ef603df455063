import type { StateCreator } from 'zustand';
import type { DiagnosticReport, Profile, TunnelSnapshot } from '../../../contract';
import type { AppState } from './index';

export interface TunnelsSlice {
  tunnels: TunnelSnapshot[];
  profiles: Profile[];
  reports: Record<string, DiagnosticReport>;
  diagnosing: Record<string, boolean>;
  setTunnels(tunnels: TunnelSnapshot[]): void;
  setProfiles(profiles: Profile[]): void;
  upsertProfile(profile: Profile): void;
  removeProfile(id: string): void;
  setDiagnosing(id: string, running: boolean): void;
  setReport(report: DiagnosticReport): void;
}

export const createTunnelsSlice: StateCreator<AppState, [], [], TunnelsSlice> = (set) => ({
  tunnels: [],
  profiles: [],
  reports: {},
  diagnosing: {},
  setTunnels: (tunnels) => set({ tunnels }),
  setProfiles: (profiles) => set({ profiles }),
  upsertProfile: (profile) =>
    set((s) => {
      const index = s.profiles.findIndex((p) => p.id === profile.id);
      if (index < 0) return { profiles: [...s.profiles, profile] };
      const profiles = [...s.profiles];
      profiles[index] = profile;
      return { profiles };
    }),
  removeProfile: (id) => set((s) => ({ profiles: s.profiles.filter((p) => p.id !== id) })),
  setDiagnosing: (id, running) => set((s) => ({ diagnosing: { ...s.diagnosing, [id]: running } })),
  setReport: (report) => set((s) => ({ reports: { ...s.reports, [report.tunnelId]: report } })),
});
