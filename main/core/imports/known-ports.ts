/**
 * License ports and vendor daemons that admins of simulation software meet (see
 * shared/domain.md and the provider's guide): they label the proposed forwards so that the
 * admin recognises them, e.g. "FlexLM license port (ANSYS)".
 */
export const KNOWN_LICENSE_PORTS: Readonly<Record<number, string>> = {
  1055: 'ANSYS',
  2325: 'ANSYS',
  1999: 'STAR-CCM+',
  27000: 'Abaqus',
  1718: 'COMSOL',
  2765: 'CONVERGE',
  31010: 'LS-DYNA',
};

/** Vendor daemon / ISV names (lower case) → product. */
export const KNOWN_VENDORS: Readonly<Record<string, string>> = {
  ansyslmd: 'ANSYS',
  cdlmd: 'STAR-CCM+',
  abaquslm: 'Abaqus',
  lmcomsol: 'COMSOL',
  converge: 'CONVERGE',
  lstc: 'LS-DYNA',
  mixit: 'MixIT',
  exa: 'PowerFLOW',
  mlm: 'MATLAB',
  ugslmd: 'Siemens NX',
  saltd: 'Siemens',
};

/** LS-DYNA's license manager serves everything on its one port: no vendor port to pin. */
export const NO_VENDOR_PORT = new Set(['lstc']);

export function productOf(
  port: number | undefined,
  vendors: readonly string[],
): string | undefined {
  for (const v of vendors) {
    const product = KNOWN_VENDORS[v.toLowerCase()];
    if (product) return product;
  }
  return port === undefined ? undefined : KNOWN_LICENSE_PORTS[port];
}
