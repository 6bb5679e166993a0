import { readFileSync } from 'node:fs';
import { envSchema } from '../../src/config';
import { devSettingsSchema } from '../../src/dev/dev-settings';
import { CONFIG_DOC_PATH, renderConfigDoc } from '../../scripts/generate-config-doc';

/** docs/configuration.md is generated from the config schemas; it must match them. */
describe('docs/configuration.md', () => {
  const committed = readFileSync(CONFIG_DOC_PATH, 'utf8');

  it('is what `npm run docs:config` generates (rerun it after changing a variable)', () => {
    expect(committed).toBe(renderConfigDoc());
  });

  it('documents every variable the code reads', () => {
    for (const name of [...Object.keys(envSchema.shape), ...Object.keys(devSettingsSchema.shape), 'TEMPORAL_CLI']) {
      expect(committed).toContain(`| \`${name}\` |`);
    }
  });
});
