import { createSignal } from 'solid-js';

const DATA_SAVER = 'cascade.dataSaver';

function stored(): boolean {
  try {
    return localStorage.getItem(DATA_SAVER) === 'on';
  } catch {
    return false;
  }
}

/** Data saver: lessons skip images until asked. Kept on this device, not in the profile, since it is about this phone's plan. */
const [dataSaver, setDataSaverSignal] = createSignal(stored());
export { dataSaver };

export function setDataSaver(on: boolean): void {
  setDataSaverSignal(on);
  try {
    localStorage.setItem(DATA_SAVER, on ? 'on' : 'off');
  } catch {
    // Not remembered; harmless.
  }
}
