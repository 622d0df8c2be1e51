import { describe, expect, it } from 'vitest';
import { ocvStability } from '../../../lib/core/cycling/ocv.ts';
import { segmentSteps } from '../../../lib/core/cycling/steps.ts';
import { message } from '../../../lib/core/messages.ts';
import { LI_IN_OFFSET_V, ocvExperiment } from '../../generators/lbhi-model.ts';

describe('OCV stability after plating 3.5 h at 0.02 mA/cm²', () => {
  it('Cu|LPSCl|Li: the drift onset after ≈ 3 days is found within 6 h', () => {
    const { series, truth } = ocvExperiment('LPSCl');
    const { result } = ocvStability(series, segmentSteps(series).steps, LI_IN_OFFSET_V);
    expect(result!.restStart_s).toBeCloseTo(truth.restStart_s, 0);
    expect(Math.abs(result!.driftOnset_h! - truth.driftOnset_h!)).toBeLessThan(6);
    expect(Math.abs(result!.level_V)).toBeLessThan(0.005);
  });

  it('Cu|LBHI|LPSCl|Li: no drift in 60 days gives null and says the OCV stayed', () => {
    const { series } = ocvExperiment('LBHI');
    const { result, warnings } = ocvStability(series, segmentSteps(series).steps, LI_IN_OFFSET_V);
    expect(result!.driftOnset_h).toBeNull();
    expect(result!.restDuration_h).toBeCloseTo(1440, 3);
    expect(warnings).toEqual([message.ocvNoDrift(1440)]);
  });

  it('logging every 4 h still places the onset within 6 h', () => {
    const { series, truth } = ocvExperiment('LPSCl', { restInterval_s: 4 * 3600 });
    const { result } = ocvStability(series, segmentSteps(series).steps, LI_IN_OFFSET_V);
    expect(Math.abs(result!.driftOnset_h! - truth.driftOnset_h!)).toBeLessThan(6);
  });
});
