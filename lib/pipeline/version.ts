/** cellreport's version, written into every result so a report says what produced it. */
import packageJson from '../../package.json' with { type: 'json' };

export const packageVersion: string = packageJson.version;
