// The OTLP protobuf encoders of the three signals as one codec table, for the `otlp-lite/protobuf`
// and `otlp-lite/grpc` entries to register. Pure: importing it registers nothing.
import { encodeLogsProtobuf } from '../../../proto-json/protobuf/encode-logs.ts';
import { encodeMetricsProtobuf } from '../../../proto-json/protobuf/encode-metrics.ts';
import { encodeTracesProtobuf } from '../../../proto-json/protobuf/encode-traces.ts';
import type { SignalCodecs } from './exporters.ts';

/** The OTLP protobuf encoders of the three signals. */
export const PROTOBUF_CODECS: SignalCodecs = { traces: encodeTracesProtobuf, logs: encodeLogsProtobuf, metrics: encodeMetricsProtobuf };
