// The viewer's texts in plain Dutch (the default) and English. t('key', {var}) fills {var} placeholders.
const texts = {
  nl: {
    app_title: 'Klimaatstresstest',
    search_placeholder: 'Zoek een straat of buurt…',
    tab_map: 'Kaart', tab_here: 'Wat gebeurt hier?', tab_label: 'Wat kan ik doen?', tab_partner: 'Partners',
    theme: 'Thema', map_kind: 'Kaart', scenario: 'Bui', legend: 'Legenda', no_layers: 'Geen kaarten voor deze keuze.',
    theme_flood: 'Wateroverlast', theme_bluespots: 'Blauwe plekken', theme_heat: 'Hitte',
    legend_depth_m: 'Waterdiepte', legend_duration_h: 'Hoe lang water blijft staan', legend_velocity_m_per_s: 'Stroomsnelheid',
    legend_hazard: 'Gevaar', legend_bluespot_depth_m: 'Diepte blauwe plek', legend_pet_c: 'Gevoelstemperatuur (PET)',
    legend_depth_difference_m: 'Effect van maatregel',
    animation: 'Zo loopt het water tijdens de bui', animation_max: 'Hoogste waterdiepte tijdens de hele bui', play: 'Afspelen', pause: 'Pauze', minutes: '{m} min na het begin van de bui',
    click_hint: 'Klik op de kaart of zoek een adres om te zien wat er op die plek gebeurt.',
    here_title: 'Wat gebeurt hier?', near: 'Bij {name}',
    here_depth: 'Bij {scenario} komt hier tot {depth} water te staan (model: {model}).',
    here_dry: 'Bij {scenario} blijft het hier vrijwel droog (minder dan 5 cm water; model: {model}).',
    here_depth_regional: 'Regionaal model {model}, bij {scenario}: laagte tot {depth} water; niet geschikt voor een straat of huis.',
    here_dry_regional: 'Regionaal model {model}, bij {scenario}: hier geen laagte met water; dat zegt niets over een straat of huis.',
    here_duration: 'Het water staat hier ongeveer {hours} boven 10 cm.',
    here_pet: 'Op een hete zomerdag voelt het hier als {pet} °C: {cls} (model: {model}).',
    here_bluespot: 'Dit is een blauwe plek: een laagte waar regenwater blijft staan, tot {depth} diep (model: {model}).',
    here_bluespot_regional: 'Regionaal model {model}: een laagte in het hoogtemodel, tot {depth} diep; niet geschikt voor een straat of huis.',
    here_terrain: 'De grond ligt hier op {height} m boven NAP (model: {model}).',
    model_unknown: 'onbekend model',
    regional_layer: 'Regionale stroombanen en laagten',
    here_nothing: 'Voor deze plek zijn geen resultaten.',
    here_private: 'Ongeveer 70 % van de grond is van bewoners en bedrijven: wat u in uw eigen tuin en op uw dak doet, telt mee.',
    hours: '{n} uur', minutes_short: '{n} minuten',
    label_title: 'Waterlabel van uw perceel',
    label_intro: 'Hoeveel millimeter regen kan uw perceel zelf bergen bij een piekbui van een uur, gemiddeld over het hele perceel? Label G (geen berging) tot A++ (110 mm of meer), volgens de scoringsmethode van STOWA en RIONED.',
    plot_m2: 'Oppervlakte perceel (m²)', roof_m2: 'Dak (m²)', green_roof_m2: 'Waarvan groen dak (m²)',
    paved_m2: 'Tegels en bestrating (m²)', garden_m2: 'Tuin met planten en gras (m²)', rain_barrel_l: 'Regenton (liter)',
    underground_l: 'Infiltratiekrat of wadi (liter)', downpipe_disconnected: 'Regenpijp afgekoppeld naar krat of wadi',
    label_result: 'Uw perceel kan {mm} mm bergen: label {label}.',
    label_measures: 'Zo wordt het beter:',
    measure_rain_barrel: 'Een regenton van 200 liter', measure_green_roof: 'Het hele dak groen',
    measure_disconnect_downpipe: 'De regenpijp afkoppelen naar uw krat of wadi', measure_unpave_half: 'De helft van de tegels eruit, groen erin',
    measure_infiltration_crate: 'Een infiltratiekrat van 1000 liter aan de afgekoppelde regenpijp',
    measure_line: '+{gain} mm → label {label}',
    label_error: 'Controleer de getallen: {msg}',
    partner_title: 'Voor partners', partner_login_needed: 'Deze pagina is alleen voor partners. Log in om verder te gaan.',
    user: 'Gebruikersnaam', password: 'Wachtwoord', login: 'Inloggen', logout: 'Uitloggen', login_failed: 'Inloggen mislukt: {msg}',
    logged_in_as: 'Ingelogd als {user}', report: 'Rapport', indicators: 'Indicatoren', no_indicators: 'Geen indicatoren',
    kind_municipality: 'gemeente', kind_water_board: 'waterschap', kind_demonstration: 'voorbeeldgebied',
    ind_caption: 'Model {area}, bui {scenario}', ind_indicator: 'Indicator', ind_value: 'Waarde',
    ind_modelled_ha: 'Doorgerekend gebied (ha)', ind_volume_m3: 'Water op maaiveld (m³)',
    ind_area_over: 'Oppervlak met meer dan {cm} cm water (ha)', ind_buildings: 'Gebouwen in het gebied',
    ind_buildings_facade_over: 'Gebouwen met meer dan {cm} cm water aan de gevel',
    ind_roads_impassable_km: 'Onbegaanbare wegen (km)', ind_vital_hit: 'Getroffen vitale objecten',
    ind_damage_eur: 'Schade (euro)',
    base_hillshade: 'Hoogtekaart (offline)', base_external: 'Achtergrondkaart',
    error_loading: 'Kon de gegevens niet laden: {msg}',
  },
  en: {
    app_title: 'Climate stress test',
    search_placeholder: 'Search a street or neighbourhood…',
    tab_map: 'Map', tab_here: 'What happens here?', tab_label: 'What can I do?', tab_partner: 'Partners',
    theme: 'Theme', map_kind: 'Map', scenario: 'Storm', legend: 'Legend', no_layers: 'No maps for this choice.',
    theme_flood: 'Flooding', theme_bluespots: 'Blue spots', theme_heat: 'Heat',
    legend_depth_m: 'Water depth', legend_duration_h: 'How long water stands', legend_velocity_m_per_s: 'Flow velocity',
    legend_hazard: 'Hazard', legend_bluespot_depth_m: 'Blue spot depth', legend_pet_c: 'Perceived temperature (PET)',
    legend_depth_difference_m: 'Effect of a measure',
    animation: 'How the water spreads during the storm', animation_max: 'Highest water depth over the whole storm', play: 'Play', pause: 'Pause', minutes: '{m} min after the storm began',
    click_hint: 'Click on the map or search an address to see what happens at that spot.',
    here_title: 'What happens here?', near: 'Near {name}',
    here_depth: 'In {scenario}, water here gets up to {depth} deep (model: {model}).',
    here_dry: 'In {scenario}, this spot stays practically dry (less than 5 cm of water; model: {model}).',
    here_depth_regional: 'Regional model {model}, in {scenario}: low area with up to {depth} of water; not suitable for a street or a house.',
    here_dry_regional: 'Regional model {model}, in {scenario}: no low area with water here; that says nothing about a street or a house.',
    here_duration: 'Water stands here above 10 cm for about {hours}.',
    here_pet: 'On a hot summer day it feels like {pet} °C here: {cls} (model: {model}).',
    here_bluespot: 'This is a blue spot: a hollow where rain water collects, up to {depth} deep (model: {model}).',
    here_bluespot_regional: 'Regional model {model}: a hollow in the terrain model, up to {depth} deep; not suitable for a street or a house.',
    here_terrain: 'The ground here is {height} m above NAP (Dutch sea level; model: {model}).',
    model_unknown: 'unknown model',
    regional_layer: 'Regional flow paths and low areas',
    here_nothing: 'There are no results for this spot.',
    here_private: 'About 70 % of the land belongs to residents and businesses: what you do in your own garden and on your roof counts.',
    hours: '{n} h', minutes_short: '{n} minutes',
    label_title: 'Your plot\'s water label',
    label_intro: 'How many millimetres of rain can your plot store itself in a one-hour peak storm, averaged over the whole plot? Label G (no storage) to A++ (110 mm or more), after the STOWA and RIONED scoring method.',
    plot_m2: 'Plot area (m²)', roof_m2: 'Roof (m²)', green_roof_m2: 'Of which green roof (m²)',
    paved_m2: 'Tiles and paving (m²)', garden_m2: 'Garden with plants and grass (m²)', rain_barrel_l: 'Rain barrel (litres)',
    underground_l: 'Infiltration crate or swale (litres)', downpipe_disconnected: 'Downpipe disconnected into a crate or swale',
    label_result: 'Your plot can store {mm} mm: label {label}.',
    label_measures: 'How to improve it:',
    measure_rain_barrel: 'A 200 litre rain barrel', measure_green_roof: 'A green roof on the whole roof',
    measure_disconnect_downpipe: 'Disconnect the downpipe into your crate or swale', measure_unpave_half: 'Swap half the paving for plants',
    measure_infiltration_crate: 'A 1000 litre infiltration crate on the disconnected downpipe',
    measure_line: '+{gain} mm → label {label}',
    label_error: 'Please check the numbers: {msg}',
    partner_title: 'For partners', partner_login_needed: 'This page is for partners only. Log in to continue.',
    user: 'User name', password: 'Password', login: 'Log in', logout: 'Log out', login_failed: 'Login failed: {msg}',
    logged_in_as: 'Logged in as {user}', report: 'Report', indicators: 'Indicators', no_indicators: 'No indicators',
    kind_municipality: 'municipality', kind_water_board: 'water board', kind_demonstration: 'demonstration area',
    ind_caption: 'Model {area}, storm {scenario}', ind_indicator: 'Indicator', ind_value: 'Value',
    ind_modelled_ha: 'Area modelled (ha)', ind_volume_m3: 'Water on the ground (m³)',
    ind_area_over: 'Area with more than {cm} cm of water (ha)', ind_buildings: 'Buildings in the area',
    ind_buildings_facade_over: 'Buildings with more than {cm} cm of water at the façade',
    ind_roads_impassable_km: 'Impassable roads (km)', ind_vital_hit: 'Vital objects affected',
    ind_damage_eur: 'Damage (euro)',
    base_hillshade: 'Terrain (offline)', base_external: 'Base map',
    error_loading: 'Could not load the data: {msg}',
  },
};

let lang = 'nl';
try {
  const saved = globalThis.localStorage?.getItem('waternet-lang');
  if (saved === 'en' || saved === 'nl') lang = saved;
} catch { /* no storage: keep Dutch */ }

export function language() { return lang; }
export function setLanguage(l) {
  lang = l === 'en' ? 'en' : 'nl';
  try { globalThis.localStorage?.setItem('waternet-lang', lang); } catch { /* ignore */ }
}
export function t(key, vars = {}, l = lang) {
  const s = texts[l][key] ?? texts.nl[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (k in vars ? String(vars[k]) : `{${k}}`));
}
// Numbers the Dutch way (comma decimals) or the English way.
export function num(v, digits = 0, l = lang) {
  return v.toLocaleString(l === 'nl' ? 'nl-NL' : 'en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
