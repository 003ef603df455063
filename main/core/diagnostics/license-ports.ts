/**
 * The usual license ports (../shared/domain.md), to label a forward whose label is empty and to
 * tell a license port from a vendor-daemon port (which changes on restart unless pinned).
 */
const LICENSE_PORTS: Record<number, string> = {
  1055: 'ANSYS license (FlexLM)',
  2325: 'ANSYS licensing interconnect',
  1999: 'STAR-CCM+ license (FlexLM)',
  1718: 'COMSOL license (FlexLM)',
  2765: 'CONVERGE license (RLM)',
  5053: 'RLM license',
  31010: 'LS-DYNA license (LSTC)',
};

export function licensePortLabel(port: number): string | undefined {
  if (LICENSE_PORTS[port]) return LICENSE_PORTS[port];
  if (port >= 27000 && port <= 27009) return 'FlexLM license (e.g. Abaqus)';
  return undefined;
}

/** The label shown for a forward's target: the user's label, else the well-known port's. */
export function targetLabel(label: string | undefined, port: number): string {
  return label?.trim() || licensePortLabel(port) || 'no label';
}
