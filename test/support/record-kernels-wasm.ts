/**
 * Compiles `lib/core/readers/biologic/record-kernels.wat` with wabt (a development dependency:
 * the readers carry only the bytes, in `record-kernels-binary.ts`), and writes those bytes there.
 *
 *   npm run build:kernels
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const folder = new URL('../../lib/core/readers/biologic/', import.meta.url);
const WAT_PATH = fileURLToPath(new URL('record-kernels.wat', folder));
const BINARY_MODULE_PATH = fileURLToPath(new URL('record-kernels-binary.ts', folder));

export async function compileRecordKernels(): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const parsed = wabt.parseWat('record-kernels.wat', readFileSync(WAT_PATH, 'utf8'));
  try {
    parsed.validate();
    return new Uint8Array(parsed.toBinary({}).buffer);
  } finally {
    parsed.destroy();
  }
}

/** The source of `record-kernels-binary.ts` for the compiled `bytes`. */
function binaryModuleSource(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const lines = base64.match(/.{1,96}/g)!.map((line) => `  '${line}'`);
  return [
    '// The compiled record-kernels.wat, written by `npm run build:kernels`; do not edit.',
    'export const RECORD_KERNELS_WASM_BASE64 =',
    `${lines.join(' +\n')};`,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(BINARY_MODULE_PATH, binaryModuleSource(await compileRecordKernels()));
  console.log(`wrote ${BINARY_MODULE_PATH}`);
}
