/** What a landing page that the extension itself sent there may ask for (see intercept.<browser>.ts). */
export type Landing = { file: string } | { uri: string };
