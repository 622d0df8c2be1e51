export { impedanceCsvReader } from './csv.ts';
export { versaStudioReader } from './versastudio.ts';
export { zviewReader } from './zview.ts';
