// How a spool entry names its destination: the endpoint URL and the content type of the body
// (which wire encoding it holds). Headers are deliberately not part of this.
import type { Signal } from '../../contracts.ts';

/** The parts of a resolved OTLP destination (HTTP or gRPC) the spool and hand-off read. */
export interface OtlpDestinationLike {
  readonly kind: 'otlp-http' | 'otlp-grpc';
  readonly signal: Signal;
  readonly url: string;
  readonly protocol?: 'json' | 'binary';
  readonly headers?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  readonly compression?: 'none' | 'gzip';
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string } | undefined;
  readonly transport?: 'auto' | 'undici';
}

/**
 * The content type of the bodies an exporter to `dest` produces: OTLP/gRPC bodies are the same
 * protobuf export requests as http/protobuf ones (the gRPC frame is added when sent); the
 * endpoint URL tells the two apart.
 */
export function contentTypeOf(dest: OtlpDestinationLike): string {
  return dest.kind === 'otlp-grpc' || dest.protocol === 'binary' ? 'application/x-protobuf' : 'application/json';
}
