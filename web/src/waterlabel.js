// The waterlabel calculator: how many millimetres of a heavy one-hour storm a plot holds on its own land,
// averaged over the whole plot, and the label A–G that goes with it.
//
// The idea is STOWA and Stichting RIONED's scoring method for storage on private land (2019): the score is the
// rain (mm) of a one-hour peak storm that the plot can store or infiltrate, averaged over the plot, wherever
// it is held (roof, garden, underground); labels run from G (nothing held) upwards, and a rain barrel is "a good
// first step from G to F". The storage each surface offers and the label boundaries below are Waternet's
// choices, documented in docs/viewer.md ("Waterlabel"), not STOWA's published figure.
//
// Water balance of one storm of REFERENCE_STORM_MM in one hour, per surface:
//   roof (ordinary)  holds ROOF_MM, the rest runs off to the downpipe;
//   green roof       holds GREEN_ROOF_MM on its area, the rest runs off to the downpipe;
//   downpipe         fills the rain barrel first; what overflows goes to the sewer, or, when the downpipe is
//                    disconnected, into the garden;
//   paving           holds PAVED_MM (puddles, joints), the rest runs off to the street;
//   garden           takes up to GARDEN_MM of water per m² in the hour (surface storage + infiltration):
//                    first its own rain, then the roof water of a disconnected downpipe;
//   underground      an infiltration crate or wadi of the given litres takes what the garden cannot (when the
//                    downpipe is disconnected), else the roof water directly.
// Plot area not given as roof, paving or garden counts as paving.

export const REFERENCE_STORM_MM = 60;
export const ROOF_MM = 0.5;
export const GREEN_ROOF_MM = 20;
export const PAVED_MM = 2;
export const GARDEN_MM = 100;

// Lower bounds (mm held, averaged over the plot), best label first.
export const LABELS = [
  { label: 'A', min_mm: 50 },
  { label: 'B', min_mm: 40 },
  { label: 'C', min_mm: 30 },
  { label: 'D', min_mm: 20 },
  { label: 'E', min_mm: 10 },
  { label: 'F', min_mm: 2 },
  { label: 'G', min_mm: 0 },
];

export function labelOf(mm) {
  for (const l of LABELS) if (mm >= l.min_mm) return l.label;
  return 'G';
}

function number(plot, key, { min = 0 } = {}) {
  const v = plot[key] ?? 0;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min) {
    throw new RangeError(`${key} must be a number of at least ${min}`);
  }
  return v;
}

// plot: { plot_m2, roof_m2, green_roof_m2, paved_m2, garden_m2, rain_barrel_l, underground_l,
//         downpipe_disconnected }. Throws RangeError for impossible plots (negative areas, parts larger than
// the plot, a green roof larger than the roof).
// Returns { held_mm, label, held_l, runoff_l, parts: { roof_l, barrel_l, paved_l, garden_l, underground_l } }.
export function waterlabel(plot) {
  const plotM2 = number(plot, 'plot_m2');
  if (plotM2 <= 0) throw new RangeError('plot_m2 must be more than 0');
  const roof = number(plot, 'roof_m2');
  const greenRoof = number(plot, 'green_roof_m2');
  const paved = number(plot, 'paved_m2');
  const garden = number(plot, 'garden_m2');
  const barrelL = number(plot, 'rain_barrel_l');
  const undergroundL = number(plot, 'underground_l');
  if (greenRoof > roof) throw new RangeError('the green roof cannot be larger than the roof');
  if (roof + paved + garden > plotM2 + 1e-9) {
    throw new RangeError('roof, paving and garden together are larger than the plot');
  }
  const P = REFERENCE_STORM_MM;
  const rest = plotM2 - roof - paved - garden; // counted as paving

  // Roof: each part holds what it can; the rest goes down the pipe.
  const roofHeld = (roof - greenRoof) * Math.min(P, ROOF_MM) + greenRoof * Math.min(P, GREEN_ROOF_MM);
  let pipe = roof * P - roofHeld;
  const barrel = Math.min(pipe, barrelL);
  pipe -= barrel;

  const pavedHeld = (paved + rest) * Math.min(P, PAVED_MM);

  // Garden: its own rain first, then roof water if the downpipe goes into it.
  const gardenCapacity = garden * GARDEN_MM;
  let gardenHeld = Math.min(garden * P, gardenCapacity);
  let underground = 0;
  if (plot.downpipe_disconnected) {
    const toGarden = Math.min(pipe, gardenCapacity - gardenHeld);
    gardenHeld += toGarden;
    pipe -= toGarden;
  }
  underground = Math.min(pipe, undergroundL);
  pipe -= underground;

  const heldL = roofHeld + barrel + pavedHeld + gardenHeld + underground;
  const heldMm = heldL / plotM2;
  return {
    held_mm: heldMm,
    label: labelOf(heldMm),
    held_l: heldL,
    runoff_l: plotM2 * P - heldL,
    parts: { roof_l: roofHeld, barrel_l: barrel, paved_l: pavedHeld, garden_l: gardenHeld, underground_l: underground },
  };
}

// What each measure would do on its own, for the "what can I do" panel: the plot with that one change, its mm
// and label, and the gain in mm. Measures that are already in place (or impossible: no roof, no paving) are
// left out.
export function measures(plot) {
  const base = waterlabel(plot);
  const options = [];
  const tryMeasure = (id, changed) => {
    const r = waterlabel({ ...plot, ...changed });
    options.push({ id, held_mm: r.held_mm, label: r.label, gain_mm: r.held_mm - base.held_mm });
  };
  if ((plot.rain_barrel_l ?? 0) < 200 && plot.roof_m2 > 0) tryMeasure('rain_barrel', { rain_barrel_l: 200 });
  if ((plot.green_roof_m2 ?? 0) < plot.roof_m2) tryMeasure('green_roof', { green_roof_m2: plot.roof_m2 });
  if (!plot.downpipe_disconnected && plot.roof_m2 > 0 && plot.garden_m2 > 0) {
    tryMeasure('disconnect_downpipe', { downpipe_disconnected: true });
  }
  if (plot.paved_m2 > 0) {
    const half = plot.paved_m2 / 2;
    tryMeasure('unpave_half', { paved_m2: plot.paved_m2 - half, garden_m2: (plot.garden_m2 ?? 0) + half });
  }
  if ((plot.underground_l ?? 0) < 1000 && plot.roof_m2 > 0) tryMeasure('infiltration_crate', { underground_l: 1000 });
  options.sort((a, b) => b.gain_mm - a.gain_mm);
  return { base, options };
}
