import { describe, expect, it } from 'vitest';
import { envNames, lambdaEnvironment, readConfig } from '../../lib/pipeline/config.ts';
import { ConfigError } from '../../lib/pipeline/errors.ts';

describe('configuration', () => {
  it('a Lambda missing its settings reports every missing variable at once', () => {
    // Act
    let error: unknown;
    try {
      readConfig({ MAX_FILES: 'many' }, 'lambda');
    } catch (caught) {
      error = caught;
    }
    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    const variables = (error as ConfigError).details as { variable: string }[];
    expect(variables.map((problem) => problem.variable).sort()).toEqual(
      ['MAIL_FROM', 'MAX_FILES', 'REPORTS_BUCKET', 'UPLOADS_BUCKET'].sort(),
    );
  });

  it('the local platform runs on defaults: port 3000, s3 port 4569, data in .cellreport', () => {
    const config = readConfig({});
    expect(config).toMatchObject({ port: 3000, s3Port: 4569, dataDir: '.cellreport' });
    expect(config.apiKey).toBeUndefined();
  });

  it('the stack names variables only through the settings, so they match what handlers read', () => {
    // Act
    const environment = lambdaEnvironment({
      uploadsBucket: 'up-bucket',
      reportsBucket: 'rep-bucket',
      maxFiles: 7,
    });
    // Assess
    expect(environment).toEqual({
      [envNames.uploadsBucket]: 'up-bucket',
      [envNames.reportsBucket]: 'rep-bucket',
      MAX_FILES: '7',
    });
    expect(readConfig(environment)).toMatchObject({
      uploadsBucket: 'up-bucket',
      reportsBucket: 'rep-bucket',
      maxFiles: 7,
    });
  });
});
