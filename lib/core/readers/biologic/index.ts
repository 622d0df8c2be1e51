/** BioLogic EC-Lab readers: text exports (`.mpt`, `.txt`) and binary files (`.mpr`). */
export { biologicMprReader } from './mpr.ts';
export { biologicMptReader } from './mpt.ts';
