/** Firefox's id for the extension (manifest `browser_specific_settings.gecko.id`): the build and the e2e rig pin its UUID by it. */
export const GECKO_ID = 'jabber-link@jabber-link.org';
