// Legend class labels and units in the reader's language, from the class bounds the server sends (GET
// /api/layers "legends"): depths in centimetres ("Legenda (cm)"), a regional model's in decimetres, Dutch decimals
// in Dutch. The server's own labels are English and are only a fallback for a legend this file does not know.
import { t, tList, shortNum } from './i18n.js';

const CM_LEGENDS = new Set(['depth_m', 'bluespot_depth_m', 'depth_difference_m']);
// A regional model's depths (render/legend.cpp "depth_regional_m"): decimetre classes, as its depths are rounded to
// 0.1 m; it draws the flood depth and the blue spots of a regional area alike.
export const REGIONAL_DEPTH = 'depth_regional_m';

// The kind of map a layer (or a point value) is, as the "Kaart" choice lists them: its legend, except that a
// regional model's depth legend draws the same kind as its theme's street legend (the water depth, a blue spot's
// depth), so a street model and a regional one are chosen together and each shows its own legend.
export function mapKind(layer) {
  if (layer.legend !== REGIONAL_DEPTH) return layer.legend;
  return layer.theme === 'bluespots' ? 'bluespot_depth_m' : 'depth_m';
}

// The unit to put after "Legenda", or null when the classes carry their own (hazard: no unit).
export function legendUnit(legend, l) {
  if (CM_LEGENDS.has(legend.id)) return 'cm';
  if (legend.id === REGIONAL_DEPTH) return 'dm';
  if (legend.id === 'duration_h') return t('unit_hours', {}, l);
  if (legend.unit === '-' || legend.id === 'hazard') return null;
  return legend.unit;
}

const range = (a, b, l, digits = 2) => `${shortNum(a, digits, l)}–${shortNum(b, digits, l)}`;

function hoursLabel(h, l) { return h < 1 ? `${shortNum(h * 60, 0, l)} min` : `${shortNum(h, 1, l)} ${t('unit_hours', {}, l)}`; }

function differenceLabel(c, l) {
  const cm = (m) => Math.round(Math.abs(m) * 100);
  if (c.upper <= 0 && c.lower < 0) {  // lower than before
    const words = t('difference_lower', {}, l);
    return c.lower <= -1 ? `> ${cm(c.upper)} cm ${words}` : `${cm(c.upper)}–${cm(c.lower)} cm ${words}`;
  }
  if (c.lower >= 0 && c.upper > 0 && c.lower > 0) {
    const words = t('difference_higher', {}, l);
    return c.upper >= 1 ? `> ${cm(c.lower)} cm ${words}` : `${cm(c.lower)}–${cm(c.upper)} cm ${words}`;
  }
  return `${t('difference_none', {}, l)} (< ${cm(c.upper)} cm)`;
}

// The label of class i of `legend` ({ id, unit, classes: [{ lower, upper, label }] }).
export function classLabel(legend, i, l) {
  const c = legend.classes[i];
  const last = i === legend.classes.length - 1;
  const first = i === 0;
  switch (legend.id) {
    case 'depth_m':
    case 'bluespot_depth_m':
      return last ? `> ${shortNum(c.lower * 100, 0, l)} cm` : `${range(c.lower * 100, c.upper * 100, l, 0)} cm`;
    case REGIONAL_DEPTH:
      return last ? `> ${shortNum(c.lower * 10, 0, l)} dm` : `${range(c.lower * 10, c.upper * 10, l, 0)} dm`;
    case 'depth_difference_m':
      return differenceLabel(c, l);
    case 'velocity_m_per_s':
      return last ? `> ${shortNum(c.lower, 2, l)} m/s` : `${range(c.lower, c.upper, l)} m/s`;
    case 'duration_h':
      if (last) return `> ${hoursLabel(c.lower, l)}`;
      return c.lower < 1 ? `${hoursLabel(c.lower, l)} – ${hoursLabel(c.upper, l)}` : `${range(c.lower, c.upper, l, 1)} ${t('unit_hours', {}, l)}`;
    case 'hazard': {
      const name = tList('hazard_classes', l)[i] ?? c.label;
      const bounds = first ? `< ${shortNum(c.upper, 2, l)}` : last ? `> ${shortNum(c.lower, 2, l)}` : range(c.lower, c.upper, l);
      return `${name} (${bounds})`;
    }
    case 'pet_c': {
      const name = tList('pet_classes', l)[i] ?? c.label;
      const bounds = first ? `< ${shortNum(c.upper, 0, l)}` : last ? `> ${shortNum(c.lower, 0, l)}` : range(c.lower, c.upper, l, 0);
      return `${bounds} °C ${name}`;
    }
    default:
      return c.label;
  }
}
