import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as a test reads it, whichever OTLP encoding carried it. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  serviceName: string;
  /** How the export that carried it was encoded. */
  contentType: string;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: { key: string; value: OtlpValue }[];
  status?: { code?: number };
}
interface OtlpRequest {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: OtlpValue }[] };
    scopeSpans?: { spans?: OtlpSpan[] }[];
  }[];
}

/** The collector's request message, from the protobuf definitions the OTLP exporters themselves use. */
interface ProtobufType {
  decode(bytes: Uint8Array): unknown;
  toObject(message: unknown, options: Record<string, unknown>): OtlpRequest;
}
function protobufRequestType(): ProtobufType {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const root = require('@opentelemetry/otlp-transformer/build/src/generated/root') as {
    opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: ProtobufType } } } } };
  };
  return root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
}

const valueOf = (value: OtlpValue): string | number | boolean =>
  value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.doubleValue ?? value.boolValue ?? '';

const attributesOf = (list: { key: string; value: OtlpValue }[] = []) =>
  Object.fromEntries(list.map(({ key, value }) => [key, valueOf(value)]));

/** protobuf bytes arrive as base64 from toObject; JSON already has hex. */
const hex = (id: string | undefined, base64: boolean) => (!id ? '' : base64 ? Buffer.from(id, 'base64').toString('hex') : id);

/**
 * An OTLP/HTTP trace collector on loopback, in process: it accepts `POST /v1/traces` in
 * `application/json` and `application/x-protobuf` and keeps every span it was sent.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly contentTypes = new Set<string>();
  private server?: Server;

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    receiver.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
        if (req.method !== 'POST' || req.url !== '/v1/traces') {
          res.writeHead(404).end();
          return;
        }
        try {
          receiver.accept(Buffer.concat(chunks), contentType);
          res.writeHead(200, { 'content-type': contentType }).end(contentType === 'application/json' ? '{}' : '');
        } catch (error) {
          res.writeHead(400).end(String(error));
        }
      });
    });
    await new Promise<void>((resolve) => receiver.server!.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  private accept(body: Buffer, contentType: string): void {
    this.contentTypes.add(contentType);
    let request: OtlpRequest;
    const protobuf = contentType === 'application/x-protobuf';
    if (protobuf) {
      const type = protobufRequestType();
      request = type.toObject(type.decode(body), { longs: String, bytes: String, enums: Number, defaults: false });
    } else if (contentType === 'application/json') {
      request = JSON.parse(body.toString('utf8')) as OtlpRequest;
    } else {
      throw new Error(`unexpected content-type ${contentType}`);
    }
    for (const resourceSpans of request.resourceSpans ?? []) {
      const serviceName = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) {
          this.spans.push({
            traceId: hex(span.traceId, protobuf),
            spanId: hex(span.spanId, protobuf),
            parentSpanId: hex(span.parentSpanId, protobuf),
            name: span.name,
            kind: span.kind ?? 0,
            attributes: attributesOf(span.attributes),
            statusCode: span.status?.code ?? 0,
            serviceName,
            contentType,
          });
        }
      }
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
