import { localizePage } from '../shared/i18n.ts';

localizePage();
