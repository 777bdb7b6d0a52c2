import href from './mentoring.css?url';
import { linkStylesheet } from '../ui/stylesheet';

/** The mentoring screens' stylesheet, linked once. */
export const mentoringStyle = (): Promise<void> => linkStylesheet(href);
