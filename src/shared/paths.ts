/** Extension pages, as the build lays them out. */
export const LANDING_PATH = 'src/landing/landing.html';
export const ACTION_PATH = 'src/popup/action.html';
