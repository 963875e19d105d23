// On a phone the panel is a bottom sheet under the map (style.css, "Phones"): collapsed it shows its handle and
// the tabs, open it takes about half the screen, full nearly all of it. A tap on the handle opens or collapses
// it; a drag on the handle moves it a step up or down; revealSheet() opens it (a tab picked, a click on the map).
// On a wide screen the panel is a side bar and the state changes nothing that is seen.
// The state is the panel's data-sheet attribute, so the CSS alone decides what each state looks like.

const STEPS = ['collapsed', 'open', 'full'];
// A move of the finger shorter than this is a tap, not a drag (px).
const DRAG_MIN_PX = 12;

let panel = null;
let handle = null;
let onResize = () => {};

export function sheetState() { return panel?.dataset.sheet ?? 'collapsed'; }

export function setSheet(next) {
  if (!panel || !STEPS.includes(next) || panel.dataset.sheet === next) return;
  panel.dataset.sheet = next;
  handle.setAttribute('aria-expanded', String(next !== 'collapsed'));
  // Only a shown handle means a sheet (a phone): on a wide screen the map keeps its size.
  if (handle.offsetParent !== null) onResize();
}

// Open the sheet if it is collapsed (a full sheet stays full).
export function revealSheet() {
  if (sheetState() === 'collapsed') setSheet('open');
}

function step(by) {
  const i = STEPS.indexOf(sheetState());
  setSheet(STEPS[Math.min(STEPS.length - 1, Math.max(0, i + by))]);
}

// options.onResize: called after the sheet changed the map's size (the map redraws and keeps its marker in view).
export function setUpSheet(options = {}) {
  panel = document.querySelector('.panel');
  handle = panel?.querySelector('.sheet-handle');
  if (!panel || !handle) return;
  onResize = options.onResize ?? onResize;
  panel.dataset.sheet = panel.dataset.sheet || 'collapsed';
  let startY = null;
  let startHeight = 0;
  let dragged = false;
  // While dragging, the sheet follows the finger (its panel body shown, class "dragging"); on release it settles
  // one step up or down.
  const endDrag = () => {
    startY = null;
    panel.classList.remove('dragging');
    panel.style.height = '';
  };
  handle.addEventListener('pointerdown', (e) => {
    startY = e.clientY;
    startHeight = panel.getBoundingClientRect().height;
    dragged = false;
    handle.setPointerCapture?.(e.pointerId);
  });
  handle.addEventListener('pointermove', (e) => {
    if (startY === null) return;
    if (Math.abs(e.clientY - startY) >= DRAG_MIN_PX) dragged = true;
    if (!dragged) return;
    const room = panel.parentElement.getBoundingClientRect().height;
    panel.classList.add('dragging');
    panel.style.height = `${Math.min(room, Math.max(handle.offsetHeight, startHeight + startY - e.clientY))}px`;
  });
  handle.addEventListener('pointerup', (e) => {
    const up = startY !== null && e.clientY < startY;
    const wasDrag = startY !== null && dragged;
    endDrag();
    if (wasDrag) step(up ? 1 : -1);
  });
  handle.addEventListener('pointercancel', () => { endDrag(); dragged = false; });
  // A tap (or Enter on the focused handle) toggles; the click that ends a drag does not.
  handle.addEventListener('click', () => {
    if (dragged) { dragged = false; return; }
    setSheet(sheetState() === 'collapsed' ? 'open' : 'collapsed');
  });
}
