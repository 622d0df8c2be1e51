/**
 * How thick a layer of Li metal a capacity makes, so measured stack-pressure changes can be read
 * beside the Li that the capacities say was plated or stripped.
 *
 * thickness = Q / (A · F) · M_Li / ρ_Li
 *   Q in C (1 mAh = 3.6 C), A in cm², F = 96 485.332 C/mol, M_Li = 6.941 g/mol,
 *   ρ_Li = 0.534 g/cm³ (CRC Handbook of Chemistry and Physics, Li metal at 20 °C).
 * For 1 mAh/cm²: 3.6 / 96 485.332 = 3.731e-5 mol/cm² → 2.590e-4 g/cm² → 4.850e-4 cm = 4.85 µm,
 * the figure used throughout the anode-free literature (e.g. Huang et al., LBHI paper, DESIGN §4).
 */

const COULOMB_PER_MAH = 3.6;
const FARADAY_C_PER_MOL = 96485.332;
const LI_MOLAR_MASS_G_PER_MOL = 6.941;
const LI_DENSITY_G_PER_CM3 = 0.534;
const UM_PER_CM = 1e4;

/** Li metal thickness per areal capacity, µm per (mAh/cm²): ≈ 4.85. */
export const LI_UM_PER_MAH_CM2 =
  ((COULOMB_PER_MAH / FARADAY_C_PER_MOL) * LI_MOLAR_MASS_G_PER_MOL * UM_PER_CM) / LI_DENSITY_G_PER_CM3;

/** Thickness of dense Li metal holding `capacity_mAh` over `area_cm2`, µm; null without a positive area. */
export function lithiumThickness_um(capacity_mAh: number, area_cm2: number | null): number | null {
  if (area_cm2 === null || !(area_cm2 > 0)) return null;
  return (capacity_mAh / area_cm2) * LI_UM_PER_MAH_CM2;
}
