import { type Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_NAMES } from '../contract';
import type { Logger } from '../lib/logger';

/**
 * Registers hookflow's Keyword search attributes on the namespace if they are missing.
 * The dev server gets them on its command line; on an existing cluster the worker does
 * this at start (it needs operator permission; without it, it logs what to run).
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string, logger: Logger): Promise<void> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const missing = SEARCH_ATTRIBUTE_NAMES.filter((name) => !(name in (existing.customAttributes ?? {})));
    if (missing.length === 0) return;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(
        missing.map((name) => [name, temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD]),
      ),
    });
    logger.info({ added: missing }, 'registered search attributes');
  } catch (error) {
    logger.warn(
      { err: error, names: SEARCH_ATTRIBUTE_NAMES },
      'could not register search attributes; run `temporal operator search-attribute create --name <Name> --type Keyword` for each',
    );
  }
}
