/** Which browser this bundle was built for; set by vite.config.ts. */
declare const __BROWSER__: 'chrome' | 'firefox';
