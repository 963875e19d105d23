// "Wat kan ik doen?": the standard measures a resident can take against flooding, heat and drought, each with
// what it brings, stated no stronger than its source, and the source. The texts are here, in Dutch and English
// (they are content, not interface: the headings around them are in i18n.js). tipsFor() picks the 1–3 tips that
// fit what a clicked point shows ("Hier helpt: …").
//
// Figures and their sources:
//  - waterlabel rekenhulp (waterlabel.js, docs/viewer.md "Waterlabel"): garden 100 l/m² in a peak hour, paving
//    2 l/m², green roof 20 l/m², ordinary roof 0.5 l/m² are Waternet's choices, not STOWA figures; the terraced
//    house of 150 m² going from D to B with half its paving green is that calculator's worked example. "A rain
//    barrel is a good first step, from G to F": STOWA/RIONED (H2O 2019).
//  - stress test (../shared/reference/stresstest-nl.md, Delta Programme Spatial Adaptation): sewers handle
//    roughly 20–30 mm/h; the standard short storm is 70 mm in 1 h; a typical doorstep is 10–15 cm; PET classes
//    (moderate from 29 °C, strong from 35 °C); "a cool place within 300 m of every home" as a policy indicator;
//    the summer precipitation deficit once in 10 years about 225 mm today, about 300 mm in 2050.
//  - RIVM, Nationaal Hitteplan: drink enough, stay in the shade and rest in the afternoon, keep the house cool
//    with sun shading and air it when it is cooler outside, look after vulnerable people.
//  - PET map method (WUR, Koopmans et al. 2020): PET is computed separately in sun and shade, and vegetation
//    counts as cooler: in PET_sun the term 0.546·B with Bowen ratio B = 0.4 (vegetation) against 3 (else) gives
//    0.546 × (3 − 0.4) ≈ 1.4 °C (as Waternet's heat map computes it, src/waternet/heat/pet_map.cpp).
//  - Vitens and Steenbreek (2021, campaign "bewust watergebruik in de tuin"): a sprinkler uses about 100 litres a
//    quarter of an hour; on very hot days Vitens' customers use about 400 million litres a day more.
//  - Operatie Steenbreek: paved gardens send rain to the sewer and warm the street; tiles out, plants in.
//  - Stichting RIONED (riool.net): disconnecting downpipes, infiltration crates and wadis.

// Sources, by id: names are the same in both languages.
export const SOURCES = {
  waterlabel: 'STOWA en RIONED, Waterlabel (2019); rekenhulp hieronder',
  steenbreek: 'Operatie Steenbreek (steenbreek.nl)',
  rioned: 'Stichting RIONED (riool.net)',
  stresstest: 'Deltaprogramma Ruimtelijke Adaptatie, standaard stresstest',
  klimaatadaptatie: 'Klimaatadaptatie Nederland (klimaatadaptatienederland.nl)',
  hitteplan: 'RIVM, Nationaal Hitteplan',
  pet: 'WUR, PET-kaart (Koopmans e.a. 2020)',
  vitens: 'Vitens en Operatie Steenbreek (2021)',
};
const SOURCE_NAMES_EN = {
  waterlabel: 'STOWA and RIONED, Waterlabel (2019); the calculator below',
  stresstest: 'Delta Programme Spatial Adaptation, standard stress test',
  klimaatadaptatie: 'Klimaatadaptatie Nederland (Climate Adaptation Netherlands, klimaatadaptatienederland.nl)',
  hitteplan: 'RIVM, National Heat Plan (Nationaal Hitteplan)',
  pet: 'WUR, PET map (Koopmans et al. 2020)',
  vitens: 'Vitens and Operatie Steenbreek (2021)',
};
export function sourceName(id, l) {
  return (l === 'en' ? SOURCE_NAMES_EN[id] : null) ?? SOURCES[id];
}

export const THEMES = ['water', 'heat', 'drought'];

// Each tip: id, theme, title, what to do (text), what it brings (effect), sources; `measure` names the
// calculator's measure it matches (waterlabel.js), where there is one.
export const TIPS = [
  {
    id: 'doorstep', theme: 'water', sources: ['stresstest', 'klimaatadaptatie'],
    title: { nl: 'Water buiten de deur houden', en: 'Keeping the water outside' },
    text: {
      nl: 'Kijk hoe hoog uw drempel en de ingang van een kelder of garage liggen. Een hogere drempel, een opstapje of een afneembaar waterschot voor de deur houdt ondiep water buiten. Zet spullen in kelder en berging op een verhoging.',
      en: 'Check how high your doorstep and the entrance to a cellar or garage are. A higher step or a removable flood board across the door keeps shallow water out. Put things in a cellar or shed on a raised shelf.',
    },
    effect: {
      nl: 'Een gewone drempel is 10 tot 15 cm hoog. Staat er volgens de kaart meer water, dan kan het over de drempel komen. De kaart geeft de diepte op het aangeklikte punt, niet precies bij uw deur.',
      en: 'An ordinary doorstep is 10 to 15 cm high. Where the map shows deeper water, it can come over the step. The map gives the depth at the point clicked, not exactly at your door.',
    },
  },
  {
    id: 'unpave', theme: 'water', measure: 'unpave_half', sources: ['steenbreek', 'waterlabel'],
    title: { nl: 'Tegels eruit, groen erin', en: 'Tiles out, plants in' },
    text: {
      nl: 'Een tuin met planten en gras laat regen de grond in zakken. Tegels sturen de regen naar de straat en het riool, en worden op een hete dag heet.',
      en: 'A garden with plants and grass lets rain soak into the ground. Tiles send the rain to the street and the sewer, and get hot on a hot day.',
    },
    effect: {
      nl: 'In de rekenhulp hieronder bergt een m² tuin in een piekuur 100 liter (zandgrond, zoals in Twente), een m² tegels 2 liter; dat zijn keuzes van Waternet, geen STOWA-getallen. Een rijtjeshuis van 150 m² met 60 m² tegels gaat met de helft van de tegels eruit van label D naar B.',
      en: 'In the calculator below a m² of garden stores 100 litres in a peak hour (sandy soil, as in Twente), a m² of tiles 2 litres; these are Waternet\'s choices, not STOWA figures. A terraced house of 150 m² with 60 m² of tiles goes from label D to B with half the tiles out.',
    },
  },
  {
    id: 'rain_barrel', theme: 'water', measure: 'rain_barrel', sources: ['waterlabel'],
    title: { nl: 'Een regenton aan de regenpijp', en: 'A rain barrel on the downpipe' },
    text: {
      nl: 'Vang het water van het dak op in een ton en geef er in droge tijd de tuin mee water. Maak hem na een bui leeg in de tuin, zodat hij bij de volgende bui weer water kan opvangen.',
      en: 'Catch the water from the roof in a barrel and water the garden with it in a dry spell. Empty it into the garden after a storm, so that it can catch water again next time.',
    },
    effect: {
      nl: 'Een ton houdt zijn eigen inhoud vast: 200 liter is 200 liter minder naar het riool, als hij leeg is als de bui begint. Volgens STOWA en RIONED een goede eerste stap: van label G naar F.',
      en: 'A barrel holds what it holds: 200 litres is 200 litres less to the sewer, if it is empty when the storm begins. STOWA and RIONED call it a good first step: from label G to F.',
    },
  },
  {
    id: 'disconnect', theme: 'water', measure: 'disconnect_downpipe', sources: ['rioned', 'stresstest'],
    title: { nl: 'De regenpijp afkoppelen', en: 'Disconnect the downpipe' },
    text: {
      nl: 'Laat het dakwater in de tuin, een wadi of een infiltratiekrat lopen in plaats van in het riool. Vraag de gemeente wat mag en of er subsidie voor is.',
      en: 'Let the water from the roof run into the garden, a swale or an infiltration crate instead of the sewer. Ask the municipality what is allowed and whether there is a grant for it.',
    },
    effect: {
      nl: 'Het riool verwerkt ongeveer 20 tot 30 mm regen per uur; de korte hevige bui van de stresstest brengt 70 mm in een uur. Elk dak dat niet meer op het riool loost, ontlast het.',
      en: 'Sewers handle roughly 20 to 30 mm of rain an hour; the stress test\'s short heavy cloudburst brings 70 mm in one hour. Every roof that no longer drains into the sewer relieves it.',
    },
  },
  {
    id: 'crate', theme: 'water', measure: 'infiltration_crate', sources: ['rioned', 'waterlabel'],
    title: { nl: 'Een infiltratiekrat of wadi', en: 'An infiltration crate or swale' },
    text: {
      nl: 'Een krat onder de grond of een wadi (een lage, groene greppel) vangt het water van het afgekoppelde dak op en laat het langzaam in de grond zakken.',
      en: 'A crate under the ground or a swale (a low, green ditch) takes the water of the disconnected roof and lets it slowly soak into the ground.',
    },
    effect: {
      nl: 'Een krat van 1000 liter onder een perceel van 150 m² bergt 6,7 mm extra (rekenhulp), mits de regenpijp erop is afgekoppeld.',
      en: 'A 1000 litre crate under a plot of 150 m² stores 6.7 mm more (calculator), as long as the downpipe leads into it.',
    },
  },
  {
    id: 'green_roof', theme: 'water', measure: 'green_roof', sources: ['waterlabel', 'klimaatadaptatie'],
    title: { nl: 'Een groen dak', en: 'A green roof' },
    text: {
      nl: 'Een plat of flauw hellend dak kan een laag sedum of planten krijgen. Laat eerst nagaan of het dak het gewicht kan dragen.',
      en: 'A flat or gently sloping roof can take a layer of sedum or plants. Have it checked first whether the roof can carry the weight.',
    },
    effect: {
      nl: 'In de rekenhulp houdt een groen dak 20 liter per m² vast, een gewoon dak een halve liter (keuzes van Waternet). Het dak warmt in de zon ook minder op.',
      en: 'In the calculator a green roof holds 20 litres per m², an ordinary roof half a litre (Waternet\'s choices). It also warms up less in the sun.',
    },
  },
  {
    id: 'keep_cool', theme: 'heat', sources: ['hitteplan', 'stresstest'],
    title: { nl: 'Koel blijven op een hete dag', en: 'Keeping cool on a hot day' },
    text: {
      nl: 'Drink genoeg, ook zonder dorst. Blijf \'s middags in de schaduw en span u dan niet in. Houd de zon buiten met zonwering en zet ramen open als het buiten koeler is: \'s avonds, \'s nachts en \'s ochtends. Let op ouderen, zieken en jonge kinderen in uw buurt.',
      en: 'Drink enough, even when you are not thirsty. Stay in the shade in the afternoon and avoid exertion then. Keep the sun out with blinds or awnings and open the windows when it is cooler outside: in the evening, at night and in the morning. Look after older people, sick people and young children near you.',
    },
    effect: {
      nl: 'Dit zijn de adviezen van het Nationaal Hitteplan van het RIVM. De hittekaart toont de gevoelstemperatuur tussen 12 en 18 uur op een zeer hete dag; vanaf 35 °C is dat sterke hittestress.',
      en: 'This is the advice of RIVM\'s National Heat Plan. The heat map shows the perceived temperature between noon and 6 pm on a very hot day; from 35 °C that is strong heat stress.',
    },
  },
  {
    id: 'shade', theme: 'heat', sources: ['pet', 'hitteplan', 'klimaatadaptatie'],
    title: { nl: 'Schaduw: bomen, groen en zonwering', en: 'Shade: trees, plants and sun blinds' },
    text: {
      nl: 'Een boom of een pergola met klimplanten in de tuin, en zonwering buiten aan het raam, houden de zon tegen voordat die uw tuin of huis opwarmt.',
      en: 'A tree or a pergola with climbers in the garden, and blinds or awnings outside the window, stop the sun before it warms your garden or house.',
    },
    effect: {
      nl: 'In de schaduw is de gevoelstemperatuur (PET) lager dan in de zon, en groen blijft koeler dan steen: de hittekaart rekent zon, schaduw en groen apart. In de zon rekent de kaart voor groen in plaats van steen ongeveer 1,4 °C lager.',
      en: 'In the shade the perceived temperature (PET) is lower than in the sun, and plants stay cooler than stone: the heat map counts sun, shade and plants separately. In the sun the map counts about 1.4 °C less for plants instead of stone.',
    },
  },
  {
    id: 'cool_place', theme: 'heat', sources: ['stresstest', 'klimaatadaptatie'],
    title: { nl: 'Een koele plek in de buurt', en: 'A cool place nearby' },
    text: {
      nl: 'Weet waar in uw buurt een koele plek is voor een hete middag: een park, bos of water, of een koel gebouw zoals een bibliotheek.',
      en: 'Know where there is a cool place near you for a hot afternoon: a park, woods or water, or a cool building such as a library.',
    },
    effect: {
      nl: 'Op de hittekaart zijn groene en natte plekken koeler. Veel gemeenten streven naar een koele plek binnen 300 m van elke woning.',
      en: 'On the heat map green and wet places are cooler. Many municipalities aim for a cool place within 300 m of every home.',
    },
  },
  {
    id: 'water_smart', theme: 'drought', sources: ['vitens'],
    title: { nl: 'Slim water geven', en: 'Watering wisely' },
    text: {
      nl: 'Geef \'s avonds of vroeg in de ochtend water, minder vaak maar grondig, met regenwater uit de ton. Gras dat geel wordt, wordt na regen vanzelf weer groen.',
      en: 'Water in the evening or early in the morning, less often but thoroughly, with rain water from the barrel. Grass that turns yellow becomes green again by itself after rain.',
    },
    effect: {
      nl: 'Een sproeier gebruikt ongeveer 100 liter drinkwater per kwartier; op het heetst van de dag verdampt meer van dat water.',
      en: 'A sprinkler uses about 100 litres of drinking water every quarter of an hour; in the heat of the day more of that water evaporates.',
    },
  },
  {
    id: 'save_water', theme: 'drought', sources: ['vitens'],
    title: { nl: 'Drinkwater sparen als het droog is', en: 'Saving drinking water in a drought' },
    text: {
      nl: 'Douche korter, laat de kraan niet onnodig lopen en zet de wasmachine en vaatwasser pas aan als ze vol zijn.',
      en: 'Take shorter showers, do not leave the tap running, and only start the washing machine and dishwasher when they are full.',
    },
    effect: {
      nl: 'Op zeer warme dagen gebruiken de klanten van Vitens samen ongeveer 400 miljoen liter per dag extra; minder gebruik op die dagen helpt de levering.',
      en: 'On very hot days Vitens\' customers together use about 400 million litres a day more; using less on those days helps the supply.',
    },
  },
  {
    id: 'soak_in', theme: 'drought', sources: ['stresstest', 'steenbreek'],
    title: { nl: 'Regen de grond in laten zakken', en: 'Letting rain soak into the ground' },
    text: {
      nl: 'Wat in een natte tijd in de grond zakt, is er in een droge zomer nog. Een groene tuin, een wadi en een afgekoppelde regenpijp vullen het grondwater aan; tegels en het riool voeren het af.',
      en: 'What soaks into the ground in a wet spell is still there in a dry summer. A green garden, a swale and a disconnected downpipe top up the groundwater; tiles and the sewer carry it away.',
    },
    effect: {
      nl: 'Het neerslagtekort in de zomer is eens in de tien jaar ongeveer 225 mm en wordt rond 2050 ongeveer 300 mm.',
      en: 'The summer rainfall deficit is about 225 mm once in ten years, and about 300 mm around 2050.',
    },
  },
];

const byId = new Map(TIPS.map((tip) => [tip.id, tip]));
export function tipById(id) { return byId.get(id) ?? null; }

// A tip's texts in the reader's language: { id, theme, title, text, effect, sources: [names] }.
export function tipText(tip, l) {
  const k = l === 'en' ? 'en' : 'nl';
  return { id: tip.id, theme: tip.theme, title: tip.title[k], text: tip.text[k], effect: tip.effect[k],
    sources: tip.sources.map((s) => sourceName(s, l)) };
}

export function tipsOfTheme(theme) { return TIPS.filter((tip) => tip.theme === theme); }

// From this depth water can come over a low doorstep (a typical doorstep is 10–15 cm, stress test).
export const DOORSTEP_M = 0.10;
// The stress test's deeper threshold ("30 cm" among 5, 10–15, 20, 30, > 40 cm).
export const DEEP_M = 0.30;
// PET classes of the stress test: moderate heat stress from 29 °C, strong from 35 °C, extreme from 41 °C.
export const PET_MODERATE_C = 29;
export const PET_STRONG_C = 35;
export const PET_EXTREME_C = 41;

// How serious the water at a point is, 0 (none) … 3: wet by the duration layer's threshold (or a blue spot),
// deep enough for a doorstep, deeper than 30 cm.
export function waterSeverity(facts) {
  const d = facts.depth_m;
  if (d !== null && d !== undefined && d >= facts.wet_m) return d >= DEEP_M ? 3 : d >= DOORSTEP_M ? 2 : 1;
  return facts.bluespot_m > 0 ? 1 : 0;
}

// How serious the heat is, 0 (none or slight heat stress) … 3 (extreme), by the PET classes.
export function heatSeverity(facts) {
  const p = facts.pet_c;
  if (p === null || p === undefined) return 0;
  return p >= PET_EXTREME_C ? 3 : p >= PET_STRONG_C ? 2 : p >= PET_MODERATE_C ? 1 : 0;
}

// The tips of one theme that fit, most useful first.
function waterTips(severity, facts) {
  if (severity === 0) return [];
  if (severity >= 2) return ['doorstep', 'unpave', 'disconnect'];
  // Shallow water or a hollow: keep the rain on the plot.
  return facts.depth_m !== null && facts.depth_m !== undefined && facts.depth_m >= facts.wet_m
    ? ['unpave', 'rain_barrel', 'disconnect'] : ['unpave', 'crate', 'rain_barrel'];
}
function heatTips(severity) {
  if (severity === 0) return [];
  return severity >= 2 ? ['keep_cool', 'shade', 'cool_place'] : ['shade', 'keep_cool', 'cool_place'];
}

// facts (from here.js pointFacts): { depth_m (the deepest water of the storms, finest model; null without a flood
// map here), wet_m (the threshold the place counts as wet from), bluespot_m, pet_c, has_data (a water or heat map
// has a value here) }.
// Returns { ids: up to 3 tip ids, reason }: reason 'advice' with tips; 'calm' where the maps show nothing that
// calls for advice; 'no_data' where no water or heat map has a value here. The more serious theme comes first
// (water on a tie) with 2 tips and the other with 1; one theme alone gives 3.
export function tipsFor(facts, max = 3) {
  const water = waterSeverity(facts);
  const heat = heatSeverity(facts);
  const w = waterTips(water, facts);
  const h = heatTips(heat);
  if (!w.length && !h.length) return { ids: [], reason: facts.has_data ? 'calm' : 'no_data' };
  const [first, second] = water >= heat ? [w, h] : [h, w];
  const ids = second.length ? [...first.slice(0, max - 1), ...second.slice(0, 1)] : first.slice(0, max);
  return { ids, reason: 'advice' };
}
