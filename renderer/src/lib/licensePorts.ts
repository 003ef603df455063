/** Usual license ports (domain brief): a forward to one of them gets a label proposed. */
export const LICENSE_PORTS: Readonly<Record<number, string>> = {
  1055: 'ANSYS',
  2325: 'ANSYS',
  1999: 'STAR-CCM+',
  27000: 'FlexLM / Abaqus',
  1718: 'COMSOL',
  2765: 'CONVERGE',
  31010: 'LS-DYNA',
  5053: 'RLM',
};

export function licenseProduct(port: number | undefined): string | undefined {
  return port === undefined ? undefined : LICENSE_PORTS[port];
}
