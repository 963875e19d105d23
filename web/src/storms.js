// Storms as the standard names them: "Korte hevige bui: 70 mm in 1 uur, eens per 100 jaar" instead of the raw
// id "T100". The amount, duration and return period come from the storm record the server passes on from the
// manifest (the library's storm table, hydro/rain.hpp and `waternet storms`); nothing is hard-coded here. The
// words follow the Delta Programme's stress test: a short heavy cloudburst ("korte hevige bui", 1–2 hours) and
// prolonged rain ("langdurige bui", 48 hours) (../shared/reference/stresstest-nl.md).
import { t, num, shortNum } from './i18n.js';

// Up to this duration a storm is a cloudburst; from LONG_H on, prolonged rain (the standard's two kinds).
const SHORT_MAX_H = 3;
const LONG_MIN_H = 24;

export function stormKind(durationH) {
  if (durationH <= SHORT_MAX_H) return 'short';
  return durationH >= LONG_MIN_H ? 'long' : 'other';
}

// "1 uur", "48 uur", "30 minuten" / "1 hour", "48 hours".
export function durationWords(hours, l) {
  if (hours < 1 || (hours < 2 && !Number.isInteger(hours))) return t('duration_minutes', { n: num(Math.round(hours * 60), 0, l) }, l);
  return t(hours === 1 ? 'duration_hour' : 'duration_hours', { n: shortNum(hours, 1, l) }, l);
}

// How rare: "eens per 100 jaar", "eens per jaar", "4 keer per jaar".
export function rarityWords(years, l) {
  if (years > 1) return t('storm_once_in', { years: num(years, 0, l) }, l);
  if (years === 1) return t('storm_yearly', {}, l);
  return t('storm_times_a_year', { n: shortNum(1 / years, 1, l) }, l);
}

// storm: { id, rain_mm, duration_h, return_period_years (may be null) }, or null for results without one (older
// manifests): then the scenario id is all there is. `scenario` may carry measures ("T100+groen").
export function stormName(storm, l, scenario = null) {
  const measures = scenario && scenario.includes('+') ? scenario.slice(scenario.indexOf('+') + 1) : '';
  let text;
  if (!storm) {
    text = scenario ?? '';
    return text;
  }
  text = t('storm_text', {
    kind: t(`storm_${stormKind(storm.duration_h)}`, {}, l),
    mm: shortNum(storm.rain_mm, storm.rain_mm < 20 ? 1 : 0, l),
    duration: durationWords(storm.duration_h, l),
  }, l);
  if (storm.return_period_years) text = t('storm_rarity', { storm: text, rarity: rarityWords(storm.return_period_years, l) }, l);
  if (measures) text += `, ${t('with_measures', { measures }, l)}`;
  return text;
}
