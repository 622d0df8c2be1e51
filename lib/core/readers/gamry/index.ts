export { gamryDtaReader } from './dta.ts';
