import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Checks a response of the real API against the OpenAPI document it serves: the status
 * must be documented for the operation (exactly, or as 4XX/5XX), and a JSON body must
 * match that response's schema. Both `stack.api` and the typed client run every response
 * through it, so a test fails as soon as the API and its document disagree.
 */
export type ResponseCheck = (method: string, url: string, status: number, contentType: string | null, text: string) => void;

interface Operation {
  pattern: RegExp;
  literalSegments: number;
  method: string;
  operationId: string;
  responses: Record<string, { content?: Record<string, unknown> }>;
  pointer: string;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export function createResponseCheck(document: {
  paths: Record<string, Record<string, { operationId: string; responses: Operation['responses'] }>>;
}): ResponseCheck {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi.json');
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      operations.push({
        pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
        literalSegments: path.split('/').filter((s) => s && !s.startsWith('{')).length,
        method: method.toUpperCase(),
        operationId: operation.operationId,
        responses: operation.responses,
        pointer: `openapi.json#/paths/${escapePointer(path)}/${method}/responses`,
      });
    }
  }
  // A path that fits two templates belongs to the one with more fixed segments.
  operations.sort((a, b) => b.literalSegments - a.literalSegments);
  const validators = new Map<string, ValidateFunction>();

  return (method, url, status, contentType, text) => {
    const path = new URL(url, 'http://localhost').pathname;
    const operation = operations.find((op) => op.method === method.toUpperCase() && op.pattern.test(path));
    if (!operation) return; // not an operation of the document (/healthz, an unknown route, ...)
    const where = `${method.toUpperCase()} ${path} (${operation.operationId}) answered ${status}`;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => k in operation.responses);
    if (!key) throw new Error(`${where}, a status /openapi.json does not document for this operation. Body: ${text.slice(0, 500)}`);
    const documented = operation.responses[key]!.content?.['application/json'];
    const isJson = contentType !== null && /^application\/([\w.+-]+\+)?json\b/i.test(contentType);
    if (!documented) {
      if (text.length > 0)
        throw new Error(
          `${where} with a ${contentType ?? 'untyped'} body, but /openapi.json documents no body for ${key}: ${text.slice(0, 500)}`,
        );
      return;
    }
    if (!isJson)
      throw new Error(`${where} with content-type ${contentType ?? 'none'}; /openapi.json documents application/json for ${key}`);
    const pointer = `${operation.pointer}/${key}/content/application~1json/schema`;
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.getSchema(pointer);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      validators.set(pointer, validate);
    }
    const body: unknown = JSON.parse(text);
    if (!validate(body)) {
      const problems = (validate.errors ?? []).map(
        (e) => `${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
      );
      throw new Error(
        `${where}: the body does not match the documented ${key} schema in /openapi.json:\n  ${problems.join('\n  ')}\nBody: ${text.slice(0, 1000)}`,
      );
    }
  };
}
