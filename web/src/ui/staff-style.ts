import href from './staff.css?url';
import { linkStylesheet } from './stylesheet';

/** The staff screens' stylesheet, linked once. */
export const staffStyle = (): Promise<void> => linkStylesheet(href);
